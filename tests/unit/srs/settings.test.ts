import { describe, expect, it } from "vitest";
import { parseStepList, studySettingsSchema } from "../../../lib/schemas/study";
import { SETTING_LIMITS, settingRange } from "../../../lib/schemas/study-limits";
import { schedulerSettingsFrom } from "../../../lib/srs/index";

const valid = {
  desiredRetention: "0.9",
  learningSteps: "1m 10m",
  relearningSteps: "10m",
  enableFuzz: true,
  maximumInterval: "36500",
  newPerDay: "20",
  reviewsPerDay: "200",
  timeZone: "Europe/Berlin",
  dayStartHour: "4",
};

describe("study settings", () => {
  it("accept the product defaults", () => {
    const parsed = studySettingsSchema.safeParse(valid);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.desiredRetention).toBe(0.9);
  });

  it.each([
    ["desiredRetention", "1.2"],
    ["desiredRetention", "0.3"],
    ["learningSteps", "1x"],
    ["learningSteps", "10m 1m"],
    ["relearningSteps", "-5m"],
    ["maximumInterval", "0"],
    ["maximumInterval", "40000"],
    ["newPerDay", "-1"],
    ["reviewsPerDay", "2.5"],
    ["timeZone", "Mars/Olympus_Mons"],
    ["dayStartHour", "24"],
  ])("reject %s = %s with a message on that field", (field, value) => {
    const parsed = studySettingsSchema.safeParse({ ...valid, [field]: value });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([field]);
  });

  // "−3 new cards" was refused without saying what is allowed (regression)
  it.each([
    ["newPerDay", "-3", "Use 0 to 9999 new cards a day."],
    ["newPerDay", "", "Enter a number, 0 to 9999 new cards a day."],
    ["newPerDay", "lots", "Enter a number, 0 to 9999 new cards a day."],
    ["reviewsPerDay", "2.5", "Use a whole number, 0 to 99999 reviews a day."],
    ["desiredRetention", "0.3", "Use 0.70 to 0.99."],
    ["maximumInterval", "40000", "Use 1 to 36500 days."],
    ["dayStartHour", "24", "Use 0 to 23 (the hour of the day)."],
    ["timeZone", "Mars/Olympus_Mons", "Choose a time zone from the list."],
  ])("refuse %s = %j saying what is allowed", (field, value, message) => {
    const parsed = studySettingsSchema.safeParse({ ...valid, [field]: value });
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it("name the allowed range of every numeric setting", () => {
    for (const setting of Object.keys(SETTING_LIMITS) as (keyof typeof SETTING_LIMITS)[]) {
      const { min, max } = SETTING_LIMITS[setting];
      expect(settingRange(setting)).toMatch(
        new RegExp(`^${min === 0.7 ? "0\\.70" : min} to ${max === 0.99 ? "0\\.99" : max}`),
      );
      const below = studySettingsSchema.safeParse({ ...valid, [setting]: String(min - 1) });
      expect(below.error?.issues[0]?.message).toBe(`Use ${settingRange(setting)}.`);
    }
  });

  it("parse step lists written with spaces or commas; an empty list is allowed", () => {
    expect(parseStepList("1m, 10m 1h")).toEqual({ ok: true, steps: ["1m", "10m", "1h"] });
    expect(parseStepList("")).toEqual({ ok: true, steps: [] });
  });

  it("become scheduler settings", () => {
    expect(
      schedulerSettingsFrom({
        desiredRetention: 0.85,
        learningSteps: "2m 15m",
        relearningSteps: "",
        enableFuzz: false,
        maximumInterval: 365,
      }),
    ).toEqual({
      desiredRetention: 0.85,
      learningSteps: ["2m", "15m"],
      relearningSteps: [],
      enableFuzz: false,
      maximumInterval: 365,
    });
  });
});
