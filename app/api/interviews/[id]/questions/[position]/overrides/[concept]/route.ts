import { NextResponse } from "next/server";
import { claimBodySchema, overrideSchema } from "@/lib/schemas/interview";
import { failure } from "@/lib/schemas/failure";
import { readBody } from "@/lib/server/http";
import { setOverride, withdrawOverride } from "@/lib/server/interviews";
import { interviewRoute } from "@/lib/server/interviews/routes";

type Context = { params: Promise<{ id: string; position: string; concept: string }> };

async function conceptOf(context: Context) {
  const concept = overrideSchema.safeParse({ concept: (await context.params).concept });
  return concept.success
    ? { ok: true as const, concept: concept.data.concept }
    : failure("INVALID_REQUEST", "Invalid request: concept: is not a concept id", {
        concept: ["is not a concept id"],
      });
}

/**
 * "I was right": claims a concept the grade does not credit, quoting the words of the answer that state it
 * (`{ "phrase": "…" }`). The claim waits for an admin's review and changes no score until accepted.
 */
export function PUT(request: Request, context: Context) {
  return interviewRoute(request, context.params, { mutation: true }, async (user, { id, position }) => {
    const concept = await conceptOf(context);
    if (!concept.ok) return concept;
    const body = await readBody(request, claimBodySchema);
    if (!body.ok) return body;
    const result = await setOverride(user.id, id, position, concept.concept, body.value.phrase);
    if (!result.ok) return result;
    return NextResponse.json({ concept: concept.concept, status: result.status, phrase: result.phrase });
  });
}

/** Withdraws a claim that still waits for review. */
export function DELETE(request: Request, context: Context) {
  return interviewRoute(request, context.params, { mutation: true }, async (user, { id, position }) => {
    const concept = await conceptOf(context);
    if (!concept.ok) return concept;
    const result = await withdrawOverride(user.id, id, position, concept.concept);
    if (!result.ok) return result;
    return NextResponse.json({ concept: concept.concept, withdrawn: result.withdrawn });
  });
}
