/**
 * The interview's state machine, pure (clock injected). Two states: "active" → "submitted", never back.
 *
 * - save (answer or flag): only while active and not past the deadline's grace; otherwise refused, as LATE
 *   when the deadline has passed (whatever the status), as SUBMITTED when the learner had already finished.
 * - submit: active → submitted once; a second submit (double click, a second tab, the sweep racing the
 *   learner) is harmless and changes nothing. A submit after the deadline is recorded as by the deadline.
 * - answer revisions: last write wins. Each save carries a revision one above the newest the tab knows;
 *   the server stores it only if it is above the stored one, so an older save that arrives late (a retry, a
 *   second tab that has not caught up) never overwrites newer text. A tab told its revision is stale
 *   re-sends its text above the stored revision when its user is the one typing (see the take page).
 */
import { isExpired } from "./timing";

export type InterviewStatus = "active" | "submitted";
export type SubmittedBy = "learner" | "deadline";

export interface LifecycleState {
  readonly status: InterviewStatus;
  readonly deadlineAt: Date;
}

export type SaveRefusal =
  | { readonly ok: false; readonly code: "LATE"; readonly message: string }
  | { readonly ok: false; readonly code: "SUBMITTED"; readonly message: string };
export type SaveDecision = { readonly ok: true } | SaveRefusal;

export function toStatus(value: string): InterviewStatus {
  return value === "submitted" ? "submitted" : "active";
}

function clock(date: Date): string {
  return date.toISOString().slice(11, 19) + " UTC";
}

export function decideSave(state: LifecycleState, now: Date): SaveDecision {
  if (isExpired(state.deadlineAt, now)) {
    return {
      ok: false,
      code: "LATE",
      message: `Time is up: the deadline was ${clock(state.deadlineAt)}, so this change arrived late and was not saved.`,
    };
  }
  if (state.status === "submitted") {
    return {
      ok: false,
      code: "SUBMITTED",
      message: "This interview has been submitted; answers can no longer be changed.",
    };
  }
  return { ok: true };
}

export type SubmitDecision =
  | { readonly action: "submit"; readonly by: SubmittedBy }
  | { readonly action: "already-submitted" }
  | { readonly action: "not-due" };

/**
 * `requestedBy: "deadline"` is the server's own auto-submit (on a request or by the sweep): it only acts once
 * the session has expired. A learner's submit is always accepted while active.
 */
export function decideSubmit(state: LifecycleState, now: Date, requestedBy: SubmittedBy): SubmitDecision {
  if (state.status === "submitted") return { action: "already-submitted" };
  const expired = isExpired(state.deadlineAt, now);
  if (requestedBy === "deadline" && !expired) return { action: "not-due" };
  return { action: "submit", by: expired ? "deadline" : "learner" };
}

export type RevisionDecision = "apply" | "stale";

export function decideRevision(stored: number, incoming: number): RevisionDecision {
  return incoming > stored ? "apply" : "stale";
}
