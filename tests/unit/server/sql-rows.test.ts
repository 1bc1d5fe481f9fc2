/**
 * The hot paths' raw SQL runs on the driver connection under Prisma's client (lib/server/sql-rows.ts), so
 * it must answer what the client's own `$queryRaw` answers and write what its `$executeRaw` writes, on each
 * provider: rows of every column type the tables hold, aggregates, computed columns and parameters of every
 * kind; and a transaction of raw writes is all or nothing, its failures readable as the client's are.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { driverErrorKind, isUniqueViolation, prisma } from "../../../lib/server/db";
import { Prisma } from "../../../lib/server/generated/prisma/client";
import { rawExecute, rawRows, rawTransaction } from "../../../lib/server/sql-rows";
import { runSeed } from "../../../lib/server/authoring";
import { createSession, sessionUser } from "../../../lib/server/auth";
import { rateCard } from "../../../lib/server/study";
import { SEED_SET } from "../../../lib/content";

/** What Prisma's client answers for `query`, with 64-bit integers made numbers as rawRows promises. */
async function clientRows(query: Prisma.Sql): Promise<Record<string, unknown>[]> {
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>(query);
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
  );
}

let userId = "";
const now = new Date("2026-11-26T10:00:00.123Z");

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
  const user = await prisma.user.create({
    data: { email: "rows@example.test", passwordHash: "x", desiredRetention: 0.87, timeZoneSetAt: now },
  });
  userId = user.id;
  const token = await createSession(user.id, "agent", now);
  const learner = await sessionUser(token, now);
  if (learner === null) throw new Error("no session");
  const items = await prisma.item.findMany({ where: { set: { slug: SEED_SET.slug }, kind: "flashcard" }, take: 3 });
  let minute = 0;
  for (const item of items) {
    for (const rating of [3, 1, 4] as const) {
      minute += 10;
      const rated = await rateCard(
        learner,
        { itemId: item.id, rating, idempotencyKey: randomUUID(), durationMs: 1234 },
        new Date(now.getTime() + minute * 60_000),
      );
      expect(rated.ok).toBe(true);
    }
  }
});

describe("rawRows answers what Prisma's $queryRaw answers", () => {
  const queries: [string, () => Prisma.Sql][] = [
    ["every column of a user", () => Prisma.sql`SELECT * FROM "User" WHERE "id" = ${userId}`],
    ["every column of the cards", () => Prisma.sql`SELECT * FROM "Card" WHERE "userId" = ${userId} ORDER BY "id"`],
    ["every column of the logs", () => Prisma.sql`SELECT * FROM "ReviewLog" WHERE "userId" = ${userId} ORDER BY "id"`],
    ["sessions", () => Prisma.sql`SELECT * FROM "Session" WHERE "userId" = ${userId}`],
    ["items with a null column", () => Prisma.sql`SELECT * FROM "Item" ORDER BY "id"`],
    [
      "aggregates: COUNT, SUM, MIN and MAX of a DateTime, AVG of a float",
      () =>
        Prisma.sql`SELECT COUNT(*) AS "n", SUM("rating") AS "ratings", MIN("review") AS "first", MAX("review") AS "last",
          AVG("stability") AS "stability" FROM "ReviewLog" WHERE "userId" = ${userId}`,
    ],
    [
      "grouped counts over a LEFT JOIN, with CASE",
      () =>
        Prisma.sql`SELECT i."setId", COUNT(c."id") AS "started",
          SUM(CASE WHEN c."state" = 1 THEN 1 ELSE 0 END) AS "learning" FROM "Item" i
          LEFT JOIN "Card" c ON c."itemId" = i."id" AND c."userId" = ${userId} GROUP BY i."setId" ORDER BY i."setId"`,
    ],
    [
      "parameters of every kind, read back",
      () =>
        Prisma.sql`SELECT "id" FROM "Card" WHERE "userId" = ${userId} AND "due" > ${new Date(0)} AND "reps" >= ${1}
          AND "stability" > ${0.5} AND ${"x"} = ${"x"} ORDER BY "id"`,
    ],
    ["no rows", () => Prisma.sql`SELECT * FROM "User" WHERE "id" = ${"nobody"}`],
  ];
  it.each(queries)("%s", async (_name, query) => {
    const expected = await clientRows(query());
    const rows = await rawRows(query());
    expect(rows).toEqual(expected);
    if (!_name.startsWith("no rows")) expect(rows.length).toBeGreaterThan(0);
  });

  it("reads the session's user and settings the same way (the statement every signed-in request runs)", async () => {
    const token = await createSession(userId, null, now);
    const learner = await sessionUser(token, now);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    expect(learner).toMatchObject({ id: userId, email: "rows@example.test", mustChangePassword: false });
    expect(learner?.study).toMatchObject({
      desiredRetention: user.desiredRetention,
      enableFuzz: user.enableFuzz,
      newLimitRaiseDay: user.newLimitRaiseDay,
    });
    expect(learner?.timeZoneUnset).toBe(false);
  });
});

