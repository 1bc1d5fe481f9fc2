import type { CardFace, WireCard, WireSrsCard } from "@/lib/server/study";
import { cramAfterRating } from "@/lib/srs/cram";
import type { RatingOutcome, Scheduler } from "@/lib/srs/scheduler";
import { countsOf, nextInQueue, rateInQueue, withCard, type QueuedCard, type StudyQueue } from "@/lib/srs/study-queue";
import type { QueueCounts } from "@/lib/srs/daily-queue";
import { CARD_STATE, LEARNING_STATES, type Rating, type SrsCard } from "@/lib/srs/types";
import type { StudySnapshot } from "./study-api";

/**
 * What the study screen holds, as plain values: the queue (lib/srs/study-queue.ts), for cram the order of
 * its queue, and the card on screen. Each rating makes a new value, so undo is going back to an old one.
 */
export interface ScreenState {
  readonly queue: StudyQueue<CardFace>;
  /** cram: the queue's order (item ids) and how many more cards the server holds beyond those sent */
  readonly cram: { readonly order: readonly string[]; readonly beyond: number } | null;
  /** the card on screen: it stays until rated or undone, whatever a fresh queue says */
  readonly onScreen: string | null;
  /** counts the showings of cards: a card shown again (rated Again, undone) is a new showing */
  readonly shown: number;
}

/** Review and new cards held below this many make the screen ask for more, before they run out. */
export const REFILL_AT = 4;

export function fromWireSrs(card: WireSrsCard): SrsCard {
  return { ...card, due: new Date(card.due), lastReview: card.lastReview === null ? null : new Date(card.lastReview) };
}

export function fromWireCard(card: WireCard): QueuedCard<CardFace> {
  return { ...card, srs: fromWireSrs(card.srs) };
}

export type Pick =
  | { readonly kind: "card"; readonly itemId: string }
  | { readonly kind: "done"; readonly nextLearningDue: Date | null }
  | { readonly kind: "unknown" };

/** The card to show next. */
export function pickNext(state: ScreenState, now: Date): Pick {
  if (state.cram !== null) {
    const id = state.cram.order.find((item) => state.queue.cards.some((c) => c.itemId === item && c.face !== null));
    if (id !== undefined) return { kind: "card", itemId: id };
    return state.cram.order.length > 0 || state.cram.beyond > 0
      ? { kind: "unknown" }
      : { kind: "done", nextLearningDue: null };
  }
  const next = nextInQueue(state.queue, now);
  if (next.kind === "card") return { kind: "card", itemId: next.card };
  return next;
}

/** The state a snapshot describes; `pinned` (the card on screen) stays on screen, as the same showing. */
export function stateOfSnapshot(
  snapshot: StudySnapshot,
  now: Date,
  pinned: QueuedCard<CardFace> | null,
  shown = 0,
): ScreenState {
  const cards = snapshot.cards.map(fromWireCard);
  const queue: StudyQueue<CardFace> =
    snapshot.mode === "set"
      ? {
          cards,
          available: snapshot.available,
          allowance: snapshot.allowance,
          dayEnd: new Date(snapshot.dayEnd),
          more: {
            ...snapshot.more,
            learningUntil: snapshot.more.learningUntil === null ? null : new Date(snapshot.more.learningUntil),
          },
        }
      : {
          cards,
          available: { newCards: 0, learning: 0, due: 0 },
          allowance: { newLeft: 0, reviewsLeft: 0 },
          dayEnd: new Date(8.64e15),
          more: { review: false, newCards: false, learningUntil: null },
        };
  const cram =
    snapshot.mode === "cram"
      ? { order: cards.map((c) => c.itemId), beyond: Math.max(0, snapshot.remaining - cards.length) }
      : null;
  let state: ScreenState = { queue, cram, onScreen: null, shown };
  if (pinned !== null) {
    const held = queue.cards.find((c) => c.itemId === pinned.itemId);
    if (held === undefined) state = { ...state, queue: { ...queue, cards: [...queue.cards, pinned] } };
    return { ...state, onScreen: pinned.itemId };
  }
  const next = pickNext(state, now);
  return { ...state, onScreen: next.kind === "card" ? next.itemId : null, shown: shown + 1 };
}

export function cardOf(state: ScreenState, itemId: string | null): QueuedCard<CardFace> | null {
  if (itemId === null) return null;
  return state.queue.cards.find((c) => c.itemId === itemId) ?? null;
}

/** The state after rating `itemId` (the card on screen, or one being replayed), with the scheduler's outcome. */
export function afterRating(
  state: ScreenState,
  itemId: string,
  rating: Rating,
  at: Date,
  scheduler: Scheduler | null,
): { state: ScreenState; outcome: RatingOutcome | null } | null {
  if (state.cram !== null) {
    if (!state.cram.order.includes(itemId)) return null;
    return {
      state: { ...state, cram: { ...state.cram, order: cramAfterRating(state.cram.order, itemId, rating) } },
      outcome: null,
    };
  }
  if (scheduler === null) return null;
  const moved = rateInQueue(state.queue, itemId, rating, at, scheduler);
  return moved === null ? null : { state: { ...state, queue: moved.queue }, outcome: moved.outcome };
}

/** The card on screen becomes the next one (a new showing). */
export function advanced(state: ScreenState, now: Date): ScreenState {
  const next = pickNext({ ...state, onScreen: null }, now);
  return { ...state, onScreen: next.kind === "card" ? next.itemId : null, shown: state.shown + 1 };
}

/**
 * The server's answer to a rating: its stored state (it may differ from the browser's prediction, e.g. when
 * it used its own clock) and the face for the card's next showing. Only when the card has not moved on
 * locally since (`repsAfter` is still its review count).
 */
export function adoptAnswer(
  state: ScreenState,
  itemId: string,
  repsAfter: number,
  srs: SrsCard | null,
  face: CardFace | null,
): ScreenState {
  const held = cardOf(state, itemId);
  if (held === null || held.srs.reps !== repsAfter) return state;
  const card: QueuedCard<CardFace> = { ...held, srs: srs ?? held.srs, face: face ?? held.face };
  return { ...state, queue: withCard(state.queue, card) };
}

/** Whether a queue of this card is running low and the server has more (ask for them before they run out). */
export function runningLow(state: ScreenState): boolean {
  if (state.cram !== null) return state.cram.beyond > 0 && state.cram.order.length < REFILL_AT;
  const { cards, more, allowance, dayEnd } = state.queue;
  const end = dayEnd.getTime();
  const until = more.learningUntil;
  const reviews = cards.filter((c) => c.srs.state === CARD_STATE.review && c.srs.due.getTime() < end).length;
  const fresh = cards.filter((c) => c.srs.state === CARD_STATE.new).length;
  return (
    (more.review && allowance.reviewsLeft > reviews && reviews < REFILL_AT) ||
    (more.newCards && allowance.newLeft > fresh && fresh < REFILL_AT) ||
    (until !== null &&
      cards.filter((c) => LEARNING_STATES.includes(c.srs.state) && c.srs.due.getTime() < until.getTime()).length <
        REFILL_AT)
  );
}

/** New / Learning / Due to show (set mode), or the cram queue's length. */
export function countsOfState(state: ScreenState): QueueCounts {
  return countsOf(state.queue);
}

export function cramRemaining(state: ScreenState): number {
  return state.cram === null ? 0 : state.cram.order.length + state.cram.beyond;
}
