import type { FieldErrors } from "./field-errors";

/**
 * Expected failures are values, not exceptions (chessops' `Result`, the style of `{ ok: false, code }`):
 * one string code per condition, spelled the same in server functions, route handlers and server actions.
 * What a code means over HTTP is decided once, at the edge (lib/server/http/status.ts); unexpected errors
 * are thrown and reach error.tsx.
 */
export type FailureCode =
  // the request itself
  | "INVALID_REQUEST" // a field fails its schema (fieldErrors name them)
  | "INVALID_JSON" // a body that is not JSON at all
  | "BODY_TOO_LARGE"
  | "UNAUTHENTICATED"
  | "WRONG_CREDENTIALS"
  | "RATE_LIMITED"
  | "FORBIDDEN"
  | "PASSWORD_CHANGE_REQUIRED" // a one-time password's session, before the password is replaced
  | "CROSS_ORIGIN" // a mutation from another site (CSRF)
  | "NOT_FOUND" // no such thing, or not yours (never "forbidden", so ids cannot be probed)
  // accounts and authoring
  | "EMAIL_TAKEN"
  | "SLUG_TAKEN"
  | "ID_TAKEN" // an item id belongs to another set (ids key learners' cards)
  | "ID_CHANGED"
  | "HAS_HISTORY" // a set learners have studied or interviewed on is archived, not deleted
  | "EMPTY_SET"
  | "RUBRIC_TESTS_FAILING"
  | "IMPORT_INVALID"
  | "NO_MATCHING_SCENARIO"
  // study
  | "STALE" // the card moved on since it was shown
  | "OUT_OF_ORDER" // a rating made before the card's last review (sent late, after a newer one)
  | "NOTHING_TO_UNDO"
  // interviews
  | "SET_NOT_FOUND"
  | "TOO_MANY_RUNNING"
  | "NO_INTERVIEW_QUESTIONS"
  | "INVALID_SCENARIO"
  | "ANSWER_TOO_LONG"
  | "LATE" // past the deadline's grace
  | "SUBMITTED" // the learner has finished
  | "STALE_REVISION" // a newer revision of the answer is stored
  | "CONFLICT"
  | "NOT_SUBMITTED"
  | "NOT_OVERRIDABLE"
  | "ALREADY_REVIEWED"; // a grade claim an admin has accepted or rejected

export interface Failure<Code extends FailureCode = FailureCode> {
  readonly ok: false;
  readonly code: Code;
  /** one or two sentences for the person: what is wrong and what to do */
  readonly message: string;
  readonly fieldErrors?: FieldErrors;
}

/** A success with its fields, or one of the failures a function can answer. */
export type Result<T extends object, Code extends FailureCode = FailureCode> =
  ({ readonly ok: true } & T) | Failure<Code>;

export function failure<Code extends FailureCode>(
  code: Code,
  message: string,
  fieldErrors?: FieldErrors,
): Failure<Code> {
  return fieldErrors === undefined ? { ok: false, code, message } : { ok: false, code, message, fieldErrors };
}
