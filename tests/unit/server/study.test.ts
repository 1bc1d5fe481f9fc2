import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed, upsertQuestionSet } from "../../../lib/server/authoring";
import {
  cardSeed,
  rateCard,
  SCENARIO_SEEDS_PER_ITEM,
  setCounts,
  studyMoreToday,
  studySnapshot,
  undoRating,
  type SetSnapshot,
} from "../../../lib/server/study";
import type { SessionUser } from "../../../lib/server/auth";
import { SEED_SET } from "../../../lib/content";
import { questionSetSchema } from "../../../lib/schemas/question-set";
import { createScheduler, formatInterval, RATINGS } from "../../../lib/srs/index";
import { fromWireSrs, pickNext, stateOfSnapshot } from "../../../app/(study)/_components/study-state";

const MINUTE = 60_000;
const DAY = 86_400_000;
const SLUG = SEED_SET.slug;
let counter = 0;

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
});

async function learner(settings: Record<string, unknown> = {}): Promise<SessionUser> {
  counter += 1;
  const row = await prisma.user.create({
    data: { email: `study-${counter}@example.test`, passwordHash: "x", enableFuzz: false, ...settings },
  });
  return { id: row.id, email: row.email, name: null, role: "learner", mustChangePassword: false };
}

async function snapshot(user: SessionUser, now: Date, slug = SLUG): Promise<SetSnapshot> {
  const found = await studySnapshot(user, slug, now);
  if (!found) throw new Error(`no published set ${slug}`);
  return found;
}

/** The card the study screen shows first for this snapshot (the browser's choice, app/(study)/_components). */
function first(s: SetSnapshot, now: Date) {
  const next = pickNext(stateOfSnapshot(s, now, null), now);
  if (next.kind !== "card") return null;
  return s.cards.find((c) => c.itemId === next.itemId) ?? null;
}

const rate = (user: SessionUser, itemId: string, rating: 1 | 2 | 3 | 4, now: Date, extra: object = {}) =>
  rateCard(user, { itemId, rating, idempotencyKey: randomUUID(), durationMs: 4200, ...extra }, now);

