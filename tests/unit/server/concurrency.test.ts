/**
 * Concurrent writes: many parallel ratings and autosaves, for the same and for different learners,
 * from this process and at the same time from a second process with its own connections (as a second
 * server or a CLI script would be; on PostgreSQL, a second app instance). Nothing may fail (SQLITE_BUSY, a
 * unique violation, or any throw), no review may be lost or recorded twice (idempotency keys), and every card
 * must equal the replay of its review log through lib/srs's public API.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { insertionOrder, queryRows, useFreshDatabase, type TestDatabase } from "./test-database";
import type { CallOutcome, ConcurrencyPlan, PlannedRating, PlannedSave } from "./concurrency-plan";
import { prisma } from "../../../lib/server/db";
import { runSeed } from "../../../lib/server/authoring";
import { ensureCards, rateCard } from "../../../lib/server/study";
import { saveAnswer, startInterview } from "../../../lib/server/interviews";
import type { SessionUser } from "../../../lib/server/auth";
import { createScheduler, newCard, schedulerSettingsFrom, toCardState, toRating } from "../../../lib/srs/index";
import { SEED_SET } from "../../../lib/content";

const root = path.resolve(import.meta.dirname, "../../..");
const T0 = new Date("2026-11-20T08:00:00Z");
let database: TestDatabase;

beforeAll(async () => {
  database = await useFreshDatabase();
  await runSeed();
});

async function learners(count: number, prefix: string): Promise<SessionUser[]> {
  const users: SessionUser[] = [];
  for (let i = 0; i < count; i += 1) {
    const row = await prisma.user.create({ data: { email: `${prefix}-${i}@example.test`, passwordHash: "x" } });
    users.push({ id: row.id, email: row.email, name: null, role: "learner", mustChangePassword: false });
  }
  return users;
}

/** Runs a plan in a second process (own Prisma client, own connections to the same database). */
function inSecondProcess(plan: ConcurrencyPlan, name: string): { ready: Promise<void>; done: Promise<CallOutcome[]> } {
  const planFile = path.join(database.dir, `${name}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  let ready: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const done = new Promise<CallOutcome[]>((resolve, reject) => {
    const child = spawn(
      path.join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", path.join(root, "tests/unit/server/concurrency-worker.ts"), planFile],
      { cwd: root, env: { ...process.env, DATABASE_URL: database.url }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith("ready\n")) ready();
    });
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => {
      ready();
      if (code !== 0) reject(new Error(`worker exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split("\n").pop() ?? "[]") as CallOutcome[]);
    });
  });
  return { ready: readyPromise, done };
}

/** Starts the second process, waits until it is connected, then runs `here` in this process alongside. */
async function together(here: ConcurrencyPlan, there: ConcurrencyPlan, name: string): Promise<CallOutcome[]> {
  const second = inSecondProcess(there, name);
  await second.ready;
  const [local, remote] = await Promise.all([inThisProcess(here), second.done]);
  return [...local, ...remote];
}

function inThisProcess(plan: ConcurrencyPlan): Promise<CallOutcome[]> {
  const thrown = (error: unknown): CallOutcome => {
    const e = error as { message?: unknown; code?: unknown };
    return { kind: "threw", message: String(e.message ?? error), code: String(e.code ?? "") };
  };
  return Promise.all([
    ...plan.ratings.map(async (r): Promise<CallOutcome> => {
      try {
        const result = await rateCard(r.user, r.input, new Date(r.at));
        return { kind: "rating", key: r.input.idempotencyKey, ok: result.ok, code: result.ok ? null : result.code };
      } catch (error) {
        return thrown(error);
      }
    }),
    ...plan.saves.map(async (s): Promise<CallOutcome> => {
      try {
        const result = await saveAnswer(s.userId, s.interviewId, s.position, s.input, new Date(s.at));
        return { kind: "save", ok: result.ok, code: result.ok ? null : result.code };
      } catch (error) {
        return thrown(error);
      }
    }),
  ]);
}

interface LogRow {
  cardId: string;
  rating: number;
  review: string;
  source: string;
  idempotencyKey: string | null;
}

/**
 * Review logs in the order they were written, read on a connection of their own. For one card that is the
 * order its ratings were applied: each rating's transaction moves the card before it writes the log, and a
 * rating of the same card waits for (or loses to) the one before it.
 */
async function logsInCommitOrder(): Promise<LogRow[]> {
  const rows = await queryRows<Omit<LogRow, "review"> & { review: string | number | Date }>(
    database,
    `SELECT "cardId", "rating", "review", "source", "idempotencyKey" FROM "ReviewLog" ORDER BY ${insertionOrder(database.provider)}`,
  );
  // SQLite stores the time as a number of milliseconds, pg reads it as a Date: both become an ISO string
  return rows.map((row) => ({ ...row, review: new Date(row.review).toISOString() }));
}

