/**
 * The HTTP edge of the route handlers under app/api: who is asking (and the one origin check), bodies read
 * with a size limit, and failures answered as `{ error: { code, message } }` with the status their code maps
 * to (status.ts, the only table of statuses).
 */
import "server-only";

export { adminFromRequest, learnerFromRequest, type GuardCode } from "./guards";
export { sameOrigin } from "./origin";
export { failureResponse } from "./responses";
export { statusFor } from "./status";
export { MAX_BODY_BYTES, readBody } from "./body";
export {
  actionBodyKind,
  formActionBodyProblem,
  MAX_ACTION_DEPTH,
  textActionBodyProblem,
  type ActionBodyKind,
} from "./action-body";
export { REQUEST_PATH_HEADER } from "./request-path-header";
