/**
 * Timing rules of a mock interview. Pure: the clock is always a parameter (`now`), so the rules are unit-tested
 * with an injected clock and the same functions run in route handlers, pages and the expiry sweep.
 *
 * The server's deadline is the only truth: the browser's countdown is drawn from it (remaining = deadline −
 * server now), so a reload, a closed tab or a second tab all show the same remaining time.
 */

/**
 * A save that left the browser just before zero may arrive a moment after it. Saves up to this long after the
 * deadline still count; the session is auto-submitted only once the grace has passed, so an answer is never
 * both accepted and left out of the grading.
 */
export const LATE_GRACE_MS = 2_000;

/** Countdown colours: warning below 5 minutes, danger below 1 minute. */
export const WARN_AT_MS = 5 * 60_000;
export const DANGER_AT_MS = 60_000;

export function deadlineFor(startedAt: Date, durationSec: number): Date {
  return new Date(startedAt.getTime() + durationSec * 1000);
}

/** Milliseconds left, never negative. */
export function remainingMs(deadlineAt: Date, now: Date): number {
  return Math.max(0, deadlineAt.getTime() - now.getTime());
}

/** True once the deadline and its grace have passed: saves are late and the server submits the session. */
export function isExpired(deadlineAt: Date, now: Date): boolean {
  return now.getTime() > deadlineAt.getTime() + LATE_GRACE_MS;
}

export type CountdownLevel = "normal" | "warning" | "danger" | "expired";

/**
 * The countdown's colour for the time it shows (formatRemaining rounds up to whole seconds): "warning" once it
 * shows less than 5 minutes ("4:59"), only in an interview longer than that (a 5-minute interview would
 * otherwise warn from its first second), and "danger" once it shows less than a minute.
 */
export function countdownLevel(remaining: number, durationMs: number): CountdownLevel {
  if (remaining <= 0) return "expired";
  const shown = Math.ceil(remaining / 1000) * 1000;
  if (shown < DANGER_AT_MS && durationMs > DANGER_AT_MS) return "danger";
  if (shown < WARN_AT_MS && durationMs > WARN_AT_MS) return "warning";
  return "normal";
}

/** "12:05" (or "1:02:03" past an hour); seconds rounded up so 0:00 is shown only when time is really up. */
export function formatRemaining(remaining: number): string {
  const total = Math.max(0, Math.ceil(remaining / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

export interface PacingHint {
  /** seconds per question if the time is spread evenly */
  readonly perQuestionSec: number;
  /** the remaining time at which the learner should move past this question (ms) */
  readonly moveOnAtRemainingMs: number;
  /** true when the clock is already past that point */
  readonly behind: boolean;
  readonly text: string;
}

/**
 * Even pacing: question k (0-based) of n should be done when (n − k − 1)/n of the time is left.
 * Mock-interview sites give the same advice: spend about the same on each answer and leave a little for review.
 */
export function pacingHint(durationSec: number, count: number, position: number, remaining: number): PacingHint {
  const n = Math.max(1, count);
  const perQuestionSec = Math.floor(durationSec / n);
  const moveOnAtRemainingMs = Math.max(0, Math.round(((n - position - 1) / n) * durationSec * 1000));
  const behind = remaining < moveOnAtRemainingMs;
  const minutes = Math.max(1, Math.round(perQuestionSec / 60));
  const text =
    position >= n - 1
      ? `About ${minutes} min per question. This is the last one: keep a minute to review flagged answers.`
      : `About ${minutes} min per question: move on when ${formatRemaining(moveOnAtRemainingMs)} is left` +
        (behind ? " (you are behind: keep this answer short)." : ".");
  return { perQuestionSec, moveOnAtRemainingMs, behind, text };
}
