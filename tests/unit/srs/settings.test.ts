import { describe, expect, it } from "vitest";
import { parseStepList, studySettingsSchema } from "../../../lib/schemas/study";
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
