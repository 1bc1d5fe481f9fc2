/**
 * Requests that race from several app processes on one database, as several instances behind a load
 * balancer would send them (on PostgreSQL under READ COMMITTED, where one process's transaction gate hides
 * nothing): undo, publishing, set saves (the seed on every instance, an import), sign-up, the sweep's lease.
 * None may throw (undo raced with P2025, publishing and saves with P2002 before they became compare-and-set),
 * and none may apply its change twice.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase, type TestDatabase } from "./test-database";
import { raceWorkers, type RaceWorkers } from "./race-harness";
import type { RaceCall, RaceOutcome } from "./race-calls";
import { prisma } from "../../../lib/server/db";
import { createSet, runSeed, saveItem } from "../../../lib/server/authoring";
import { ensureCards, rateCard } from "../../../lib/server/study";
import type { SessionUser } from "../../../lib/server/auth";
import { SEED_SET } from "../../../lib/content";
import { createScheduler, newCard, schedulerSettingsFrom, toCardState, toRating } from "../../../lib/srs/index";
import type { QuestionSetContent } from "../../../lib/schemas/question-set";

/** Processes besides this one. */
const WORKERS = 2;
let database: TestDatabase;
let workers: RaceWorkers;
let admin: SessionUser;

beforeAll(async () => {
  database = await useFreshDatabase();
  await runSeed();
  const row = await prisma.user.create({
    data: { email: "race-admin@example.test", passwordHash: "x", role: "admin" },
  });
  admin = { id: row.id, email: row.email, name: null, role: "admin", mustChangePassword: false };
  workers = await raceWorkers(database.url, WORKERS);
}, 120_000);

afterAll(async () => {
  await workers.close();
});

/** The same call, `times` times in each process, all at once (more chances for the unlucky interleaving). */
function everywhere(call: RaceCall, times: number): Promise<RaceOutcome[]> {
  const calls = Array.from({ length: times }, () => call);
  return workers.race(
    Array.from({ length: WORKERS }, () => calls),
    calls,
  );
}

function expectNoThrow(outcomes: readonly RaceOutcome[]): void {
  expect(outcomes.filter((o) => "threw" in o)).toEqual([]);
}

const okCount = (outcomes: readonly RaceOutcome[]) => outcomes.filter((o) => "ok" in o && o.ok).length;

