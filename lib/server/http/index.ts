/**
 * The HTTP edge of the route handlers under app/api: who is asking, the origin check, bodies read with a
 * size limit, and failures answered as `{ error: { code, message } }` with the status their code maps to.
 */
export { adminFromRequest, jsonError, sameOrigin } from "./responses";
export { failureResponse, guard, interviewParams, learnerFromRequest, MAX_BODY_BYTES, readBody } from "./body";
export { actionBodyKind, MAX_ACTION_DEPTH, textActionBodyProblem, type ActionBodyKind } from "./action-body";
export { REQUEST_PATH_HEADER } from "./request-path-header";
