import { z } from "zod";
import { itemIdSchema, slugSchema } from "./question-set";
import { SETTING_LIMITS, settingRange, type NumericSetting } from "./study-limits";

/**
 * Inputs of the study feature: the learner's scheduler settings, a rating, an undo, a cram request.
 * Every form and server action parses with these (`safeParse` at the edge).
 */

/** One learning step as ts-fsrs writes it: a positive whole number of minutes, hours or days ("1m", "10m", "1d"). */
const STEP = /^([1-9][0-9]{0,4})(m|h|d)$/;

/** Parses a step list such as "1m 10m" (space or comma separated) into ts-fsrs step units; "" means no steps. */
export function parseStepList(text: string): { ok: true; steps: string[] } | { ok: false; message: string } {
  const parts = text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length > 10) return { ok: false, message: "Use at most 10 steps." };
  const minutes: number[] = [];
  for (const part of parts) {
    const match = STEP.exec(part);
    if (!match) return { ok: false, message: `"${part}" is not a step: write a number and m, h or d, like 10m.` };
    const factor = match[2] === "m" ? 1 : match[2] === "h" ? 60 : 1440;
    minutes.push(Number(match[1]) * factor);
  }
  for (let i = 1; i < minutes.length; i += 1) {
    if ((minutes[i] ?? 0) < (minutes[i - 1] ?? 0)) return { ok: false, message: "Steps must not get shorter." };
  }
  return { ok: true, steps: parts };
}

const stepList = z
  .string()
  .trim()
  .max(100, "Is too long.")
  .superRefine((text, ctx) => {
    const parsed = parseStepList(text);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
  });

/** An IANA time zone that this runtime's Intl knows (e.g. "Europe/Berlin", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .trim()
  .min(1, "Choose a time zone.")
  .max(64, "Choose a time zone from the list.")
  .refine(isTimeZone, "Choose a time zone from the list.");

function boundedNumber(setting: NumericSetting) {
  const { min, max, integer } = SETTING_LIMITS[setting];
  const range = settingRange(setting);
  const number = z.coerce
    .number({ message: `Enter a number, ${range}.` })
    .min(min, `Use ${range}.`)
    .max(max, `Use ${range}.`);
  // an empty field is not 0
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    integer ? number.int(`Use a whole number, ${range}.`) : number,
  );
}

/** The per-user settings of the scheduler and of the study day (bounds: SETTING_LIMITS). */
export const studySettingsSchema = z.object({
  desiredRetention: boundedNumber("desiredRetention"),
  learningSteps: stepList,
  relearningSteps: stepList,
  enableFuzz: z.boolean(),
  maximumInterval: boundedNumber("maximumInterval"),
  newPerDay: boundedNumber("newPerDay"),
  reviewsPerDay: boundedNumber("reviewsPerDay"),
  timeZone: timeZoneSchema,
  dayStartHour: boundedNumber("dayStartHour"),
});

export type StudySettingsInput = z.input<typeof studySettingsSchema>;
export type StudySettingsValues = z.output<typeof studySettingsSchema>;

export const ratingSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/**
 * One rating from the study screen (`POST /api/study/ratings`). The key is a UUID the browser makes once per
 * rating, so a retried request records one review.
 */
export const rateInputSchema = z.object({
  itemId: itemIdSchema,
  rating: ratingSchema,
  idempotencyKey: z.uuid({ message: "must be a UUID" }),
  /** time from showing the question to the rating, capped at an hour (a learner who walked away) */
  durationMs: z.number().int().min(0).max(86_400_000),
  /** "flashcard" for normal study, "cram" for cram mode (logged, FSRS state untouched) */
  source: z.enum(["flashcard", "cram"]).default("flashcard"),
  /** the card's review count when it was shown: a rating of a card that moved on since is refused as stale */
  reps: z.number().int().min(0).optional(),
  /**
   * when the learner rated, by the browser's clock set to the server's: a rating sent late (offline) is
   * scheduled from the moment it was made. Absent: when it arrives.
   */
  reviewedAt: z.iso.datetime({ offset: true, message: "must be an ISO date-time" }).optional(),
  /** answer with the card's face for its next showing (a scenario card that comes back today) */
  withFace: z.boolean().optional(),
});

export type RateInput = z.input<typeof rateInputSchema>;

/** "my interview is on <date>": which sets, and the date (YYYY-MM-DD, today or later). */
export const cramInputSchema = z.object({
  sets: z.array(slugSchema).min(1, "Choose at least one set.").max(50),
  date: z.iso.date({ message: "Enter the date of your interview." }),
});

/** Where a rating or an undo returns to: a set's study page, or a cram session. */
export const studyReturnSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("set"), slug: slugSchema }),
  z.object({ mode: z.literal("cram"), sets: cramInputSchema.shape.sets, date: cramInputSchema.shape.date }),
]);

export type StudyReturn = z.output<typeof studyReturnSchema>;

/** `POST /api/study/undo`: one rating by its key, or the latest rating of a set's study or of cram. */
export const undoInputSchema = z.union([
  z.object({ idempotencyKey: z.uuid({ message: "must be a UUID" }) }).strict(),
  z.object({ latest: studyReturnSchema }).strict(),
]);

export type UndoInput = z.output<typeof undoInputSchema>;

/** `GET /api/study/queue`: a set's study queue (`?set=`), or a cram session's (`?sets=…&date=`). */
export const queueQuerySchema = z.union([
  z.object({ set: slugSchema }).strict(),
  z.object({ sets: cramInputSchema.shape.sets, date: cramInputSchema.shape.date }).strict(),
]);