describe("the study queue", () => {
  it("starts with every item of the seed set new, in set order, with what the browser needs for the labels", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const s = await snapshot(user, now);
    expect(s.available).toEqual({ newCards: SEED_SET.items.length, learning: 0, due: 0 });
    expect(s.allowance).toEqual({ newLeft: 20, reviewsLeft: 200 });
    expect(s.cards.map((c) => c.itemId)).toEqual(SEED_SET.items.slice(0, 10).map((i) => i.id));
    expect(s.more).toEqual({ learningUntil: null, review: false, newCards: SEED_SET.items.length > 10 });
    const card = first(s, now)!;
    expect(card.itemId).toBe(SEED_SET.items[0]?.id);
    const preview = createScheduler(s.scheduler).preview(fromWireSrs(card.srs), now);
    expect(RATINGS.map((r) => formatInterval(preview[r].intervalMs))).toEqual([
      "1m",
      "6m",
      "10m",
      expect.stringMatching(/d$/),
    ]);
    expect(s.canUndo).toBe(false);
    expect(s.done).toBeNull();
  });

  it("Good on a new card: one transaction creates the card (due in 10 minutes) and a log with the time taken", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(user, now), now)!;
    const result = await rate(user, card.itemId, 3, now, { reps: 0 });
    expect(result).toMatchObject({ ok: true, duplicate: false, card: { state: 1, reps: 1 } });
    const row = await prisma.card.findUniqueOrThrow({
      where: { userId_itemId: { userId: user.id, itemId: card.itemId } },
    });
    expect(row.due.getTime() - now.getTime()).toBe(10 * MINUTE);
    expect(row.state).toBe(1);
    const logs = await prisma.reviewLog.findMany({ where: { cardId: row.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ rating: 3, state: 0, durationMs: 4200, source: "flashcard" });
    expect(logs[0]?.review.getTime()).toBe(now.getTime());
    const next = await snapshot(user, now);
    expect(first(next, now)?.itemId).not.toBe(card.itemId);
    expect(next.available).toMatchObject({ newCards: SEED_SET.items.length - 1, learning: 1 });
    expect(next.allowance.newLeft).toBe(19);
    expect(next.canUndo).toBe(true);
  });

  it("is idempotent: a retried key records one review, also when both requests race", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(user, now), now)!;
    const input = { itemId: card.itemId, rating: 3, idempotencyKey: randomUUID(), durationMs: 10, reps: 0 } as const;
    const [a, b] = await Promise.all([rateCard(user, input, now), rateCard(user, input, now)]);
    const again = await rateCard(user, input, new Date(now.getTime() + 5000));
    expect([a.ok, b.ok, again.ok]).toEqual([true, true, true]);
    expect(again).toMatchObject({ duplicate: true });
    expect(await prisma.reviewLog.count({ where: { userId: user.id } })).toBe(1);
    expect((await prisma.card.findFirstOrThrow({ where: { userId: user.id } })).reps).toBe(1);
  });

  it("moves only the rater's own card, and refuses items of sets that are not open for study", async () => {
    const owner = await learner();
    const other = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(owner, now), now)!;
    await rate(owner, card.itemId, 4, now);
    const before = await prisma.card.findFirstOrThrow({ where: { userId: owner.id } });
    expect(await rate(other, card.itemId, 1, now)).toMatchObject({ ok: true });
    expect(await prisma.card.findFirstOrThrow({ where: { userId: owner.id } })).toEqual(before);
    await upsertQuestionSet(
      questionSetSchema.parse({
        slug: "draft-set",
        title: "Draft",
        items: [{ id: "draft-1", kind: "flashcard", front: "Q", back: "A" }],
      }),
      { status: "draft" },
    );
    expect(await rate(owner, "draft-1", 3, now)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await rate(owner, "no-such-item", 3, now)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await studySnapshot(owner, "draft-set", now)).toBeNull();
  });

  it("a key recorded before, sent again with another card: a duplicate, and that card does not move", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const [a, b] = (await snapshot(user, now)).cards;
    if (a === undefined || b === undefined) throw new Error("the seed set has two cards");
    expect(await rate(user, b.itemId, 3, now)).toMatchObject({ ok: true }); // b's row exists: its guarded update runs
    const idempotencyKey = randomUUID();
    expect(await rate(user, a.itemId, 3, now, { idempotencyKey })).toMatchObject({ ok: true, duplicate: false });
    const before = await prisma.card.findFirstOrThrow({ where: { userId: user.id, itemId: b.itemId } });
    const later = new Date(now.getTime() + 20 * MINUTE);
    expect(await rate(user, b.itemId, 4, later, { idempotencyKey })).toMatchObject({ ok: true, duplicate: true });
    // the log insert was refused, and the card update in the same transaction rolled back with it
    expect(await prisma.card.findFirstOrThrow({ where: { userId: user.id, itemId: b.itemId } })).toEqual(before);
    expect(await prisma.reviewLog.count({ where: { userId: user.id } })).toBe(2);
  });

  it("ratings of one card at once, sent without the count they saw: each is applied once, in turn", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(user, now), now)!;
    expect(await rate(user, card.itemId, 3, now)).toMatchObject({ ok: true }); // the card row exists from here
    const later = new Date(now.getTime() + 20 * MINUTE);
    // all three read the card as it is now; the write of all but one finds it moved and reads it again
    const results = await Promise.all([1, 2, 3].map((r) => rate(user, card.itemId, r as 1 | 2 | 3, later)));
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const stored = await prisma.card.findFirstOrThrow({ where: { userId: user.id, itemId: card.itemId } });
    expect(stored.reps).toBe(4);
    const logs = await prisma.reviewLog.findMany({ where: { userId: user.id } });
    expect(logs).toHaveLength(4);
    // each log holds the state its rating was applied to: four different ones, none applied twice
    expect(new Set(logs.map((log) => `${log.state}:${log.stability}:${log.due.toISOString()}`)).size).toBe(4);
  });

  it("refuses a rating of a card that moved on (STALE) or one made before its last review (OUT_OF_ORDER)", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(user, now), now)!;
    expect(await rate(user, card.itemId, 3, now, { reps: 0 })).toMatchObject({ ok: true });
    // a second tab still showing the card as new
    expect(await rate(user, card.itemId, 4, now, { reps: 0 })).toMatchObject({ ok: false, code: "STALE" });
    // an offline rating from before the recorded one, sent late without the count it saw
    const earlier = new Date(now.getTime() - 10 * MINUTE).toISOString();
    expect(await rate(user, card.itemId, 4, now, { reviewedAt: earlier })).toMatchObject({
      ok: false,
      code: "OUT_OF_ORDER",
    });
    expect(await prisma.reviewLog.count({ where: { userId: user.id } })).toBe(1);
  });

  it("schedules a rating sent late from when it was made, and a browser clock running fast from the server's", async () => {
    const user = await learner();
    const made = new Date("2026-11-26T10:00:00Z");
    const arrived = new Date(made.getTime() + 3 * 3_600_000);
    const [a, b] = (await snapshot(user, made)).cards;
    const late = await rate(user, a!.itemId, 3, arrived, { reviewedAt: made.toISOString(), reps: 0 });
    expect(late).toMatchObject({ ok: true, reviewedAt: made });
    const row = await prisma.card.findFirstOrThrow({ where: { userId: user.id, itemId: a!.itemId } });
    expect(row.due.getTime()).toBe(made.getTime() + 10 * MINUTE);
    const fast = new Date(arrived.getTime() + 5 * MINUTE).toISOString();
    expect(await rate(user, b!.itemId, 3, arrived, { reviewedAt: fast })).toMatchObject({
      ok: true,
      reviewedAt: arrived,
    });
  });

  it("undo restores the card exactly (an overdue review card too) and deletes its log; by key or the latest", async () => {
    const user = await learner();
    let now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(user, now), now)!;
    await rate(user, card.itemId, 4, now);
    const graduated = await prisma.card.findFirstOrThrow({ where: { userId: user.id } });
    expect(graduated.state).toBe(2);
    now = new Date(graduated.due.getTime() + 9 * DAY); // nine days overdue
    const key = randomUUID();
    await rateCard(user, { itemId: card.itemId, rating: 3, idempotencyKey: key, durationMs: 1 }, now);
    const logsBefore = await prisma.reviewLog.count({ where: { userId: user.id } });
    const undo = await undoRating(user, { idempotencyKey: key }, now);
    expect(undo).toMatchObject({ ok: true, itemId: card.itemId, rating: 3, card: { itemId: card.itemId } });
    const restored = await prisma.card.findFirstOrThrow({ where: { userId: user.id } });
    const { updatedAt: _a, ...restoredFields } = restored;
    const { updatedAt: _b, ...graduatedFields } = graduated;
    expect(restoredFields).toEqual(graduatedFields);
    expect(await prisma.reviewLog.count({ where: { userId: user.id } })).toBe(logsBefore - 1);
    // and the latest once more: back to a new card
    await undoRating(user, { latest: { mode: "set", slug: SLUG } }, now);
    const fresh = await prisma.card.findFirstOrThrow({ where: { userId: user.id } });
    expect(fresh).toMatchObject({ state: 0, reps: 0, lastReview: null, stability: 0 });
    expect(await undoRating(user, { latest: { mode: "set", slug: SLUG } }, now)).toMatchObject({
      ok: false,
      code: "NOTHING_TO_UNDO",
    });
    expect(await undoRating(user, { idempotencyKey: key }, now)).toMatchObject({ ok: false, code: "NOTHING_TO_UNDO" });
  });

  it("will not undo a rating its card has moved on from", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(user, now), now)!;
    const key = randomUUID();
    await rateCard(user, { itemId: card.itemId, rating: 1, idempotencyKey: key, durationMs: 1 }, now);
    await rate(user, card.itemId, 3, new Date(now.getTime() + 2 * MINUTE));
    expect(await undoRating(user, { idempotencyKey: key }, now)).toMatchObject({ ok: false, code: "STALE" });
  });

  it("undo on a set's page undoes that set's last rating, not another set's", async () => {
    await upsertQuestionSet(
      questionSetSchema.parse({
        slug: "other-set",
        title: "Other",
        items: [{ id: "other-1", kind: "flashcard", front: "Q", back: "A" }],
      }),
      { status: "published" },
    );
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const mine = first(await snapshot(user, now), now)!;
    await rate(user, mine.itemId, 3, now);
    await rate(user, "other-1", 3, new Date(now.getTime() + 1000));
    expect(await undoRating(user, { latest: { mode: "set", slug: SLUG } }, now)).toMatchObject({
      ok: true,
      itemId: mine.itemId,
    });
    expect(await prisma.reviewLog.count({ where: { userId: user.id, card: { itemId: "other-1" } } })).toBe(1);
    expect(await prisma.reviewLog.count({ where: { userId: user.id, card: { itemId: mine.itemId } } })).toBe(0);
  });

  it("respects the daily new-card limit and says what comes next", async () => {
    const user = await learner({ newPerDay: 2 });
    const now = new Date("2026-11-26T10:00:00Z");
    const s = await snapshot(user, now);
    expect(s.cards).toHaveLength(2);
    expect(s.more.newCards).toBe(true);
    for (const card of s.cards) await rate(user, card.itemId, 4, now);
    const done = await snapshot(user, now);
    expect(first(done, now)).toBeNull();
    expect(done.allowance.newLeft).toBe(0);
    expect(done.done?.nextDue).not.toBeNull();
    expect(done.done?.tomorrow).toBeGreaterThanOrEqual(2);
    // the next study day (rollover at 04:00 UTC) allows two new cards again
    const tomorrow = await snapshot(user, new Date("2026-11-27T04:00:00Z"));
    expect(tomorrow.allowance.newLeft).toBe(2);
  });

  // regression: a set never studied said "You have studied every card this set has for you today"
  it("says the new-card limit, used up in another set, is what stops, and studies more today when asked", async () => {
    await upsertQuestionSet(
      questionSetSchema.parse({
        slug: "limit-set",
        title: "Limit",
        items: [
          { id: "limit-1", kind: "flashcard", front: "Q1", back: "A1" },
          { id: "limit-2", kind: "flashcard", front: "Q2", back: "A2" },
        ],
      }),
      { status: "published" },
    );
    const user = await learner({ newPerDay: 2 });
    const now = new Date("2026-11-26T10:00:00Z");
    for (let i = 0; i < 2; i += 1) {
      const card = first(await snapshot(user, now, "limit-set"), now)!;
      await rate(user, card.itemId, 4, now);
    }
    const held = await snapshot(user, now);
    expect(first(held, now)).toBeNull();
    expect(held.done).toMatchObject({
      newLimit: 2,
      newWaiting: SEED_SET.items.length,
      reviewsWaiting: 0,
      raiseBy: Math.min(10, SEED_SET.items.length),
      nextDue: null,
    });

    expect(await studyMoreToday(user, SLUG, now)).toEqual({ ok: true, raisedBy: Math.min(10, SEED_SET.items.length) });
    const more = await snapshot(user, now);
    expect(first(more, now)?.srs.state).toBe(0);
    expect(more.allowance.newLeft).toBe(Math.min(10, SEED_SET.items.length));
    expect(more.done).toBeNull();
    // the limit is not used up now: asking again (a double click, a resubmitted form) raises nothing
    expect(await studyMoreToday(user, SLUG, now)).toEqual({ ok: true, raisedBy: 0 });
    expect((await snapshot(user, now)).allowance.newLeft).toBe(Math.min(10, SEED_SET.items.length));
    // the raise is for today only
    const tomorrow = new Date("2026-11-27T04:00:00Z");
    expect((await snapshot(user, tomorrow)).allowance.newLeft).toBe(2);
  });

  it("raises today's limit once when two requests ask at the same moment, and never for an unknown set", async () => {
    const user = await learner({ newPerDay: 0 });
    const now = new Date("2026-11-26T10:00:00Z");
    expect((await snapshot(user, now)).done).toMatchObject({ newLimit: 0, newWaiting: SEED_SET.items.length });
    const both = await Promise.all([studyMoreToday(user, SLUG, now), studyMoreToday(user, SLUG, now)]);
    const raised = both.map((r) => (r.ok ? r.raisedBy : -1)).sort((a, b) => a - b);
    expect(raised[1]).toBe(Math.min(10, SEED_SET.items.length));
    expect((await snapshot(user, now)).allowance.newLeft).toBe(Math.min(10, SEED_SET.items.length));
    expect(await studyMoreToday(user, "no-such-set", now)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("says the review limit is what stops when reviews wait", async () => {
    const user = await learner({ newPerDay: 1, reviewsPerDay: 0 });
    const now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(user, now), now)!;
    await rate(user, card.itemId, 4, now);
    // days later the card is due, the review limit allows none and the new-card limit is used up today
    const later = new Date(now.getTime() + 60 * DAY);
    await rate(user, first(await snapshot(user, later), later)!.itemId, 4, later);
    const done = (await snapshot(user, later)).done;
    expect(done).toMatchObject({ reviewsWaiting: 1, newWaiting: SEED_SET.items.length - 2 });
  });

  it("counts per set for the list page", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: SLUG } });
    const card = first(await snapshot(user, now), now)!;
    await rate(user, card.itemId, 1, now);
    const counts = await setCounts(user, [{ id: set.id }], now);
    expect(counts.get(set.id)).toEqual({ newCards: SEED_SET.items.length - 1, learning: 1, due: 0 });
  });

  it("cram ratings are logged with source cram and never move FSRS state", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(user, now), now)!;
    await rate(user, card.itemId, 3, now);
    const before = await prisma.card.findFirstOrThrow({ where: { userId: user.id } });
    const result = await rateCard(
      user,
      { itemId: card.itemId, rating: 1, idempotencyKey: randomUUID(), durationMs: 100, source: "cram" },
      now,
    );
    expect(result).toMatchObject({ ok: true, card: null });
    expect(await prisma.card.findFirstOrThrow({ where: { userId: user.id } })).toEqual(before);
    expect(
      await prisma.reviewLog.findMany({
        where: { userId: user.id },
        select: { source: true },
        orderBy: { createdAt: "asc" },
      }),
    ).toEqual([{ source: "flashcard" }, { source: "cram" }]);
    expect(await undoRating(user, { latest: { mode: "cram", sets: [SLUG], date: "2026-12-01" } }, now)).toMatchObject({
      ok: true,
    });
    expect(await prisma.reviewLog.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses to rate a card of an archived set (or one back in draft): a clear message, reps unchanged, no log", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = first(await snapshot(user, now), now)!;
    expect((await rate(user, card.itemId, 3, now)).ok).toBe(true);
    const before = await prisma.card.findFirstOrThrow({ where: { userId: user.id, itemId: card.itemId } });
    const logs = await prisma.reviewLog.count({ where: { userId: user.id } });
    try {
      for (const status of ["archived", "draft"] as const) {
        await prisma.questionSet.update({ where: { slug: SLUG }, data: { status } });
        for (const source of ["flashcard", "cram"] as const) {
          const refused = await rateCard(
            user,
            { itemId: card.itemId, rating: 3, idempotencyKey: randomUUID(), durationMs: 100, source },
            new Date(now.getTime() + 20 * MINUTE),
          );
          expect(refused, `${status} ${source}`).toMatchObject({ ok: false, code: "NOT_FOUND" });
          if (refused.ok) continue;
          expect(refused.message).toContain(status === "archived" ? "was archived" : "is not published");
        }
      }
      expect(await prisma.card.findFirstOrThrow({ where: { userId: user.id, itemId: card.itemId } })).toEqual(before);
      expect(await prisma.reviewLog.count({ where: { userId: user.id } })).toBe(logs);
    } finally {
      await prisma.questionSet.update({ where: { slug: SLUG }, data: { status: "published" } });
    }
  });

  it("rejects invalid input with a message naming the field", async () => {
    const user = await learner();
    const bad = await rateCard(
      user,
      { itemId: "x", rating: 3, idempotencyKey: "not-a-uuid", durationMs: 1 },
      new Date(),
    );
    expect(bad).toMatchObject({
      ok: false,
      code: "INVALID_REQUEST",
      message: expect.stringContaining("idempotencyKey"),
    });
    expect(await undoRating(user, { idempotencyKey: 5 }, new Date())).toMatchObject({
      ok: false,
      code: "INVALID_REQUEST",
    });
  });
});

