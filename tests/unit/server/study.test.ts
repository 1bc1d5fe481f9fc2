import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed, upsertQuestionSet } from "../../../lib/server/authoring";
import { rateCard, setCounts, studyMoreToday, studySession, undoLastRating } from "../../../lib/server/study";
import type { SessionUser } from "../../../lib/server/auth";
import { SEED_SET } from "../../../lib/content";
import { questionSetSchema } from "../../../lib/schemas/question-set";

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

async function current(user: SessionUser, now: Date) {
  const session = await studySession(user, SLUG, now);
  if (!session) throw new Error("the seed set is missing");
  return session;
}

const rate = (user: SessionUser, cardId: string, rating: 1 | 2 | 3 | 4, now: Date, key = randomUUID()) =>
  rateCard(user, { cardId, rating, idempotencyKey: key, durationMs: 4200 }, now);

describe("the study loop", () => {
  it("starts with every item of the seed set new, in set order", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const session = await current(user, now);
    expect(session.counts).toEqual({ newCards: SEED_SET.items.length, learning: 0, due: 0 });
    expect(session.card?.itemId).toBe(SEED_SET.items[0]?.id);
    expect(session.card?.intervals.map((i) => i.label)).toEqual(["1m", "6m", "10m", expect.stringMatching(/d$/)]);
  });

  it("Good on a new card: one transaction stores the card (due in 10 minutes) and a log with the time taken", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = (await current(user, now)).card!;
    const result = await rate(user, card.id, 3, now);
    expect(result).toMatchObject({ ok: true, duplicate: false });
    const row = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(row.due.getTime() - now.getTime()).toBe(10 * MINUTE);
    expect(row.state).toBe(1);
    const logs = await prisma.reviewLog.findMany({ where: { cardId: card.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ rating: 3, state: 0, durationMs: 4200, source: "flashcard" });
    const next = await current(user, now);
    expect(next.card?.id).not.toBe(card.id);
    expect(next.counts).toMatchObject({ newCards: SEED_SET.items.length - 1, learning: 1 });
  });

  it("is idempotent: a retried key records one review, also when both requests race", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = (await current(user, now)).card!;
    const key = randomUUID();
    const [a, b] = await Promise.all([rate(user, card.id, 3, now, key), rate(user, card.id, 3, now, key)]);
    const again = await rate(user, card.id, 3, new Date(now.getTime() + 5000), key);
    expect([a.ok, b.ok, again.ok]).toEqual([true, true, true]);
    expect(again).toMatchObject({ duplicate: true });
    expect(await prisma.reviewLog.count({ where: { cardId: card.id } })).toBe(1);
    expect((await prisma.card.findUniqueOrThrow({ where: { id: card.id } })).reps).toBe(1);
  });

  it("will not rate another user's card", async () => {
    const owner = await learner();
    const other = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = (await current(owner, now)).card!;
    expect(await rate(other, card.id, 3, now)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("undo restores the card exactly (an overdue review card too) and deletes its log", async () => {
    const user = await learner();
    let now = new Date("2026-11-26T10:00:00Z");
    const card = (await current(user, now)).card!;
    await rate(user, card.id, 4, now);
    const graduated = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(graduated.state).toBe(2);
    now = new Date(graduated.due.getTime() + 9 * DAY); // nine days overdue
    await rate(user, card.id, 3, now);
    const logsBefore = await prisma.reviewLog.count({ where: { userId: user.id } });
    const undo = await undoLastRating(user);
    expect(undo).toMatchObject({ ok: true, cardId: card.id, rating: 3 });
    const restored = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    const { updatedAt: _a, ...restoredFields } = restored;
    const { updatedAt: _b, ...graduatedFields } = graduated;
    expect(restoredFields).toEqual(graduatedFields);
    expect(await prisma.reviewLog.count({ where: { userId: user.id } })).toBe(logsBefore - 1);
    // and once more: back to a new card
    await undoLastRating(user);
    const fresh = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(fresh).toMatchObject({ state: 0, reps: 0, lastReview: null, stability: 0 });
    expect(await undoLastRating(user)).toMatchObject({ ok: false, code: "NOTHING_TO_UNDO" });
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
    const mine = (await current(user, now)).card!;
    await rate(user, mine.id, 3, now);
    const other = (await studySession(user, "other-set", now))!.card!;
    await rate(user, other.id, 3, new Date(now.getTime() + 1000));
    expect(await undoLastRating(user, "flashcard", SLUG)).toMatchObject({ ok: true, cardId: mine.id });
    expect(await prisma.reviewLog.count({ where: { cardId: other.id } })).toBe(1);
    expect(await prisma.reviewLog.count({ where: { cardId: mine.id } })).toBe(0);
  });

  it("resumes after a reload: the undone card is shown first when asked for", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const first = (await current(user, now)).card!;
    await rate(user, first.id, 4, now);
    const second = (await current(user, now)).card!;
    expect(second.id).not.toBe(first.id);
    const undo = await undoLastRating(user);
    expect(undo.ok).toBe(true);
    const session = await studySession(user, SLUG, now, first.id);
    expect(session?.card?.id).toBe(first.id);
  });

  it("respects the daily new-card limit and shows what comes next", async () => {
    const user = await learner({ newPerDay: 2 });
    const now = new Date("2026-11-26T10:00:00Z");
    expect((await current(user, now)).counts.newCards).toBe(2);
    for (let i = 0; i < 2; i += 1) {
      const card = (await current(user, now)).card!;
      await rate(user, card.id, 4, now);
    }
    const done = await current(user, now);
    expect(done.card).toBeNull();
    expect(done.counts).toEqual({ newCards: 0, learning: 0, due: 0 });
    expect(done.done?.nextDue).not.toBeNull();
    expect(done.done?.tomorrow).toBeGreaterThanOrEqual(2);
    // the next study day (rollover at 04:00 UTC) allows two new cards again
    const tomorrow = new Date("2026-11-27T04:00:00Z");
    expect((await current(user, tomorrow)).counts.newCards).toBe(2);
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
      const card = (await studySession(user, "limit-set", now))!.card!;
      await rate(user, card.id, 4, now);
    }
    const held = await current(user, now);
    expect(held.card).toBeNull();
    expect(held.done).toMatchObject({
      newLimit: 2,
      newWaiting: SEED_SET.items.length,
      reviewsWaiting: 0,
      raiseBy: Math.min(10, SEED_SET.items.length),
      nextDue: null,
    });

    expect(await studyMoreToday(user, SLUG, now)).toEqual({ ok: true, raisedBy: Math.min(10, SEED_SET.items.length) });
    const more = await current(user, now);
    expect(more.card?.queue).toBe("new");
    expect(more.counts.newCards).toBe(Math.min(10, SEED_SET.items.length));
    // the limit is not used up now: asking again (a double click, a resubmitted form) raises nothing
    expect(await studyMoreToday(user, SLUG, now)).toEqual({ ok: true, raisedBy: 0 });
    expect((await current(user, now)).counts.newCards).toBe(Math.min(10, SEED_SET.items.length));
    // the raise is for today only
    const tomorrow = new Date("2026-11-27T04:00:00Z");
    expect((await current(user, tomorrow)).counts.newCards).toBe(2);
  });

  it("raises today's limit once when two requests ask at the same moment, and never for an unknown set", async () => {
    const user = await learner({ newPerDay: 0 });
    const now = new Date("2026-11-26T10:00:00Z");
    expect((await current(user, now)).done).toMatchObject({ newLimit: 0, newWaiting: SEED_SET.items.length });
    const both = await Promise.all([studyMoreToday(user, SLUG, now), studyMoreToday(user, SLUG, now)]);
    const raised = both.map((r) => (r.ok ? r.raisedBy : -1)).sort((a, b) => a - b);
    expect(raised[1]).toBe(Math.min(10, SEED_SET.items.length));
    expect((await current(user, now)).counts.newCards).toBe(Math.min(10, SEED_SET.items.length));
    expect(await studyMoreToday(user, "no-such-set", now)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("says the review limit is what stops when reviews wait", async () => {
    const user = await learner({ newPerDay: 1, reviewsPerDay: 0 });
    const now = new Date("2026-11-26T10:00:00Z");
    const card = (await current(user, now)).card!;
    await rate(user, card.id, 4, now);
    // days later the card is due, the review limit allows none and the new-card limit is used up today
    const later = new Date(now.getTime() + 60 * DAY);
    await rate(user, (await current(user, later)).card!.id, 4, later);
    const done = (await current(user, later)).done;
    expect(done).toMatchObject({ reviewsWaiting: 1, newWaiting: SEED_SET.items.length - 2 });
  });

  it("counts per set for the list page", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: SLUG } });
    const counts = await setCounts(user, [{ id: set.id, itemCount: SEED_SET.items.length }], now);
    expect(counts.get(set.id)).toEqual({ newCards: SEED_SET.items.length, learning: 0, due: 0 });
  });

  it("cram ratings are logged with source cram and never move FSRS state", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = (await current(user, now)).card!;
    const before = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    const result = await rateCard(
      user,
      { cardId: card.id, rating: 1, idempotencyKey: randomUUID(), durationMs: 100, source: "cram" },
      now,
    );
    expect(result.ok).toBe(true);
    expect(await prisma.card.findUniqueOrThrow({ where: { id: card.id } })).toEqual(before);
    expect(await prisma.reviewLog.findMany({ where: { cardId: card.id }, select: { source: true } })).toEqual([
      { source: "cram" },
    ]);
    expect(await undoLastRating(user, "cram")).toMatchObject({ ok: true });
    expect(await prisma.reviewLog.count({ where: { cardId: card.id } })).toBe(0);
  });

  it("refuses to rate a card of an archived set (or one back in draft): a clear message, reps unchanged, no log", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T10:00:00Z");
    const card = (await current(user, now)).card!;
    expect((await rate(user, card.id, 3, now)).ok).toBe(true);
    const before = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    const logs = await prisma.reviewLog.count({ where: { cardId: card.id } });
    try {
      for (const status of ["archived", "draft"] as const) {
        await prisma.questionSet.update({ where: { slug: SLUG }, data: { status } });
        for (const source of ["flashcard", "cram"] as const) {
          const refused = await rateCard(
            user,
            { cardId: card.id, rating: 3, idempotencyKey: randomUUID(), durationMs: 100, source },
            new Date(now.getTime() + 20 * MINUTE),
          );
          expect(refused, `${status} ${source}`).toMatchObject({ ok: false, code: "NOT_FOUND" });
          if (refused.ok) continue;
          expect(refused.message).toContain(status === "archived" ? "was archived" : "is not published");
        }
      }
      expect(await prisma.card.findUniqueOrThrow({ where: { id: card.id } })).toEqual(before);
      expect(await prisma.reviewLog.count({ where: { cardId: card.id } })).toBe(logs);
    } finally {
      await prisma.questionSet.update({ where: { slug: SLUG }, data: { status: "published" } });
    }
  });

  it("rejects invalid input with a message", async () => {
    const user = await learner();
    const bad = await rateCard(
      user,
      { cardId: "x", rating: 3, idempotencyKey: "not-a-uuid", durationMs: 1 },
      new Date(),
    );
    expect(bad).toMatchObject({ ok: false, code: "INVALID_REQUEST" });
  });
});

