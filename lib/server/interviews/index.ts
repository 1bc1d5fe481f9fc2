/**
 * Mock interviews on the server: start, take (autosave), submit (grading), results, overrides, history.
 * Every function takes the acting user's id (authorisation: a learner only ever sees their own interviews;
 * anyone else's id is "not found", never "forbidden", so ids cannot be probed) and `now` (the clock is
 * injected; route handlers pass `new Date()`, tests pass what they like). The rules they apply are pure:
 * lib/interview.
 *
 * The route handlers under app/api/interviews share routes.ts (imported on its own: it is the HTTP edge).
 *
 * Reads: history.ts, take.ts, results.ts (a read of an expired interview submits it first, as the
 * deadline rule says). Actions: start.ts, answers.ts, submit.ts, overrides.ts.
 */
import "server-only";

export { listInterviewSets, runningInterviews, historyView } from "./history";
export type { HistoryEntry, InterviewSetOption, RunningInterview } from "./history";
export { MAX_RUNNING, startInterview } from "./start";
export { takeView, type TakeQuestion, type TakeView } from "./take";
export { saveAnswer, type SaveResult, type StaleRevision } from "./answers";
export { submitInterview, sweepExpiredInterviews } from "./submit";
export { resultsView, type ResultConcept, type ResultQuestion, type ResultsView, type ScheduledCard } from "./results";
export { setOverride, withdrawOverride, type ClaimStatus } from "./overrides";
export { claimQueue, acceptClaim, rejectClaim, pendingClaimCount, type QueuedClaim } from "./claims-review";
export { startInterviewSweep, sweepIfLeaseHeld, SWEEP_INTERVAL_MS, SWEEP_LEASE, SWEEP_LEASE_MS } from "./sweep";
export { interviewParams } from "./params";
