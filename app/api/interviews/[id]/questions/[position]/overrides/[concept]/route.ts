import { NextResponse } from "next/server";
import { overrideSchema } from "@/lib/schemas/interview";
import { failureResponse, guard, interviewParams, jsonError } from "@/lib/server/http";
import { setOverride } from "@/lib/server/interviews";

type Context = { params: Promise<{ id: string; position: string; concept: string }> };

async function handle(request: Request, context: Context, claimed: boolean) {
  const auth = await guard(request, true);
  if ("response" in auth) return auth.response;
  const raw = await context.params;
  const params = interviewParams(raw);
  if (!params.ok) return params.response;
  const concept = overrideSchema.safeParse({ concept: raw.concept });
  if (!concept.success) return jsonError(400, "INVALID_REQUEST", "Invalid request: concept: is not a concept id");
  const result = await setOverride(auth.user.id, params.id, params.position, concept.data.concept, claimed);
  if (!result.ok) return failureResponse(result);
  const { ok: _ok, ...scores } = result;
  return NextResponse.json({ concept: concept.data.concept, claimed, ...scores });
}

/** "I was right": claims a missing or out-of-order concept (idempotent). */
export function PUT(request: Request, context: Context) {
  return handle(request, context, true);
}

/** Withdraws the claim. */
export function DELETE(request: Request, context: Context) {
  return handle(request, context, false);
}