describe("rendering", () => {
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
    const card = (await studySession(user, "markdown-set", new Date("2026-11-26T10:00:00Z")))!.card!;
    expect(card.frontHtml).not.toMatch(/<script|onerror|javascript:/i);
    expect(card.frontHtml).toContain("hljs");
    expect(card.backHtml).toContain("<strong>done</strong>");
    expect(card.backHtml).toContain("<code>kubectl get svc</code>");
  });
});

describe("scenario cards", () => {
  it("show a generated scenario with a computed answer, and a new variant each time they come due", async () => {
    const user = await learner({ newPerDay: 100 });
    let now = new Date("2026-11-26T10:00:00Z");
    let session = await current(user, now);
    while (session.card && session.card.kind !== "scenario") {
      await rate(user, session.card.id, 4, now);
      session = await current(user, now);
    }
    const card = session.card!;
    expect(card.scenario).not.toBeNull();
    const first = card.scenario!;
    expect(first.trace.hops.length).toBeGreaterThan(0);
    expect(first.descriptionHtml).toContain(first.trace.scenario.request.url);
    await rate(user, card.id, 1, now); // Again: relearning, due again in a minute
    const log = await prisma.reviewLog.findFirstOrThrow({ where: { cardId: card.id } });
    expect(log.scenarioSeed).toBe(first.seed);
    now = new Date(now.getTime() + 2 * MINUTE);
    const again = await studySession(user, SLUG, now, card.id);
    expect(again?.card?.id).toBe(card.id);
    expect(again?.card?.scenario?.seed).not.toBe(first.seed);
    // undo brings the seed of the variant that was shown back
    await undoLastRating(user);
    const restored = await studySession(user, SLUG, now, card.id);
    expect(restored?.card?.scenario?.seed).toBe(first.seed);
  });
});