describe("undo from several instances at once", () => {
  it("undoes each rating at most once and leaves the card equal to the replay of the logs left", async () => {
    const row = await prisma.user.create({
      data: { email: "race-undo@example.test", passwordHash: "x", enableFuzz: false },
    });
    const user: SessionUser = { id: row.id, email: row.email, name: null, role: "learner", mustChangePassword: false };
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: SEED_SET.slug } });
    const t0 = new Date("2026-11-20T08:00:00Z");
    await ensureCards(user.id, set.id, t0);
    const card = await prisma.card.findFirstOrThrow({ where: { userId: user.id } });
    const ratings = [3, 1, 3] as const;
    for (const [i, rating] of ratings.entries()) {
      const at = new Date(t0.getTime() + (i + 1) * 600_000);
      const rated = await rateCard(
        user,
        { itemId: card.itemId, rating, idempotencyKey: randomUUID(), durationMs: 900 },
        at,
      );
      expect(rated.ok).toBe(true);
    }

    const outcomes = await everywhere({ op: "undo", user }, 2);
    expectNoThrow(outcomes);
    for (const o of outcomes) if ("ok" in o && !o.ok) expect(["NOTHING_TO_UNDO", "STALE"]).toContain(o.code);
    const undone = okCount(outcomes);
    expect(undone).toBeGreaterThanOrEqual(1);

    const logs = await prisma.reviewLog.findMany({ where: { cardId: card.id }, orderBy: { review: "asc" } });
    expect(logs).toHaveLength(ratings.length - undone);
    // the logs left are the first ratings, and the card is exactly their replay: no undo applied twice
    expect(logs.map((log) => log.rating)).toEqual(ratings.slice(0, logs.length));
    const scheduler = createScheduler(schedulerSettingsFrom(row));
    let replayed = newCard(t0);
    for (const log of logs) replayed = scheduler.rate(replayed, toRating(log.rating) ?? 3, log.review).card;
    const after = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    expect({
      due: after.due.toISOString(),
      reps: after.reps,
      lapses: after.lapses,
      state: toCardState(after.state),
      stability: after.stability,
      lastReview: after.lastReview?.toISOString() ?? null,
    }).toEqual({
      due: replayed.due.toISOString(),
      reps: replayed.reps,
      lapses: replayed.lapses,
      state: replayed.state,
      stability: replayed.stability,
      lastReview: replayed.lastReview?.toISOString() ?? null,
    });
  }, 60_000);

  it("an undo racing a new rating of the same card: neither fails, and the card matches its logs", async () => {
    const row = await prisma.user.create({
      data: { email: "race-undo-rate@example.test", passwordHash: "x", enableFuzz: false },
    });
    const user: SessionUser = { id: row.id, email: row.email, name: null, role: "learner", mustChangePassword: false };
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: SEED_SET.slug } });
    const t0 = new Date("2026-11-20T08:00:00Z");
    await ensureCards(user.id, set.id, t0);
    const card = await prisma.card.findFirstOrThrow({ where: { userId: user.id } });
    const first = new Date(t0.getTime() + 600_000);
    await rateCard(user, { itemId: card.itemId, rating: 3, idempotencyKey: randomUUID(), durationMs: 900 }, first);

    const later = new Date(t0.getTime() + 1_200_000).toISOString();
    const outcomes = await workers.race(
      [[{ op: "undo", user }], [{ op: "rate", user, itemId: card.itemId, key: randomUUID(), at: later }]],
      [{ op: "undo", user }],
    );
    expectNoThrow(outcomes);
    const logs = await prisma.reviewLog.findMany({ where: { cardId: card.id }, orderBy: { review: "asc" } });
    const after = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(after.reps).toBe(logs.length);
    expect(after.lastReview?.toISOString() ?? null).toBe(logs.at(-1)?.review.toISOString() ?? null);
  }, 60_000);
});

describe("publishing from several instances at once", () => {
  it("makes one version, and every publish answers with it", async () => {
    await createSet(admin, { title: "Race publish", description: "", tags: [], interviewMinutes: 20 });
    const item = { id: "race-publish-1", kind: "flashcard" as const, front: "Q?", back: "A.", tags: [] };
    expect((await saveItem(admin, "race-publish", item, null)).ok).toBe(true);

    const outcomes = await everywhere({ op: "publish", admin, slug: "race-publish" }, 6);
    expectNoThrow(outcomes);
    expect(okCount(outcomes)).toBe(outcomes.length);
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: "race-publish" } });
    expect(set.status).toBe("published");
    const versions = await prisma.questionSetVersion.findMany({ where: { setId: set.id } });
    expect(versions.map((v) => v.version)).toEqual([set.version]);
    for (const o of outcomes) if ("ok" in o) expect(o.detail).toBe(`Published (version ${set.version}).`);
  }, 60_000);
});

