import { NextResponse } from "next/server";
import { saveAnswerSchema } from "@/lib/schemas/interview";
import { readBody } from "@/lib/server/http";
import { saveAnswer } from "@/lib/server/interviews";
import { interviewRoute } from "@/lib/server/interviews/routes";

type Context = { params: Promise<{ id: string; position: string }> };

/**
 * Autosave: `{ answer?, revision?, flagged? }`. 409 LATE after the deadline, SUBMITTED after Finish,
 * STALE_REVISION (with the stored text) when a newer revision is stored; 413 over 20,000 characters.
 */
export function PATCH(request: Request, context: Context) {
  return interviewRoute(request, context.params, { mutation: true }, async (user, { id, position }) => {
    const body = await readBody(request, saveAnswerSchema);
    if (!body.ok) return body;
    const saved = await saveAnswer(user.id, id, position, body.value, new Date());
    if (!saved.ok) return saved;
    const { ok: _ok, ...result } = saved;
    return NextResponse.json(result);
  });
}
