import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { runSeed } from "../../../lib/server/authoring";
import {
  FORECAST_DAYS,
  HEATMAP_DAYS,
  rateCard,
  saveStudySettings,
  studySnapshot,
  studySettingsOf,
  studyStats,
} from "../../../lib/server/study";
import type { SessionUser } from "../../../lib/server/auth";
import { SEED_SET } from "../../../lib/content";
import { pickNext, stateOfSnapshot } from "../../../app/(study)/_components/study-state";

const DAY = 86_400_000;
let n = 0;

beforeAll(async () => {
  await useFreshDatabase();
  await runSeed();
});

async function learner(): Promise<SessionUser> {
  n += 1;
  const row = await prisma.user.create({
    data: { email: `stats-${n}@example.test`, passwordHash: "x", enableFuzz: false, newPerDay: 100 },
  });
  return { id: row.id, email: row.email, name: null, role: "learner", mustChangePassword: false };
}

/** Rates the card the study screen shows first; answers its item id. */
async function studyNext(user: SessionUser, rating: 1 | 2 | 3 | 4, now: Date) {
  const snapshot = await studySnapshot(user, "kubernetes-dns", now);
  const next = snapshot ? pickNext(stateOfSnapshot(snapshot, now, null), now) : null;
  if (next?.kind !== "card") throw new Error("no card to study");
  const result = await rateCard(
    user,
    { itemId: next.itemId, rating, idempotencyKey: randomUUID(), durationMs: 30_000 },
    now,
  );
  if (!result.ok) throw new Error(result.message);
  return next.itemId;
}

describe("statistics", () => {
  it("start empty for a new learner", async () => {
    const stats = await studyStats(await learner(), new Date("2026-11-26T12:00:00Z"));
    expect(stats.today).toMatchObject({ reviews: 0, again: 0, minutes: 0, durationMs: 0 });
    expect(stats.forecast).toHaveLength(FORECAST_DAYS);
    expect(stats.heatmap).toHaveLength(HEATMAP_DAYS);
    expect(stats.forecast.every((d) => d.count === 0)).toBe(true);
    expect(stats.states.map((s) => s.label)).toEqual(["New", "Learning", "Review", "Relearning"]);
    // every item of the seed set counts as new before the learner has seen it
    const items = await prisma.item.count({ where: { retiredAt: null } });
    expect(stats.states.map((s) => s.count)).toEqual([items, 0, 0, 0]);
  });

  it("count today's reviews, forecast due cards, retention of first reviews per day, and the calendar", async () => {
    const user = await learner();
    const day1 = new Date("2026-11-20T12:00:00Z");
    // Day 1: three new cards, Easy → review cards due in a few days.
    const a = await studyNext(user, 4, day1);
    const b = await studyNext(user, 4, day1);
    const c = await studyNext(user, 4, day1);
    const cards = await prisma.card.findMany({ where: { userId: user.id, itemId: { in: [a, b, c] } } });
    const lastDue = new Date(Math.max(...cards.map((card) => card.due.getTime())));
    // The review day: each card once: one Again, two Good. Then a second review of the lapsed card (not first).
    const reviewDay = new Date(lastDue.getTime() + 60_000);
    await rateCard(user, { itemId: a, rating: 1, idempotencyKey: randomUUID(), durationMs: 30_000 }, reviewDay);
    await rateCard(user, { itemId: b, rating: 3, idempotencyKey: randomUUID(), durationMs: 30_000 }, reviewDay);
    await rateCard(user, { itemId: c, rating: 3, idempotencyKey: randomUUID(), durationMs: 30_000 }, reviewDay);
    const later = new Date(reviewDay.getTime() + 11 * 60_000);
    await rateCard(user, { itemId: a, rating: 3, idempotencyKey: randomUUID(), durationMs: 30_000 }, later);

    const stats = await studyStats(user, later);
    const key = (d: Date) => new Date(d.getTime() - 4 * 3_600_000).toISOString().slice(0, 10); // UTC, 4 a.m. rollover
    expect(stats.today).toMatchObject({ day: key(later), reviews: 4, again: 1, minutes: 2, durationMs: 120_000 });
    const point = stats.retention.find((p) => p.day === key(reviewDay));
    expect(point).toEqual({ day: key(reviewDay), reviews: 3, passed: 2 });
    expect(stats.heatmap.find((d) => d.day === key(day1))?.count).toBe(3);
    expect(stats.heatmap.find((d) => d.day === key(reviewDay))?.count).toBe(4);
    expect(stats.heatmap.reduce((sum, d) => sum + d.count, 0)).toBe(7);
    // the forecast holds the started cards due before the 31st study day (UTC, days start at 04:00)
    const todayStart = Date.parse(`${key(later)}T04:00:00Z`);
    const after = await prisma.card.findMany({ where: { userId: user.id, itemId: { in: [a, b, c] } } });
    const within = after.filter((card) => card.due.getTime() < todayStart + 30 * DAY).length;
    expect(within).toBeGreaterThanOrEqual(1); // the lapsed card, due again within days
    expect(stats.forecast.reduce((sum, d) => sum + d.count, 0)).toBe(within);
    expect(stats.states.find((s) => s.label === "Review")?.count).toBe(3);
    expect(stats.totalReviews).toBe(7);
  });

  it("leave cram reviews out of retention and today's review count", async () => {
    const user = await learner();
    const now = new Date("2026-11-26T12:00:00Z");
    await rateCard(
      user,
      { itemId: SEED_SET.items[0]!.id, rating: 1, idempotencyKey: randomUUID(), durationMs: 1000, source: "cram" },
      now,
    );
    const stats = await studyStats(user, now);
    expect(stats.today).toMatchObject({ reviews: 0, cram: 1 });
    expect(stats.retention.every((p) => p.reviews === 0)).toBe(true);
  });
});

describe("study settings", () => {
  it("are saved for the user only, with steps normalised, and rejected field by field", async () => {
    const user = await learner();
    const other = await learner();
    const bad = await saveStudySettings(user, { desiredRetention: "2", learningSteps: "1m", relearningSteps: "10m" });
    expect(bad.ok).toBe(false);
    const ok = await saveStudySettings(user, {
      desiredRetention: "0.85",
      learningSteps: "2m,  20m",
      relearningSteps: "5m",
      enableFuzz: false,
      maximumInterval: "3650",
      newPerDay: "5",
      reviewsPerDay: "50",
      timeZone: "Europe/Berlin",
      dayStartHour: "3",
    });
    expect(ok.ok).toBe(true);
    expect(await studySettingsOf(user)).toMatchObject({
      learningSteps: "2m 20m",
      newPerDay: 5,
      timeZone: "Europe/Berlin",
    });
    expect(await studySettingsOf(other)).toMatchObject({ learningSteps: "1m 10m", newPerDay: 100, timeZone: "UTC" });
  });
});
