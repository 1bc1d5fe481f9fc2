/**
 * A learner's study queue for today as the browser holds it: the first few cards of each queue (the server
 * sends them with their FSRS state), moved by local ratings exactly as the server will move them (the same
 * scheduler, the same review time), so the next card and the interval labels need no round trip. The server
 * stays the authority: it recomputes every rating and the browser takes a fresh queue from it when told.
 *
 * The order is daily-queue.ts's (learning due, reviews, new, learn-ahead); the counts are the server's raw
 * counts for the day, moved by each rating as the server's counting queries would see it.
 */
import { nextCard, queueCounts, type DailyAllowance, type NextCard, type QueueCounts } from "./daily-queue";
import type { RatingOutcome, Scheduler } from "./scheduler";
import { CARD_STATE, LEARNING_STATES, type CardState, type Rating, type SrsCard } from "./types";

/** One card of the queue. `Face` is what the learner sees (opaque here). */
export interface QueuedCard<Face> {
  readonly itemId: string;
  readonly srs: SrsCard;
  /** null when this showing's face must come from the server first (a scenario card's next variant) */
  readonly face: Face | null;
  /** a new face each time the card is shown again (scenario cards: a new variant per review count) */
  readonly newFaceEachShowing: boolean;
  /** the item's position in its set: the order of new cards */
  readonly position: number;
}

export interface StudyQueue<Face> {
  readonly cards: readonly QueuedCard<Face>[];
  /** New / Learning / Due available today, before the daily limits (the server's raw counts) */
  readonly available: QueueCounts;
  readonly allowance: DailyAllowance;
  /** the end of the learner's study day */
  readonly dayEnd: Date;
  /**
   * The server holds more cards of that queue than it sent. For learning cards, which move later with each
   * rating and can fall behind ones not sent, `learningUntil` is the due date of the first one not sent:
   * the queue knows the earliest learning card only while it holds one due before that.
   */
  readonly more: { readonly review: boolean; readonly newCards: boolean; readonly learningUntil: Date | null };
}

const isLearning = (state: CardState) => LEARNING_STATES.includes(state);

/** The card due first; of cards due at the same instant, the first in set order (as the server orders them). */
function earliest<Face>(cards: readonly QueuedCard<Face>[]): QueuedCard<Face> | null {
  let best: QueuedCard<Face> | null = null;
  for (const card of cards) {
    const d = best === null ? -1 : card.srs.due.getTime() - best.srs.due.getTime();
    if (best === null || d < 0 || (d === 0 && card.position < best.position)) best = card;
  }
  return best;
}

/** The card to show next (its item id), or done, or unknown (the queue ran out of what it was sent). */
export function nextInQueue<Face>(queue: StudyQueue<Face>, now: Date): NextCard<string> {
  const showable = queue.cards.filter((c) => c.face !== null);
  const end = queue.dayEnd.getTime();
  const learning = earliest(showable.filter((c) => isLearning(c.srs.state)));
  const review = earliest(showable.filter((c) => c.srs.state === CARD_STATE.review && c.srs.due.getTime() < end));
  const fresh = showable
    .filter((c) => c.srs.state === CARD_STATE.new)
    .reduce<QueuedCard<Face> | null>((best, c) => (best === null || c.position < best.position ? c : best), null);
  const until = queue.more.learningUntil;
  const next = nextCard(
    {
      learning:
        until !== null && (learning === null || learning.srs.due.getTime() >= until.getTime())
          ? undefined
          : learning !== null
            ? { card: learning.itemId, due: learning.srs.due }
            : null,
      review: review !== null ? { card: review.itemId, due: review.srs.due } : queue.more.review ? undefined : null,
      newCard: fresh !== null ? fresh.itemId : queue.more.newCards ? undefined : null,
    },
    queue.allowance,
    now,
  );
  if (next.kind !== "done") return next;
  // a card whose next face is still on its way would be shown now: wait for it rather than stop
  const waiting = queue.cards.some(
    (c) => c.face === null && isLearning(c.srs.state) && c.srs.due.getTime() < queue.dayEnd.getTime(),
  );
  return waiting ? { kind: "unknown" } : next;
}

/** The New / Learning / Due counts to show: what is available, capped by what is left today. */
export function countsOf<Face>(queue: StudyQueue<Face>): QueueCounts {
  return queueCounts(queue.available, queue.allowance);
}

/** What one card adds to the day's raw counts, as the server's counting queries see it. */
function contribution(card: SrsCard, dayEnd: Date): QueueCounts {
  const today = card.due.getTime() < dayEnd.getTime();
  return {
    newCards: card.state === CARD_STATE.new ? 1 : 0,
    learning: isLearning(card.state) && today ? 1 : 0,
    due: card.state === CARD_STATE.review && today ? 1 : 0,
  };
}

function recounted(available: QueueCounts, before: SrsCard, after: SrsCard, dayEnd: Date): QueueCounts {
  const b = contribution(before, dayEnd);
  const a = contribution(after, dayEnd);
  return {
    newCards: Math.max(0, available.newCards - b.newCards + a.newCards),
    learning: Math.max(0, available.learning - b.learning + a.learning),
    due: Math.max(0, available.due - b.due + a.due),
  };
}

/** A rating uses up the day's allowance by the card's state before it (as the logs are counted: doneToday). */
function spent(allowance: DailyAllowance, before: SrsCard): DailyAllowance {
  return {
    newLeft: Math.max(0, allowance.newLeft - (before.state === CARD_STATE.new ? 1 : 0)),
    reviewsLeft: Math.max(0, allowance.reviewsLeft - (before.state === CARD_STATE.review ? 1 : 0)),
  };
}

/**
 * The queue after rating `itemId` at `at`, and the scheduler's outcome (the state the server will store).
 * Null when the card is not in the queue.
 */
export function rateInQueue<Face>(
  queue: StudyQueue<Face>,
  itemId: string,
  rating: Rating,
  at: Date,
  scheduler: Scheduler,
): { queue: StudyQueue<Face>; outcome: RatingOutcome } | null {
  const card = queue.cards.find((c) => c.itemId === itemId);
  if (card === undefined) return null;
  const outcome = scheduler.rate(card.srs, rating, at);
  const after: QueuedCard<Face> = {
    ...card,
    srs: outcome.card,
    face: card.newFaceEachShowing ? null : card.face,
  };
  return {
    queue: {
      ...queue,
      available: recounted(queue.available, card.srs, outcome.card, queue.dayEnd),
      allowance: spent(queue.allowance, card.srs),
      cards: queue.cards.map((c) => (c === card ? after : c)),
    },
    outcome,
  };
}

/**
 * The queue with one card's state replaced by the server's (its answer to a rating), keeping the counts in
 * step; the allowance is the rating's business. A card not in the queue is added.
 */
export function withCard<Face>(queue: StudyQueue<Face>, card: QueuedCard<Face>): StudyQueue<Face> {
  const held = queue.cards.find((c) => c.itemId === card.itemId);
  if (held === undefined) return { ...queue, cards: [...queue.cards, card] };
  return {
    ...queue,
    available: recounted(queue.available, held.srs, card.srs, queue.dayEnd),
    cards: queue.cards.map((c) => (c === held ? card : c)),
  };
}