describe("faces", () => {
  it("renders card Markdown on the server, highlighted and sanitised", async () => {
    await upsertQuestionSet(
      questionSetSchema.parse({
        slug: "markdown-set",
        title: "Markdown",
        items: [
          {
            id: "md-1",
            kind: "flashcard",
            front:
              "Look: <script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1))\n\n" +
              "```yaml\napiVersion: v1\nkind: Service\n```",
            back: "`kubectl get svc` **done**",
          },
        ],
      }),
      { status: "published" },
    );
    const user = await learner();
    const face = (await snapshot(user, new Date("2026-11-26T10:00:00Z"), "markdown-set")).cards[0]!.face!;
    expect(face.frontHtml).not.toMatch(/<script|onerror|javascript:/i);
    expect(face.frontHtml).toContain("hljs");
    expect(face.backHtml).toContain("<strong>done</strong>");
    expect(face.backHtml).toContain("<code>kubectl get svc</code>");
  });

  it("scenario cards: a generated scenario with a computed answer, a new variant each showing, the old one back on undo", async () => {
    const user = await learner({ newPerDay: 100 });
    const now = new Date("2026-11-26T10:00:00Z");
    const s = await snapshot(user, now);
    const card = s.cards.find((c) => c.face?.kind === "scenario")!;
    expect(card.newFaceEachShowing).toBe(true);
    const shown = card.face!.scenario!;
    expect(shown.trace.hops.length).toBeGreaterThan(0);
    expect(shown.descriptionHtml).toContain(shown.trace.scenario.request.url);
    const key = randomUUID();
    // Again: relearning, shown again in a minute, with the next variant (asked for with the rating)
    const rated = await rateCard(
      user,
      { itemId: card.itemId, rating: 1, idempotencyKey: key, durationMs: 1, reps: 0, withFace: true },
      now,
    );
    expect(rated.ok && rated.face?.scenario?.seed).not.toBe(shown.seed);
    const log = await prisma.reviewLog.findFirstOrThrow({ where: { idempotencyKey: key } });
    expect(log.scenarioSeed).toBe(shown.seed);
    const later = await snapshot(user, new Date(now.getTime() + 2 * MINUTE));
    const again = later.cards.find((c) => c.itemId === card.itemId);
    expect(again?.face?.scenario?.seed).toBe(rated.ok ? rated.face?.scenario?.seed : NaN);
    const undone = await undoRating(user, { idempotencyKey: key }, now);
    expect(undone.ok && undone.card.face?.scenario?.seed).toBe(shown.seed);
  });
});