describe("rawExecute", () => {
  it("writes a boolean, a date and a null as $executeRaw does, and answers the rows it changed", async () => {
    const item = await prisma.item.findFirstOrThrow({ where: { set: { slug: SEED_SET.slug } } });
    const interview = await prisma.interview.create({
      data: {
        userId,
        setId: item.setId,
        setVersion: 1,
        startedAt: now,
        deadlineAt: new Date(now.getTime() + 3_600_000),
        durationSec: 3600,
      },
    });
    const question = await prisma.interviewQuestion.create({
      data: { interviewId: interview.id, position: 1, itemId: item.id, prompt: "p" },
    });
    const update = (flagged: boolean) =>
      Prisma.sql`UPDATE "InterviewQuestion" SET "flagged" = ${flagged}, "answerSavedAt" = ${now}, "answer" = ${"a"}
        WHERE "id" = ${question.id}`;
    await prisma.$executeRaw(update(true));
    const viaClient = await prisma.interviewQuestion.findUniqueOrThrow({ where: { id: question.id } });
    await prisma.$executeRaw`UPDATE "InterviewQuestion" SET "flagged" = ${false}, "answerSavedAt" = ${null} WHERE "id" = ${question.id}`;
    expect(await rawExecute(update(true))).toBe(1);
    expect(await prisma.interviewQuestion.findUniqueOrThrow({ where: { id: question.id } })).toEqual(viaClient);
    expect(viaClient).toMatchObject({ flagged: true, answerSavedAt: now, answer: "a" });
    expect(
      await rawExecute(Prisma.sql`UPDATE "InterviewQuestion" SET "flagged" = ${false} WHERE "id" = ${"none"}`),
    ).toBe(0);
  });
});

describe("rawTransaction", () => {
  it("writes what $executeRaw writes, parameters of every kind included", async () => {
    const [card] = await prisma.card.findMany({ where: { userId }, orderBy: { id: "asc" }, take: 1 });
    if (card === undefined) throw new Error("no card");
    const due = new Date("2027-01-02T03:04:05.678Z");
    const update = (stability: number) =>
      Prisma.sql`UPDATE "Card" SET "due" = ${due}, "stability" = ${stability}, "lastReview" = ${null},
        "scenarioSeed" = ${7} WHERE "id" = ${card.id}`;
    await prisma.$executeRaw(update(1.25));
    const viaClient = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    await prisma.$executeRaw`UPDATE "Card" SET "due" = ${new Date(0)}, "stability" = ${0} WHERE "id" = ${card.id}`;
    expect(await rawTransaction([update(1.25)])).toEqual([1]);
    const direct = await prisma.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(direct).toEqual(viaClient);
    expect(direct).toMatchObject({ due, stability: 1.25, lastReview: null, scenarioSeed: 7 });
  });

  it("is all or nothing: a failing second statement undoes the first, and its error reads as a driver error", async () => {
    const [log] = await prisma.reviewLog.findMany({ where: { userId, idempotencyKey: { not: null } }, take: 1 });
    if (log?.idempotencyKey == null) throw new Error("no log");
    const before = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    const error = await rawTransaction([
      Prisma.sql`UPDATE "User" SET "name" = ${"changed"} WHERE "id" = ${userId}`,
      Prisma.sql`UPDATE "ReviewLog" SET "idempotencyKey" = ${log.idempotencyKey} WHERE "userId" = ${userId}`,
    ]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(isUniqueViolation(error)).toBe(true);
    expect(driverErrorKind(error)).toBe("UniqueConstraintViolation");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).name).toBe(before.name);
    // the connection is free again: the next transaction and a read both run
    expect(await rawTransaction([Prisma.sql`UPDATE "User" SET "name" = ${"after"} WHERE "id" = ${userId}`])).toEqual([
      1,
    ]);
    expect((await rawRows<{ name: string }>(Prisma.sql`SELECT "name" FROM "User" WHERE "id" = ${userId}`))[0]).toEqual({
      name: "after",
    });
  });
});
