import { describe, expect, it } from "vitest";
import {
  cramOutcome,
  cramQueue,
  dailyAllowance,
  describeStudyTime,
  formatInterval,
  nextCard,
  queueCounts,
  todaysLimits,
  variantSeed,
} from "../../../lib/srs/index";

const now = new Date("2026-11-26T10:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe("daily limits", () => {
  it("subtract what was studied today and never go below zero", () => {
    expect(dailyAllowance({ newPerDay: 20, reviewsPerDay: 200 }, { newCards: 5, reviews: 10 })).toEqual({
      newLeft: 15,
      reviewsLeft: 190,
    });
    expect(dailyAllowance({ newPerDay: 2, reviewsPerDay: 1 }, { newCards: 5, reviews: 3 })).toEqual({
      newLeft: 0,
      reviewsLeft: 0,
    });
  });

  it.each([
    ["no raise", null, null, 20],
    ["a raise made today", 10, "2026-11-26", 30],
    ["a raise made yesterday", 10, "2026-11-25", 20],
    ["a raise with no count", null, "2026-11-26", 20],
    ["a negative raise (never written, but never lowering the limit)", -5, "2026-11-26", 20],
  ])("add 'study more today' to the new-card limit on its own day only: %s", (_, raise, day, newPerDay) => {
    const limits = todaysLimits(
      { newPerDay: 20, reviewsPerDay: 200, newLimitRaise: raise, newLimitRaiseDay: day },
      "2026-11-26",
    );
    expect(limits).toEqual({ newPerDay, reviewsPerDay: 200 });
  });

  it("cap the New and Due counts but not Learning", () => {
    expect(queueCounts({ newCards: 30, learning: 4, due: 500 }, { newLeft: 20, reviewsLeft: 200 })).toEqual({
      newCards: 20,
      learning: 4,
      due: 200,
    });
  });
});

describe("the next card", () => {
  const none = { learning: null, review: null, newCard: null };

  it("takes a due learning card first, then reviews, then new cards", () => {
    const all = { learning: { card: "L", due: minutes(-1) }, review: { card: "R", due: minutes(-60) }, newCard: "N" };
    const open = { newLeft: 1, reviewsLeft: 1 };
    expect(nextCard(all, open, now)).toMatchObject({ card: "L", queue: "learning" });
    expect(nextCard({ ...all, learning: null }, open, now)).toMatchObject({ card: "R", queue: "review" });
    expect(nextCard({ ...none, newCard: "N" }, open, now)).toMatchObject({ card: "N", queue: "new" });
  });

  it("respects the limits: no new card once the new limit is reached", () => {
    expect(nextCard({ ...none, newCard: "N" }, { newLeft: 0, reviewsLeft: 5 }, now)).toEqual({
      kind: "done",
      nextLearningDue: null,
    });
    expect(nextCard({ ...none, review: { card: "R", due: now } }, { newLeft: 5, reviewsLeft: 0 }, now).kind).toBe(
      "done",
    );
  });

  it("learns ahead up to 20 minutes when nothing else is left, and reports the next learning due time beyond", () => {
    expect(
      nextCard({ ...none, learning: { card: "L", due: minutes(10) } }, { newLeft: 0, reviewsLeft: 0 }, now),
    ).toMatchObject({
      card: "L",
    });
    expect(
      nextCard({ ...none, learning: { card: "L", due: minutes(30) } }, { newLeft: 0, reviewsLeft: 0 }, now),
    ).toEqual({
      kind: "done",
      nextLearningDue: minutes(30),
    });
  });
});

describe("interval labels", () => {
  it("read like Anki's buttons", () => {
    expect(formatInterval(30_000)).toBe("<1m");
    expect(formatInterval(60_000)).toBe("1m");
    expect(formatInterval(10 * 60_000)).toBe("10m");
    expect(formatInterval(3 * 3_600_000)).toBe("3h");
    expect(formatInterval(4 * 86_400_000)).toBe("4d");
    expect(formatInterval(63 * 86_400_000)).toBe("2.1mo");
    expect(formatInterval(730 * 86_400_000)).toBe("2y");
  });
});

describe("study time in words", () => {
  // "15 reviews in 0 min" was the statistics page's reading of 42 seconds (regression)
  it.each([
    [0, "0 seconds"],
    [1_000, "1 second"],
    [42_400, "42 seconds"],
    [59_600, "1 minute"],
    [200_000, "3 minutes 20 seconds"],
    [3_600_000, "1 hour"],
    [3_900_000, "1 hour 5 minutes"],
  ])("%i ms → %s", (ms, text) => {
    expect(describeStudyTime(ms)).toBe(text);
  });
});

describe("cram", () => {
  const interview = new Date("2026-12-01T09:00:00Z");
  const card = (id: string) => ({ id });
  const candidates = [
    { card: card("strong"), isNew: false, due: new Date("2027-01-01T00:00:00Z"), recallAtInterview: 0.97 },
    { card: card("fading"), isNew: false, due: new Date("2027-01-01T00:00:00Z"), recallAtInterview: 0.6 },
    { card: card("due-soon"), isNew: false, due: new Date("2026-11-28T00:00:00Z"), recallAtInterview: 0.85 },
    { card: card("new"), isNew: true, due: now, recallAtInterview: 0 },
  ];

  it("reviews weak cards weakest first and leaves strong ones alone", () => {
    expect(cramQueue(candidates, new Map(), interview, 0.9).map((c) => c.id)).toEqual(["new", "fading", "due-soon"]);
  });

  it("drops cards rated Good in this cram and puts those rated Again at the end", () => {
    const ratings = new Map([
      ["new", { rating: 1 as const, at: minutes(-5) }],
      ["fading", { rating: 3 as const, at: minutes(-4) }],
    ]);
    expect(cramQueue(candidates, ratings, interview, 0.9).map((c) => c.id)).toEqual(["due-soon", "new"]);
  });

  it.each([1, 2, 3, 4] as const)("labels rating %i's button with what the queue then does with the card", (rating) => {
    const queue = cramQueue(candidates, new Map([["fading", { rating, at: minutes(-1) }]]), interview, 0.9);
    const comesBack = queue.at(-1)?.id === "fading";
    expect(comesBack || !queue.some((c) => c.id === "fading")).toBe(true);
    expect(cramOutcome(rating).label).toBe(comesBack ? "see again" : "done today");
    expect(cramOutcome(rating).description).toMatch(/schedule does not change/);
    expect(cramOutcome(rating).label).not.toMatch(/cram/i);
  });
});

describe("scenario variant seeds", () => {
  it("differ from one due date (review count) to the next and repeat for the same one", () => {
    const seeds = Array.from({ length: 50 }, (_, reps) => variantSeed("card-1", reps));
    expect(new Set(seeds).size).toBe(50);
    expect(variantSeed("card-1", 3)).toBe(seeds[3]);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 31)).toBe(true);
    expect(variantSeed("card-2", 0)).not.toBe(seeds[0]);
  });
});
