import "server-only";
import type { FailureCode } from "../../schemas/failure";

/**
 * The HTTP status of every failure code, the one place that decides it: 400 a body or field that fails its
 * schema, 401 not signed in, 403 not allowed or cross-site, 404 no such thing (or not yours), 409 the state
 * has moved on (late, submitted, stale, taken), 413 too large, 422 well-formed but not applicable, 429 slow down.
 */
const STATUS: Readonly<Record<FailureCode, number>> = {
  INVALID_REQUEST: 400,
  INVALID_JSON: 400,
  BODY_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  WRONG_CREDENTIALS: 401,
  RATE_LIMITED: 429,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  CROSS_ORIGIN: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  SLUG_TAKEN: 409,
  ID_TAKEN: 409,
  ID_CHANGED: 422,
  HAS_HISTORY: 409,
  EMPTY_SET: 422,
  RUBRIC_TESTS_FAILING: 422,
  IMPORT_INVALID: 422,
  NO_MATCHING_SCENARIO: 422,
  STALE: 409,
  OUT_OF_ORDER: 409,
  NOTHING_TO_UNDO: 409,
  SET_NOT_FOUND: 404,
  TOO_MANY_RUNNING: 409,
  NO_INTERVIEW_QUESTIONS: 422,
  INVALID_SCENARIO: 422,
  ANSWER_TOO_LONG: 413,
  LATE: 409,
  SUBMITTED: 409,
  STALE_REVISION: 409,
  CONFLICT: 409,
  NOT_SUBMITTED: 409,
  NOT_OVERRIDABLE: 422,
  ALREADY_REVIEWED: 409,
};

export function statusFor(code: FailureCode): number {
  return STATUS[code];
}