describe("saving one set from several instances at once", () => {
  const rubric = (verdict: "strong" | "partial" | "weak") => ({
    synonyms: {},
    weights: {},
    misconceptions: [],
    modelAnswer: null,
    samples: [
      { answer: "DNS first.", verdict },
      { answer: "I do not know.", verdict: "weak" as const },
    ],
  });
  const content = (verdict: "strong" | "partial" | "weak", front: string): QuestionSetContent => ({
    slug: "race-save",
    title: "Race save",
    description: "Saved from every instance at once.",
    tags: [],
    interviewMinutes: 20,
    items: [
      { id: "race-save-card", kind: "flashcard", front, back: "A.", tags: [] },
      {
        id: "race-save-question",
        kind: "freeform",
        front: "Walk through it.",
        back: "Model.",
        tags: [],
        scenario: "seed",
        rubric: rubric(verdict),
      },
    ],
  });

  async function stored() {
    const sets = await prisma.questionSet.findMany({ where: { slug: "race-save" } });
    const items = await prisma.item.findMany({ where: { setId: sets[0]?.id ?? "" }, orderBy: { position: "asc" } });
    const tests = await prisma.rubricTest.findMany({ where: { itemId: "race-save-question" } });
    const versions = await prisma.questionSetVersion.findMany({ where: { setId: sets[0]?.id ?? "" } });
    return { sets, items, tests, versions };
  }

  it("creates the set, its items, rubric tests and version once when it did not exist", async () => {
    const outcomes = await everywhere({ op: "upsert", content: content("weak", "Q?") }, 4);
    expectNoThrow(outcomes);
    const { sets, items, tests, versions } = await stored();
    expect(sets).toHaveLength(1);
    expect(items.map((i) => i.id)).toEqual(["race-save-card", "race-save-question"]);
    expect(tests).toHaveLength(2);
    expect(versions).toHaveLength(1);
  }, 60_000);

  it("applies the same change once: one new version, the rubric tests replaced, not doubled", async () => {
    const before = await stored();
    const outcomes = await everywhere({ op: "upsert", content: content("partial", "Q, edited?") }, 4);
    expectNoThrow(outcomes);
    const { sets, items, tests, versions } = await stored();
    expect(sets[0]?.version).toBe((before.sets[0]?.version ?? 0) + 1);
    expect(versions).toHaveLength(before.versions.length + 1);
    expect(items.find((i) => i.id === "race-save-card")?.front).toBe("Q, edited?");
    expect(tests.map((t) => t.expectedVerdict).sort()).toEqual(["partial", "weak"]);
    for (const o of outcomes) if ("ok" in o) expect(o.detail).toBe(sets[0]?.version);
  }, 60_000);
});

describe("sign-up from several instances at once", () => {
  it("creates the account once; every other attempt is told the email is taken", async () => {
    const outcomes = await everywhere({ op: "signUp", email: "twice@example.test" }, 4);
    expectNoThrow(outcomes);
    expect(okCount(outcomes)).toBe(1);
    for (const o of outcomes) if ("ok" in o && !o.ok) expect(o.code).toBe("EMAIL_TAKEN");
    expect(await prisma.user.count({ where: { email: "twice@example.test" } })).toBe(1);
  }, 60_000);
});

describe("the sweep's lease from several instances at once", () => {
  it("goes to exactly one holder, and to another only once it has expired", async () => {
    const at = new Date("2026-11-20T08:00:00Z");
    const ask = (holder: string, when: Date): RaceCall => ({
      op: "lease",
      holder,
      at: when.toISOString(),
      ttlMs: 60_000,
    });
    const first = await workers.race(
      [
        [ask("a", at), ask("b", at)],
        [ask("c", at), ask("d", at)],
      ],
      [ask("e", at), ask("f", at)],
    );
    expectNoThrow(first);
    expect(okCount(first)).toBe(1);
    const won = first.find((o) => "ok" in o && o.ok);
    const winner = won !== undefined && "detail" in won ? String(won.detail) : "";

    // before expiry: the holder renews, nobody else gets it
    const soon = new Date(at.getTime() + 30_000);
    const renewed = await workers.race([[ask(winner, soon)], [ask("g", soon)]], [ask("h", soon)]);
    expect(renewed.map((o) => ("ok" in o ? o.ok : o.threw))).toEqual([true, false, false]);

    // after expiry (the holder stopped renewing): exactly one other takes over, the old holder is out
    const late = new Date(soon.getTime() + 60_001);
    const takeover = await workers.race([[ask("x", late)], [ask("y", late)]], [ask("z", late)]);
    expectNoThrow(takeover);
    expect(okCount(takeover)).toBe(1);
    const old = await workers.race([[ask(winner, new Date(late.getTime() + 1000))]], []);
    expect(old.map((o) => ("ok" in o ? o.ok : o.threw))).toEqual([false]);
  }, 60_000);
});