describe("parallel ratings", () => {
  it("never fail (no SQLITE_BUSY, no unique violation), record each key once, and leave cards equal to the replayed log", async () => {
    const users = await learners(4, "rater");
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { slug: SEED_SET.slug } });
    for (const user of users) await ensureCards(user.id, set.id, T0);
    const cards = await prisma.card.findMany({ where: { userId: { in: users.map((u) => u.id) } } });

    // Each learner rates random cards of theirs 30 times, a minute apart; a fixed seed keeps runs comparable.
    const plan = fc.sample(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 })), { minLength: 30, maxLength: 30 }),
      { numRuns: users.length, seed: 8 },
    );
    const ratings: PlannedRating[] = [];
    users.forEach((user, u) => {
      const own = cards.filter((c) => c.userId === user.id);
      (plan[u] ?? []).forEach(([pick, rating], k) => {
        const card = own[pick % own.length];
        if (!card) return;
        ratings.push({
          user,
          input: {
            itemId: card.itemId,
            rating: rating as 1 | 2 | 3 | 4,
            idempotencyKey: randomUUID(),
            durationMs: 1500,
          },
          at: new Date(T0.getTime() + (k + 1) * 60_000).toISOString(),
        });
      });
    });
    // Every rating is sent twice from here (a double click) and every other one also from the second process
    // (a retry that reached another server), all at once.
    const here: ConcurrencyPlan = { ratings: [...ratings, ...ratings], saves: [] };
    const there: ConcurrencyPlan = { ratings: ratings.filter((_, i) => i % 2 === 0), saves: [] };
    const outcomes = await together(here, there, "ratings");

    const failures = outcomes.filter((o) => o.kind === "threw");
    expect(failures).toEqual([]);
    // Refusals are expected (a card rated twice at once: the second sees a moved card; a rating that arrives
    // after a later one of its card) but only as those.
    for (const o of outcomes) if (o.kind === "rating" && !o.ok) expect(["STALE", "OUT_OF_ORDER"]).toContain(o.code);

    const logs = await logsInCommitOrder();
    const keysLogged = logs.map((l) => l.idempotencyKey);
    expect(new Set(keysLogged).size).toBe(keysLogged.length);
    const acknowledged = new Set(outcomes.flatMap((o) => (o.kind === "rating" && o.ok ? [o.key] : [])));
    // every acknowledged rating is in the log, and nothing else is
    expect(new Set(keysLogged)).toEqual(acknowledged);

    const settings = await prisma.user.findUniqueOrThrow({ where: { id: users[0]!.id } });
    const scheduler = createScheduler(schedulerSettingsFrom(settings));
    const after = await prisma.card.findMany({ where: { userId: { in: users.map((u) => u.id) } } });
    for (const card of after) {
      let replayed = newCard(T0);
      for (const log of logs) {
        if (log.cardId !== card.id || log.source !== "flashcard") continue;
        replayed = scheduler.rate(replayed, toRating(log.rating) ?? 3, new Date(log.review)).card;
      }
      expect({
        due: card.due.toISOString(),
        stability: card.stability,
        difficulty: card.difficulty,
        reps: card.reps,
        lapses: card.lapses,
        state: toCardState(card.state),
        scheduledDays: card.scheduledDays,
        learningSteps: card.learningSteps,
        lastReview: card.lastReview?.toISOString() ?? null,
      }).toEqual({
        due: replayed.due.toISOString(),
        stability: replayed.stability,
        difficulty: replayed.difficulty,
        reps: replayed.reps,
        lapses: replayed.lapses,
        state: replayed.state,
        scheduledDays: replayed.scheduledDays,
        learningSteps: replayed.learningSteps,
        lastReview: replayed.lastReview?.toISOString() ?? null,
      });
    }
    // and a good share of the ratings did go through (the test is not vacuous)
    expect(logs.length).toBeGreaterThan(ratings.length / 2);
  }, 60_000);
});

describe("parallel autosaves", () => {
  it("keep the newest revision of each answer, never fail, from two processes at once", async () => {
    const users = await learners(4, "writer");
    const interviews: string[] = [];
    for (const user of users) {
      const started = await startInterview(user.id, { set: SEED_SET.slug, questions: 3, minutes: 60 }, new Date());
      if (!started.ok) throw new Error(started.message);
      interviews.push(started.id);
    }
    const text = (user: number, position: number, revision: number) => `u${user} q${position} rev ${revision} `;
    // 15 revisions of each of 3 answers per learner, sent in a shuffled order from two processes.
    const saves: PlannedSave[] = [];
    users.forEach((user, u) => {
      for (let position = 1; position <= 3; position += 1) {
        for (let revision = 1; revision <= 15; revision += 1) {
          saves.push({
            userId: user.id,
            interviewId: interviews[u] ?? "",
            position,
            input: { answer: text(u, position, revision).repeat(revision), revision },
            at: new Date().toISOString(),
          });
        }
      }
    });
    const order = fc.sample(fc.shuffledSubarray(saves, { minLength: saves.length, maxLength: saves.length }), {
      numRuns: 1,
      seed: 88,
    })[0]!;
    const outcomes = await together(
      { ratings: [], saves: order.filter((_, i) => i % 2 === 0) },
      { ratings: [], saves: order.filter((_, i) => i % 2 === 1) },
      "saves",
    );
    expect(outcomes.filter((o) => o.kind === "threw")).toEqual([]);
    for (const o of outcomes) if (o.kind === "save" && !o.ok) expect(o.code).toBe("STALE_REVISION");
    const questions = await prisma.interviewQuestion.findMany({ where: { interviewId: { in: interviews } } });
    expect(questions).toHaveLength(users.length * 3);
    for (const q of questions) {
      const u = interviews.indexOf(q.interviewId);
      expect(q.answerRevision).toBe(15);
      expect(q.answer).toBe(text(u, q.position, 15).repeat(15));
    }
  }, 60_000);
});