describe("scenario card seeds", () => {
  it("come from a pool per item, so learners share variants (and their rendered faces)", () => {
    const seeds = new Set<number>();
    for (let u = 0; u < 500; u += 1)
      for (let reps = 0; reps < 6; reps += 1) seeds.add(cardSeed(`user-${u}`, "item-a", reps));
    expect(seeds.size).toBe(SCENARIO_SEEDS_PER_ITEM);
    const other = new Set(Array.from({ length: 64 }, (_, reps) => cardSeed("user-0", "item-b", reps)));
    expect([...other].some((seed) => seeds.has(seed))).toBe(false);
  });

  it("show one learner a different cluster on each of the pool's reviews in a row, the same on asking again", () => {
    const run = Array.from({ length: SCENARIO_SEEDS_PER_ITEM }, (_, reps) => cardSeed("ana", "item-a", reps));
    expect(new Set(run).size).toBe(SCENARIO_SEEDS_PER_ITEM);
    expect(cardSeed("ana", "item-a", 3)).toBe(run[3]);
    expect(cardSeed("ana", "item-a", SCENARIO_SEEDS_PER_ITEM)).toBe(run[0]);
    // learners start at different places, so two learners' first cards differ most of the time
    const firsts = new Set(Array.from({ length: 200 }, (_, u) => cardSeed(`user-${u}`, "item-a", 0)));
    expect(firsts.size).toBeGreaterThan(40);
  });
});
