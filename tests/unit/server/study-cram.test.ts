import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed } from "../../../lib/server/authoring";
import { cramSnapshot, rateCard } from "../../../lib/server/study";
import { cramAfterRating } from "../../../lib/srs/index";
import type { SessionUser } from "../../../lib/server/auth";
import { SEED_SET } from "../../../lib/content";

let n = 0;
const now = new Date("2026-11-26T10:00:00Z");

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
});

async function learner(): Promise<SessionUser> {
  n += 1;
  const row = await prisma.user.create({ data: { email: `cram-${n}@example.test`, passwordHash: "x" } });
  return { id: row.id, email: row.email, name: null, role: "learner", mustChangePassword: false };
}

async function session(user: SessionUser, date = "2026-12-01") {
  const result = await cramSnapshot(user, { sets: [SEED_SET.slug], date }, now);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return result.snapshot;
}

const cram = (user: SessionUser, itemId: string, rating: 1 | 2 | 3 | 4, at: Date) =>
  rateCard(user, { itemId, rating, idempotencyKey: randomUUID(), durationMs: 500, source: "cram" }, at);

const order = (s: Awaited<ReturnType<typeof session>>) => s.cards.map((c) => c.itemId);

describe("cram mode", () => {
  it("reviews every card of a fresh learner; Good drops a card, Again keeps it queued; FSRS state never moves", async () => {
    const user = await learner();
    const first = await session(user);
    expect(first.remaining).toBe(SEED_SET.items.length);
    expect(first.daysLeft).toBe(5);
    const before = await prisma.card.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });
    const a = order(first)[0]!;
    await cram(user, a, 3, now);
    const second = await session(user);
    expect(second.remaining).toBe(SEED_SET.items.length - 1);
    // the browser moves its queue the same way (lib/srs cramAfterRating)
    expect(order(second)).toEqual(cramAfterRating(order(first), a, 3));
    const b = order(second)[0]!;
    await cram(user, b, 1, new Date(now.getTime() + 1000));
    const third = await session(user);
    expect(third.remaining).toBe(SEED_SET.items.length - 1);
    expect(order(third)[0]).not.toBe(b);
    expect(order(third)).toEqual(cramAfterRating(order(second), b, 1));
    expect(third.canUndo).toBe(true);
    expect(await prisma.card.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } })).toEqual(before);
  });

  it("validates the request: a past date or no set is refused by field", async () => {
    const user = await learner();
    const past = await cramSnapshot(user, { sets: [SEED_SET.slug], date: "2026-11-01" }, now);
    expect(past).toMatchObject({ ok: false, fieldErrors: { date: [expect.any(String)] } });
    const none = await cramSnapshot(user, { sets: [], date: "2026-12-01" }, now);
    expect(none).toMatchObject({ ok: false, fieldErrors: { sets: [expect.any(String)] } });
    const unknown = await cramSnapshot(user, { sets: ["no-such-set"], date: "2026-12-01" }, now);
    expect(unknown).toMatchObject({ ok: false, fieldErrors: { sets: [expect.any(String)] } });
  });
});
