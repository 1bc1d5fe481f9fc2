import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { State } from "ts-fsrs";
import {
  CARD_STATE,
  createScheduler,
  DEFAULT_SCHEDULER_SETTINGS,
  LEARNING_STATES,
  newCard,
  type Rating,
  type SrsCard,
  type SrsReviewLog,
} from "../../../lib/srs/index";

const MINUTE = 60_000;
const DAY = 86_400_000;
const t0 = new Date("2026-03-01T09:00:00Z");
const noFuzz = createScheduler({ ...DEFAULT_SCHEDULER_SETTINGS, enableFuzz: false });

describe("scheduling with the default settings (learning steps 1m 10m, relearning 10m)", () => {
  it("a new card rated Good is due in 10 minutes (the second learning step)", () => {
    const outcome = noFuzz.rate(newCard(t0), 3, t0);
    expect(outcome.card.due.getTime() - t0.getTime()).toBe(10 * MINUTE);
    expect(outcome.card.state).toBe(1);
    expect(outcome.intervalMs).toBe(10 * MINUTE);
  });

  it("a new card rated Again is due in 1 minute, the first step", () => {
    expect(noFuzz.rate(newCard(t0), 1, t0).intervalMs).toBe(MINUTE);
  });

  it("Easy on a new card graduates it straight to review, at least a day away", () => {
    const outcome = noFuzz.rate(newCard(t0), 4, t0);
    expect(outcome.card.state).toBe(2);
    expect(outcome.intervalMs).toBeGreaterThanOrEqual(DAY);
  });

  it("preview gives four intervals that never shrink from Again to Easy", () => {
    const preview = noFuzz.preview(newCard(t0), t0);
    const intervals = ([1, 2, 3, 4] as const).map((r) => preview[r].intervalMs);
    expect([...intervals].sort((a, b) => a - b)).toEqual(intervals);
  });

  it("Good, Good graduates a new card to review; a lapse moves it to relearning due in 10 minutes", () => {
    const first = noFuzz.rate(newCard(t0), 3, t0);
    const t1 = first.card.due;
    const second = noFuzz.rate(first.card, 3, t1);
    expect(second.card.state).toBe(2);
    const t2 = second.card.due;
    const lapse = noFuzz.rate(second.card, 1, t2);
    expect(lapse.card.state).toBe(3);
    expect(lapse.card.lapses).toBe(1);
    expect(lapse.intervalMs).toBe(10 * MINUTE);
  });

  it("the maximum interval caps review intervals", () => {
    const capped = createScheduler({ ...DEFAULT_SCHEDULER_SETTINGS, enableFuzz: false, maximumInterval: 3 });
    let card = capped.rate(newCard(t0), 4, t0).card;
    for (let i = 0; i < 5; i += 1) {
      const preview = capped.preview(card, card.due);
      for (const rating of [1, 2, 3, 4] as const) {
        expect(preview[rating].card.scheduledDays).toBeLessThanOrEqual(3);
        expect(preview[rating].intervalMs).toBeLessThanOrEqual(3 * DAY);
      }
      card = preview[4].card;
    }
  });

  it("a higher desired retention gives shorter review intervals", () => {
    const low = createScheduler({ ...DEFAULT_SCHEDULER_SETTINGS, enableFuzz: false, desiredRetention: 0.8 });
    const high = createScheduler({ ...DEFAULT_SCHEDULER_SETTINGS, enableFuzz: false, desiredRetention: 0.97 });
    const start = newCard(t0);
    expect(high.rate(start, 4, t0).intervalMs).toBeLessThan(low.rate(start, 4, t0).intervalMs);
  });

  it("the log keeps the card's values before the review, including its real due date", () => {
    const card = noFuzz.rate(newCard(t0), 4, t0).card;
    const late = new Date(card.due.getTime() + 5 * DAY);
    const { log } = noFuzz.rate(card, 3, late);
    expect(log.state).toBe(2);
    expect(log.due).toEqual(card.due);
    expect(log.stability).toBe(card.stability);
    expect(log.review).toEqual(late);
  });
});

