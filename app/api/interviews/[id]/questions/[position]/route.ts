import { NextResponse } from "next/server";
import { saveAnswerSchema } from "@/lib/schemas/interview";
import { failureResponse, guard, interviewParams, readBody } from "@/lib/server/http";
import { saveAnswer } from "@/lib/server/interviews";

type Context = { params: Promise<{ id: string; position: string }> };

/**
 * Autosave: `{ answer?, revision?, flagged? }`. 409 LATE after the deadline, SUBMITTED after Finish,
 * STALE_REVISION (with the stored text) when a newer revision is stored; 413 over 20,000 characters.
 */
export async function PATCH(request: Request, context: Context) {
  const auth = await guard(request, true);
  if ("response" in auth) return auth.response;
  const params = interviewParams(await context.params);
  if (!params.ok) return params.response;
  const body = await readBody(request, saveAnswerSchema);
  if (!body.ok) return body.response;
  const saved = await saveAnswer(auth.user.id, params.id, params.position, body.value, new Date());
  if (!saved.ok) return failureResponse(saved);
  const { ok: _ok, ...result } = saved;
  return NextResponse.json(result);
}
