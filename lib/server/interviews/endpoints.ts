import "server-only";
import { saveAnswerSchema } from "../../schemas/interview";
import {
  failureAnswer,
  jsonBodyOf,
  learnerOf,
  okAnswer,
  type JsonAnswer,
  type JsonRequest,
} from "../http/json-endpoint";
import { saveAnswer } from "./answers";
import { interviewParams } from "./params";

/**
 * Autosave (`PATCH /api/interviews/:id/questions/:position`), served by its route.ts under `next dev` and by
 * the fast lane in front of Next.js under `npm start` (lib/server/http/fast-lane.ts): one implementation for
 * both. `{ answer?, revision?, flagged? }`. 409 LATE after the deadline, SUBMITTED after Finish,
 * STALE_REVISION (with the stored text) when a newer revision is stored; 413 over 20,000 characters. The
 * order of the checks is routes.ts's interviewRoute: the learner, then the path, then the body.
 */
export async function autosaveEndpoint(
  request: JsonRequest,
  params: { id: string; position: string },
): Promise<JsonAnswer> {
  const auth = await learnerOf(request, { mutation: true });
  if (!auth.ok) return failureAnswer(auth);
  const target = interviewParams(params);
  if (!target.ok) return failureAnswer(target);
  const body = await jsonBodyOf(request, saveAnswerSchema);
  if (!body.ok) return failureAnswer(body);
  const saved = await saveAnswer(auth.user.id, target.id, target.position, body.value, new Date());
  if (!saved.ok) return failureAnswer(saved);
  const { ok: _ok, ...result } = saved;
  return okAnswer(result);
}
