import { NextResponse } from "next/server";
import { overrideSchema } from "@/lib/schemas/interview";
import { failure } from "@/lib/schemas/failure";
import { setOverride } from "@/lib/server/interviews";
import { interviewRoute } from "@/lib/server/interviews/routes";

type Context = { params: Promise<{ id: string; position: string; concept: string }> };

function handle(request: Request, context: Context, claimed: boolean) {
  return interviewRoute(request, context.params, { mutation: true }, async (user, { id, position }) => {
    const concept = overrideSchema.safeParse({ concept: (await context.params).concept });
    if (!concept.success) {
      return failure("INVALID_REQUEST", "Invalid request: concept: is not a concept id", {
        concept: ["is not a concept id"],
      });
    }
    const result = await setOverride(user.id, id, position, concept.data.concept, claimed);
    if (!result.ok) return result;
    const { ok: _ok, ...scores } = result;
    return NextResponse.json({ concept: concept.data.concept, claimed, ...scores });
  });
}

/** "I was right": claims a missing or out-of-order concept (idempotent). */
export function PUT(request: Request, context: Context) {
  return handle(request, context, true);
}

/** Withdraws the claim. */
export function DELETE(request: Request, context: Context) {
  return handle(request, context, false);
}
