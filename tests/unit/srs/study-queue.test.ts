import { describe, expect, it } from "vitest";
import {
  countsOf,
  createScheduler,
  cramAfterRating,
  DEFAULT_SCHEDULER_SETTINGS,
  newCard,
  nextInQueue,
  rateInQueue,
  withCard,
  type QueuedCard,
  type SrsCard,
  type StudyQueue,
} from "../../../lib/srs/index";

const now = new Date("2026-11-26T10:00:00Z");
const dayEnd = new Date("2026-11-27T04:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const scheduler = createScheduler({ ...DEFAULT_SCHEDULER_SETTINGS, enableFuzz: false });

const learning = (due: Date): SrsCard => ({
  ...newCard(now),
  state: 1,
  reps: 1,
  due,
  lastReview: minutes(-1),
  stability: 1,
  difficulty: 5,
});
const review = (due: Date): SrsCard => ({
  ...newCard(now),
  state: 2,
  reps: 3,
  due,
  lastReview: minutes(-4 * 1440),
  stability: 4,
  difficulty: 5,
  scheduledDays: 4,
});

function card(itemId: string, srs: SrsCard, position = 0, face: string | null = itemId): QueuedCard<string> {
  return { itemId, srs, face, newFaceEachShowing: false, position };
}

function queue(cards: QueuedCard<string>[], more: Partial<StudyQueue<string>["more"]> = {}): StudyQueue<string> {
  return {
    cards,
    available: { newCards: cards.filter((c) => c.srs.state === 0).length, learning: 0, due: 0 },
    allowance: { newLeft: 20, reviewsLeft: 200 },
    dayEnd,
    more: { review: false, newCards: false, learningUntil: null, ...more },
  };
}

describe("the browser's study queue", () => {
  it("takes a due learning card, then the earliest review, then new cards in set order", () => {
    const q = queue([
      card("n2", newCard(now), 2),
      card("n1", newCard(now), 1),
      card("r", review(minutes(-60))),
      card("l", learning(minutes(-1))),
    ]);
    expect(nextInQueue(q, now)).toMatchObject({ kind: "card", card: "l", queue: "learning" });
    expect(nextInQueue({ ...q, cards: q.cards.filter((c) => c.itemId !== "l") }, now)).toMatchObject({ card: "r" });
    expect(nextInQueue({ ...q, cards: q.cards.filter((c) => c.srs.state === 0) }, now)).toMatchObject({ card: "n1" });
  });

  it("of cards due at the same instant, takes the first in set order, whatever order it holds them in", () => {
    const due = minutes(-3);
    const tied = [card("l6", learning(due), 6), card("l2", learning(due), 2), card("l4", learning(due), 4)];
    expect(nextInQueue(queue(tied), now)).toMatchObject({ card: "l2", queue: "learning" });
    expect(nextInQueue(queue([...tied].reverse()), now)).toMatchObject({ card: "l2" });
    const reviews = [card("r9", review(due), 9), card("r3", review(due), 3)];
    expect(nextInQueue(queue(reviews), now)).toMatchObject({ card: "r3", queue: "review" });
  });

  it("does not know what comes next once it has used up a queue the server holds more of", () => {
    const onlyNew = queue([card("n1", newCard(now), 1)], { review: true });
    expect(nextInQueue(onlyNew, now)).toEqual({ kind: "unknown" });
    const reviewsLeft = queue([card("r", review(minutes(-5)))], { review: true });
    expect(nextInQueue(reviewsLeft, now)).toMatchObject({ kind: "card", card: "r" });
    // the earliest learning card held is due after the first one not sent: that one may come first
    const behind = queue([card("l", learning(minutes(30)))], { learningUntil: minutes(20) });
    expect(nextInQueue(behind, now)).toEqual({ kind: "unknown" });
    const ahead = queue([card("l", learning(minutes(-1)))], { learningUntil: minutes(20) });
    expect(nextInQueue(ahead, now)).toMatchObject({ kind: "card", card: "l" });
  });

  it("waits for a card whose next face has not arrived rather than saying it is done", () => {
    const q = queue([card("s", learning(minutes(1)), 0, null)]);
    expect(nextInQueue(q, now)).toEqual({ kind: "unknown" });
    expect(nextInQueue(queue([card("s", learning(minutes(1)))]), now)).toMatchObject({ kind: "card", card: "s" });
  });

  it("moves the counts and the day's allowance as the server's counting does", () => {
    const q = queue([card("n1", newCard(now), 1), card("n2", newCard(now), 2), card("r", review(minutes(-5)))]);
    const start: StudyQueue<string> = { ...q, available: { newCards: 2, learning: 0, due: 1 } };
    const a = rateInQueue(start, "n1", 3, now, scheduler)!; // new → learning, due in 10 minutes
    expect(a.queue.available).toEqual({ newCards: 1, learning: 1, due: 1 });
    expect(a.queue.allowance).toEqual({ newLeft: 19, reviewsLeft: 200 });
    const b = rateInQueue(a.queue, "r", 3, now, scheduler)!; // a review → due in days
    expect(b.queue.available).toEqual({ newCards: 1, learning: 1, due: 0 });
    expect(b.queue.allowance).toEqual({ newLeft: 19, reviewsLeft: 199 });
    expect(b.outcome.card.due.getTime()).toBeGreaterThan(dayEnd.getTime());
    const c = rateInQueue(b.queue, "n1", 4, minutes(10), scheduler)!; // learning → review in days
    expect(c.queue.available).toEqual({ newCards: 1, learning: 0, due: 0 });
    expect(c.queue.allowance).toEqual({ newLeft: 19, reviewsLeft: 199 });
    expect(countsOf({ ...c.queue, allowance: { newLeft: 0, reviewsLeft: 5 } })).toEqual({
      newCards: 0,
      learning: 0,
      due: 0,
    });
    expect(rateInQueue(c.queue, "missing", 3, now, scheduler)).toBeNull();
  });

  it("takes the server's state for a card, keeping the counts in step but not the allowance", () => {
    const q: StudyQueue<string> = {
      ...queue([card("l", learning(minutes(5)))]),
      available: { newCards: 0, learning: 1, due: 0 },
    };
    const graduated = withCard(q, card("l", review(minutes(3 * 1440))));
    expect(graduated.available).toEqual({ newCards: 0, learning: 0, due: 0 });
    expect(graduated.allowance).toEqual(q.allowance);
    expect(withCard(q, card("x", newCard(now))).cards.map((c) => c.itemId)).toEqual(["l", "x"]);
  });

  it("cram: Good or Easy drop a card, Again or Hard send it after all the others", () => {
    expect(cramAfterRating(["a", "b", "c"], "a", 3)).toEqual(["b", "c"]);
    expect(cramAfterRating(["a", "b", "c"], "a", 1)).toEqual(["b", "c", "a"]);
    expect(cramAfterRating(["a"], "a", 2)).toEqual(["a"]);
    expect(cramAfterRating(["a", "b"], "z", 1)).toEqual(["a", "b", "z"]);
  });
});
