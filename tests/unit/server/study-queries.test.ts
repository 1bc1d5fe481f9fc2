/**
 * Statements per request, counted where every one of them runs: better-sqlite3's Statement methods (Prisma's
 * queries and its raw ones alike). The study page ran about fifteen before the study queue; these
 * counts keep it from creeping back: who is asking and their settings in one statement, read once per
 * request; the set list's counts in one grouped statement whatever the number of sets; the study queue in
 * four; a rating in three.
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed, upsertQuestionSet } from "../../../lib/server/authoring";
import { createSession, sessionUser, type SessionUser } from "../../../lib/server/auth";
import { listPublishedSets } from "../../../lib/server/catalog";
import { rateCard, setCounts, studySnapshot, timeZoneUnset } from "../../../lib/server/study";
import { questionSetSchema } from "../../../lib/schemas/question-set";
import { SEED_SET } from "../../../lib/content";

const statements: string[] = [];
let counting = false;

/** Every run of every prepared statement in this process, by its SQL text. */
function countStatements(): void {
  const probe = new Database(":memory:");
  const prototype = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, unknown> & { source?: string };
  probe.close();
  for (const name of ["run", "get", "all", "iterate"]) {
    const original = prototype[name] as (...args: unknown[]) => unknown;
    prototype[name] = function (this: { source: string }, ...args: unknown[]) {
      if (counting) statements.push(this.source);
      return original.apply(this, args);
    };
  }
}

/** The data statements `work` ran (transaction control left out). */
async function counted<T>(work: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  statements.length = 0;
  counting = true;
  try {
    const result = await work();
    return { result, sql: statements.filter((s) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(s)) };
  } finally {
    counting = false;
  }
}

const readsUser = (sql: readonly string[]) => sql.filter((s) => /FROM\s+"?(main"?\.)?"?(User|Session)"?\b/i.test(s));

let user: SessionUser;
const now = new Date("2026-11-26T10:00:00Z");

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
  for (let i = 1; i <= 5; i += 1) {
    await upsertQuestionSet(
      questionSetSchema.parse({
        slug: `extra-${i}`,
        title: `Extra ${i}`,
        items: [{ id: `extra-${i}-a`, kind: "flashcard", front: "Q", back: "A" }],
      }),
      { status: "published" },
    );
  }
  const row = await prisma.user.create({ data: { email: "queries@example.test", passwordHash: "x", newPerDay: 7 } });
  const token = await createSession(row.id, null, now);
  const found = await sessionUser(token, now);
  if (found === null) throw new Error("no session");
  user = found;
  countStatements();
});

afterEach(() => {
  counting = false;
});

describe("statements per request", () => {
  it("who is asking: the session, the user and their study settings in one statement", async () => {
    const token = await createSession(user.id, null, now);
    const { result, sql } = await counted(() => sessionUser(token, now));
    expect(sql).toHaveLength(1);
    expect(result?.id).toBe(user.id);
    expect(result?.study).toMatchObject({ newPerDay: 7, timeZone: "UTC" });
  });

  it("the layout's question (is the time zone still the default?) is answered by that statement", async () => {
    const { result, sql } = await counted(() => timeZoneUnset(user));
    expect(result).toBe(true);
    expect(sql).toEqual([]);
  });

  it("who is asking: found through the session's key, never by scanning the users", async () => {
    const token = await createSession(user.id, null, now);
    const { sql } = await counted(() => sessionUser(token, now));
    const [statement] = sql;
    if (statement === undefined) throw new Error("no statement");
    const parameters = Array.from(statement.matchAll(/\?/g), () => null);
    const plan = await prisma.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${statement}`, ...parameters);
    expect(plan.length).toBeGreaterThan(0);
    // a full scan of User made every request's cost grow with the number of learners
    expect(plan.map((step) => step.detail).filter((detail) => /^SCAN\b/.test(detail))).toEqual([]);
  });

  it("the study queue: four statements, none of them reading the user again", async () => {
    const { result, sql } = await counted(() => studySnapshot(user, SEED_SET.slug, now));
    expect(result?.cards.length).toBeGreaterThan(0);
    expect(result?.allowance.newLeft).toBe(7);
    expect(sql).toHaveLength(4);
    expect(readsUser(sql)).toEqual([]);
  });

  it("the set list: one statement for the sets, two for the counts of all of them", async () => {
    const { result: sets, sql: listing } = await counted(() => listPublishedSets());
    expect(sets.length).toBeGreaterThanOrEqual(6);
    expect(listing).toHaveLength(1);
    const { result: all, sql: many } = await counted(() => setCounts(user, sets, now));
    const { sql: one } = await counted(() => setCounts(user, sets.slice(0, 1), now));
    expect(all.size).toBe(sets.length);
    expect(many).toHaveLength(2);
    expect(one).toHaveLength(2);
    expect(readsUser(many)).toEqual([]);
  });

  it("a rating: the card's read, its update and its log", async () => {
    const itemId = SEED_SET.items[0]!.id;
    const { result, sql } = await counted(() =>
      rateCard(user, { itemId, rating: 3, idempotencyKey: randomUUID(), durationMs: 1, reps: 0 }, now),
    );
    expect(result.ok).toBe(true);
    expect(sql).toHaveLength(3);
    expect(readsUser(sql)).toEqual([]);
    const { sql: again } = await counted(() =>
      rateCard(
        user,
        { itemId, rating: 3, idempotencyKey: randomUUID(), durationMs: 1, reps: 1 },
        new Date(now.getTime() + 600_000),
      ),
    );
    expect(again).toHaveLength(3);
  });
});