const ratingArb = fc.constantFrom<Rating>(1, 2, 3, 4);
// Minutes after the card's due date (negative: early; large: overdue by up to 60 days).
const delayArb = fc.integer({ min: -30, max: 60 * 24 * 60 });

function replay(steps: readonly (readonly [Rating, number])[], fuzz: boolean) {
  const scheduler = createScheduler({ ...DEFAULT_SCHEDULER_SETTINGS, enableFuzz: fuzz });
  const cards: SrsCard[] = [newCard(t0)];
  const logs: SrsReviewLog[] = [];
  let now = t0;
  for (const [rating, delay] of steps) {
    const card = cards[cards.length - 1] as SrsCard;
    now = new Date(Math.max(now.getTime() + MINUTE, card.due.getTime() + delay * MINUTE));
    const outcome = scheduler.rate(card, rating, now);
    cards.push(outcome.card);
    logs.push(outcome.log);
  }
  return { scheduler, cards, logs };
}

describe("rollback (undo)", () => {
  it("restores an overdue review card exactly, due date included", () => {
    const { scheduler, cards, logs } = replay(
      [
        [3, 0],
        [3, 0],
        [3, 60 * 24 * 20],
      ],
      false,
    );
    const before = cards[2] as SrsCard;
    const after = cards[3] as SrsCard;
    const log = logs[2] as SrsReviewLog;
    expect(before.state).toBe(2);
    expect(log.review.getTime()).toBeGreaterThan(before.due.getTime());
    const restored = scheduler.rollback(after, log, logs[1]?.review ?? null);
    expect(restored).toEqual(before);
  });

  it("restores a new card to new", () => {
    const start = newCard(t0);
    const { card, log } = noFuzz.rate(start, 3, t0);
    expect(noFuzz.rollback(card, log, null)).toEqual(start);
  });

  it("undoing any sequence of ratings one by one walks back through every earlier state", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(ratingArb, delayArb), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (steps, fuzz) => {
          const { scheduler, cards, logs } = replay(steps, fuzz);
          let card = cards[cards.length - 1] as SrsCard;
          for (let i = logs.length - 1; i >= 0; i -= 1) {
            card = scheduler.rollback(
              card,
              logs[i] as SrsReviewLog,
              i > 0 ? (logs[i - 1] as SrsReviewLog).review : null,
            );
            expect(card).toEqual(cards[i]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("fuzz", () => {
  it("is deterministic: the same card rated at the same time gets the same interval", () => {
    const fuzzy = createScheduler(DEFAULT_SCHEDULER_SETTINGS);
    let card = fuzzy.rate(newCard(t0), 4, t0).card;
    card = fuzzy.rate(card, 3, card.due).card;
    const a = fuzzy.rate(card, 3, card.due);
    const b = fuzzy.rate(card, 3, card.due);
    expect(a.card.due).toEqual(b.card.due);
  });
});

describe("retrievability", () => {
  it("is 0 for a new card and falls as time passes for a reviewed one", () => {
    expect(noFuzz.retrievability(newCard(t0), t0)).toBe(0);
    const card = noFuzz.rate(newCard(t0), 4, t0).card;
    const soon = noFuzz.retrievability(card, new Date(t0.getTime() + DAY));
    const later = noFuzz.retrievability(card, new Date(t0.getTime() + 60 * DAY));
    expect(soon).toBeGreaterThan(later);
    expect(soon).toBeLessThanOrEqual(1);
  });
});

describe("CARD_STATE", () => {
  it("names ts-fsrs's own State numbers (what the database stores)", () => {
    expect(CARD_STATE).toEqual({
      new: State.New,
      learning: State.Learning,
      review: State.Review,
      relearning: State.Relearning,
    });
    expect(LEARNING_STATES).toEqual([State.Learning, State.Relearning]);
  });
});
