import type { Rating } from "./types";

/**
 * Cram before an interview: review the cards most likely to be forgotten by the interview date, without
 * touching FSRS state (each cram rating is logged with source "cram" only). A card is "weak" when it is new,
 * due before the interview, or its predicted recall at the interview is below the learner's desired
 * retention. Weakest first; cards rated Again or Hard in this cram come back after the others; cards rated
 * Good or Easy are done for the cram day.
 */
export interface CramCandidate<T> {
  readonly card: T;
  readonly isNew: boolean;
  readonly due: Date;
  /** predicted probability of recall at the interview (0 for new cards) */
  readonly recallAtInterview: number;
}

/** In a cram, Again and Hard bring a card back after the other weak cards; Good and Easy end it for the day. */
export function cramRepeats(rating: Rating): boolean {
  return rating <= 2;
}

const REPEAT = {
  label: "see again",
  description: "comes back after the other weak cards; your schedule does not change",
} as const;
const DONE = { label: "done today", description: "done for this cram today; your schedule does not change" } as const;

/** What a rating does in a cram, in the words its button shows (label) and its tooltip (description). */
export function cramOutcome(rating: Rating): { readonly label: string; readonly description: string } {
  return cramRepeats(rating) ? REPEAT : DONE;
}

export function cramQueue<T extends { readonly id: string }>(
  candidates: readonly CramCandidate<T>[],
  cramRatings: ReadonlyMap<string, { readonly rating: Rating; readonly at: Date }>,
  interviewAt: Date,
  desiredRetention: number,
): T[] {
  const weak = candidates.filter(
    (c) => c.isNew || c.due.getTime() <= interviewAt.getTime() || c.recallAtInterview < desiredRetention,
  );
  const fresh = weak.filter((c) => !cramRatings.has(c.card.id));
  const again = weak.filter((c) => {
    const last = cramRatings.get(c.card.id);
    return last !== undefined && cramRepeats(last.rating);
  });
  fresh.sort((a, b) => a.recallAtInterview - b.recallAtInterview || a.due.getTime() - b.due.getTime());
  again.sort(
    (a, b) => (cramRatings.get(a.card.id)?.at.getTime() ?? 0) - (cramRatings.get(b.card.id)?.at.getTime() ?? 0),
  );
  return [...fresh, ...again].map((c) => c.card);
}

/**
 * The cram queue after one cram rating, as cramQueue would order it once the rating is logged: the card
 * leaves the queue, and comes back after every other card when rated Again or Hard.
 */
export function cramAfterRating(order: readonly string[], id: string, rating: Rating): string[] {
  const rest = order.filter((other) => other !== id);
  return cramRepeats(rating) ? [...rest, id] : rest;
}
