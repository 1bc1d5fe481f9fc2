import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./test-database";
import { prisma } from "../../../lib/server/db";
import { adoptBrowserTimeZone, saveStudySettings, timeZoneUnset } from "../../../lib/server/study";
import { createSession, sessionUser, type SessionUser } from "../../../lib/server/auth";

let n = 0;
const NOW = new Date("2026-12-03T18:00:00Z");

beforeAll(async () => {
  await useFreshDatabase();
});

async function learner(): Promise<SessionUser> {
  n += 1;
  const row = await prisma.user.create({ data: { email: `zone-${n}@example.test`, passwordHash: "x" } });
  return { id: row.id, email: row.email, name: null, role: "learner", mustChangePassword: false };
}

const zoneOf = async (user: SessionUser) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { timeZone: true } })).timeZone;

// regression: the time-zone setting defaulted to UTC instead of the browser's zone
describe("the browser's time zone", () => {
  it("becomes a new user's zone once; a later browser in another zone does not replace it", async () => {
    const user = await learner();
    expect(await zoneOf(user)).toBe("UTC");
    expect(await timeZoneUnset(user.id)).toBe(true);
    expect(await adoptBrowserTimeZone(user, "Europe/Berlin", NOW)).toBe(true);
    expect(await zoneOf(user)).toBe("Europe/Berlin");
    expect(await timeZoneUnset(user.id)).toBe(false);
    expect(await adoptBrowserTimeZone(user, "Asia/Tokyo", NOW)).toBe(false);
    expect(await zoneOf(user)).toBe("Europe/Berlin");
  });

  it("is ignored when it is not a zone, and the user's zone stays unset until a real one comes", async () => {
    const user = await learner();
    for (const zone of ["Mars/Olympus_Mons", "", 42, null, "x".repeat(200)]) {
      expect(await adoptBrowserTimeZone(user, zone, NOW)).toBe(false);
    }
    expect(await zoneOf(user)).toBe("UTC");
    expect(await timeZoneUnset(user.id)).toBe(true);
  });

  it("never replaces a zone chosen in the settings, even UTC", async () => {
    const user = await learner();
    const saved = await saveStudySettings(user, {
      desiredRetention: "0.9",
      learningSteps: "1m 10m",
      relearningSteps: "10m",
      enableFuzz: true,
      maximumInterval: "36500",
      newPerDay: "20",
      reviewsPerDay: "200",
      timeZone: "UTC",
      dayStartHour: "4",
    });
    expect(saved.ok).toBe(true);
    expect(await timeZoneUnset(user.id)).toBe(false);
    expect(await adoptBrowserTimeZone(user, "Europe/Berlin", NOW)).toBe(false);
    expect(await zoneOf(user)).toBe("UTC");
  });

  it("is read with the session too, and agrees with the database before and after the zone is adopted", async () => {
    const user = await learner();
    const token = await createSession(user.id, null, NOW);
    const before = await sessionUser(token, NOW);
    expect(before?.timeZoneUnset).toBe(true);
    expect(await timeZoneUnset(before!)).toBe(true);
    await adoptBrowserTimeZone(user, "Europe/Paris", NOW);
    const after = await sessionUser(token, NOW);
    expect(after?.timeZoneUnset).toBe(false);
    expect(await timeZoneUnset(after!)).toBe(false);
    expect(await timeZoneUnset(user.id)).toBe(false);
  });

  it("changes only the signed-in user's zone", async () => {
    const [user, other] = [await learner(), await learner()];
    await adoptBrowserTimeZone(user, "America/New_York", NOW);
    expect(await zoneOf(other)).toBe("UTC");
    expect(await timeZoneUnset(other.id)).toBe(true);
  });
});
