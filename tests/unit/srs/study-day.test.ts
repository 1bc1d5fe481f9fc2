import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, studyDay, studyDayKey, zoneOffsetMs } from "../../../lib/srs/index";

const HOUR = 3_600_000;

describe("the study day rolls over at the configured hour in the learner's zone", () => {
  it("UTC, 4 a.m.: 03:59 still belongs to the previous day, 04:00 starts the next", () => {
    expect(studyDay(new Date("2026-11-26T03:59:00Z"), "UTC", 4).key).toBe("2026-11-25");
    const day = studyDay(new Date("2026-11-26T04:00:00Z"), "UTC", 4);
    expect(day.key).toBe("2026-11-26");
    expect(day.start.toISOString()).toBe("2026-11-26T04:00:00.000Z");
    expect(day.end.toISOString()).toBe("2026-11-27T04:00:00.000Z");
  });

  it("Europe/Berlin in winter is UTC+1: the day starts at 03:00 UTC", () => {
    // Central European Time is UTC+1 outside summer time (EU directive 2000/84/EC).
    expect(studyDay(new Date("2026-11-26T02:59:00Z"), "Europe/Berlin", 4).key).toBe("2026-11-25");
    const day = studyDay(new Date("2026-11-26T03:00:00Z"), "Europe/Berlin", 4);
    expect(day.key).toBe("2026-11-26");
    expect(day.start.toISOString()).toBe("2026-11-26T03:00:00.000Z");
  });

  it("America/New_York: the study day across the spring-forward change lasts 23 hours", () => {
    // US DST 2026 starts on Sunday 8 March at 02:00 local (EST −5 → EDT −4).
    const day = studyDay(new Date("2026-03-08T12:00:00Z"), "America/New_York", 4);
    expect(day.key).toBe("2026-03-08");
    expect(day.start.toISOString()).toBe("2026-03-08T08:00:00.000Z");
    expect(day.end.toISOString()).toBe("2026-03-09T08:00:00.000Z");
    expect(day.end.getTime() - day.start.getTime()).toBe(24 * HOUR);
    // With a 4 a.m. rollover the short day is the one that began on 7 March at 04:00 EST (09:00 UTC).
    const before = studyDay(new Date("2026-03-07T12:00:00Z"), "America/New_York", 4);
    expect(before.start.toISOString()).toBe("2026-03-07T09:00:00.000Z");
    expect(before.end.getTime() - before.start.getTime()).toBe(23 * HOUR);
    // midnight rollover: the day of the change itself is 23 hours long
    const midnight = studyDay(new Date("2026-03-08T12:00:00Z"), "America/New_York", 0);
    expect(midnight.end.getTime() - midnight.start.getTime()).toBe(23 * HOUR);
  });

  it("Asia/Kolkata is UTC+5:30 all year", () => {
    expect(zoneOffsetMs(new Date("2026-06-01T00:00:00Z"), "Asia/Kolkata")).toBe(5.5 * HOUR);
    const day = studyDay(new Date("2026-06-01T00:00:00Z"), "Asia/Kolkata", 0);
    expect(day.key).toBe("2026-06-01");
    expect(day.start.toISOString()).toBe("2026-05-31T18:30:00.000Z");
  });

  it("a day whose next start hour falls in a DST gap ends when the clocks jump (regression: New York, 2 a.m., 2022-03-13)", () => {
    const day = studyDay(new Date("2022-03-12T07:00:00Z"), "America/New_York", 2);
    expect(day.key).toBe("2022-03-12");
    // 02:00 EST on the 13th does not exist: the clocks go from 01:59:59 EST to 03:00 EDT at 07:00Z
    expect(day.end.toISOString()).toBe("2022-03-13T07:00:00.000Z");
    expect(studyDay(day.end, "America/New_York", 2).key).toBe("2022-03-13");
  });

  it("every instant lies inside its own study day, and days follow each other without gaps", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        (ms, zone, hour) => {
          const now = new Date(ms);
          const day = studyDay(now, zone, hour);
          expect(day.start.getTime()).toBeLessThanOrEqual(ms);
          expect(day.end.getTime()).toBeGreaterThan(ms);
          expect(studyDayKey(now, zone, hour)).toBe(day.key);
          const next = studyDay(day.end, zone, hour);
          expect(next.key).toBe(addDays(day.key, 1));
          expect(next.start.getTime()).toBe(day.end.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("a study day asked for again", () => {
  it("is the same day, and a caller that moves its dates does not move the next caller's", () => {
    const now = new Date("2026-11-26T12:00:00Z");
    const first = studyDay(now, "Europe/Berlin", 4);
    first.start.setTime(0);
    first.end.setTime(0);
    const again = studyDay(now, "Europe/Berlin", 4);
    expect(again.start.toISOString()).toBe("2026-11-26T03:00:00.000Z");
    expect(again.end.toISOString()).toBe("2026-11-27T03:00:00.000Z");
  });

  it("depends on the zone and the hour, not only on the day's name", () => {
    const now = new Date("2026-11-26T12:00:00Z");
    expect(studyDay(now, "UTC", 4).start.toISOString()).toBe("2026-11-26T04:00:00.000Z");
    expect(studyDay(now, "UTC", 6).start.toISOString()).toBe("2026-11-26T06:00:00.000Z");
    expect(studyDay(now, "Asia/Kolkata", 4).start.toISOString()).toBe("2026-11-25T22:30:00.000Z");
  });
});
