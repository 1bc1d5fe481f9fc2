import "server-only";
import type { SessionUser } from "../auth";
import { failureResponse, learnerFromRequest } from "../http";
import type { Failure } from "../../schemas/failure";
import { interviewParams } from "./params";

/**
 * The shape of every `/api/interviews/:id…` handler: the signed-in learner (and, for a mutation, our own
 * origin), the id and position from the path, then `run`; a failure from any step is answered with its status.
 */
export async function interviewRoute(
  request: Request,
  params: Promise<{ id: string; position?: string }>,
  { mutation }: { mutation: boolean },
  run: (user: SessionUser, target: { id: string; position: number }) => Promise<Response | Failure>,
): Promise<Response> {
  const auth = await learnerFromRequest(request, { mutation });
  if (!auth.ok) return failureResponse(auth);
  const target = interviewParams(await params);
  if (!target.ok) return failureResponse(target);
  const answer = await run(auth.user, target);
  return answer instanceof Response ? answer : failureResponse(answer);
}
