/**
 * Which card comes next and how many are left today, from a few indexed look-ups the server makes.
 * Follows Anki's v3 scheduler in spirit: learning cards that are due first, then reviews due today, then new
 * cards; each capped by the daily limits; learning cards due within the learn-ahead window are shown when
 * nothing else is left (Anki's "learn ahead limit", 20 minutes by default).
 */

export const LEARN_AHEAD_MS = 20 * 60_000;

export interface DailyAllowance {
  readonly newLeft: number;
  readonly reviewsLeft: number;
}

/** What the learner may still study today, given what their logs say they studied since the day began. */
export function dailyAllowance(
  limits: { readonly newPerDay: number; readonly reviewsPerDay: number },
  doneToday: { readonly newCards: number; readonly reviews: number },
): DailyAllowance {
  return {
    newLeft: Math.max(0, limits.newPerDay - doneToday.newCards),
    reviewsLeft: Math.max(0, limits.reviewsPerDay - doneToday.reviews),
  };
}

/** How many new cards one "study more today" adds (the default of Anki's custom study, "increase today's new card limit"). */
export const NEW_LIMIT_RAISE = 10;

/**
 * Today's limits: the settings, plus the new cards "study more today" added for this study day. A raise made
 * on another day counts for nothing.
 */
export function todaysLimits(
  settings: {
    readonly newPerDay: number;
    readonly reviewsPerDay: number;
    readonly newLimitRaise: number | null;
    readonly newLimitRaiseDay: string | null;
  },
  dayKey: string,
): { readonly newPerDay: number; readonly reviewsPerDay: number } {
  const raise = settings.newLimitRaiseDay === dayKey ? Math.max(0, settings.newLimitRaise ?? 0) : 0;
  return { newPerDay: settings.newPerDay + raise, reviewsPerDay: settings.reviewsPerDay };
}

export interface QueueCounts {
  readonly newCards: number;
  readonly learning: number;
  readonly due: number;
}

/** The New / Learning / Due counts a deck list shows: available cards, capped by what is left today. */
export function queueCounts(
  available: { readonly newCards: number; readonly learning: number; readonly due: number },
  allowance: DailyAllowance,
): QueueCounts {
  return {
    newCards: Math.min(available.newCards, allowance.newLeft),
    learning: available.learning,
    due: Math.min(available.due, allowance.reviewsLeft),
  };
}

/**
 * The head of each queue: null when the queue is empty, `undefined` when it is not known here (a browser
 * holding the first few cards of a queue it has used up: the server has more).
 */
export interface QueueHead<T> {
  /** the learning/relearning card due earliest */
  readonly learning: { readonly card: T; readonly due: Date } | null | undefined;
  /** the review card due earliest (due before the study day ends) */
  readonly review: { readonly card: T; readonly due: Date } | null | undefined;
  /** the first new card in set order */
  readonly newCard: T | null | undefined;
}

export type NextCard<T> =
  | { readonly kind: "card"; readonly card: T; readonly queue: "learning" | "review" | "new" }
  | { readonly kind: "done"; readonly nextLearningDue: Date | null }
  /** the answer depends on a queue head that is not known here: ask the server for more cards */
  | { readonly kind: "unknown" };

export function nextCard<T>(head: QueueHead<T>, allowance: DailyAllowance, now: Date): NextCard<T> {
  const t = now.getTime();
  if (head.learning === undefined) return { kind: "unknown" };
  if (head.learning !== null && head.learning.due.getTime() <= t) {
    return { kind: "card", card: head.learning.card, queue: "learning" };
  }
  if (allowance.reviewsLeft > 0) {
    if (head.review === undefined) return { kind: "unknown" };
    if (head.review !== null) return { kind: "card", card: head.review.card, queue: "review" };
  }
  if (allowance.newLeft > 0) {
    if (head.newCard === undefined) return { kind: "unknown" };
    if (head.newCard !== null) return { kind: "card", card: head.newCard, queue: "new" };
  }
  if (head.learning !== null && head.learning.due.getTime() <= t + LEARN_AHEAD_MS) {
    return { kind: "card", card: head.learning.card, queue: "learning" };
  }
  return { kind: "done", nextLearningDue: head.learning?.due ?? null };
}
