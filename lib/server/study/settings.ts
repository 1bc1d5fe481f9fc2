import "server-only";
import { prisma } from "../db";
import { fieldErrorsOf, formField } from "../../schemas/field-errors";
import { failure, type Result } from "../../schemas/failure";
import type { Prisma } from "../generated/prisma/client";
import { studySettingsSchema, timeZoneSchema, type StudySettingsValues } from "../../schemas/study";
import type { SessionUser } from "../auth";

/** The User columns that hold a learner's study settings (the scheduler's and the study day's). */
export const STUDY_SETTINGS_SELECT = {
  timeZone: true,
  dayStartHour: true,
  desiredRetention: true,
  learningSteps: true,
  relearningSteps: true,
  enableFuzz: true,
  maximumInterval: true,
  newPerDay: true,
  reviewsPerDay: true,
  newLimitRaise: true,
  newLimitRaiseDay: true,
} as const;

export type UserStudySettings = Prisma.UserGetPayload<{ select: typeof STUDY_SETTINGS_SELECT }>;

/** The user's study settings: the ones read with the session, else from the database. */
export async function userStudySettings(user: SessionUser | string): Promise<UserStudySettings> {
  if (typeof user !== "string" && user.study !== undefined) return user.study;
  const id = typeof user === "string" ? user : user.id;
  const row = await prisma.user.findUnique({ where: { id }, select: STUDY_SETTINGS_SELECT });
  if (!row) throw new Error("the signed-in user no longer exists");
  return row;
}

export type SaveSettingsResult = Result<{ values: StudySettingsValues }, "INVALID_REQUEST">;

/** The signed-in user's study settings, as the settings form shows them. */
export function studySettingsOf(user: SessionUser): Promise<StudySettingsValues> {
  return userStudySettings(user);
}

/** Validates and saves the user's own settings (never anyone else's). Steps are stored normalised. */
export async function saveStudySettings(user: SessionUser, input: unknown): Promise<SaveSettingsResult> {
  const parsed = studySettingsSchema.safeParse(input);
  if (!parsed.success) {
    return failure("INVALID_REQUEST", "Check the highlighted fields.", fieldErrorsOf(parsed.error, formField));
  }
  const normalise = (steps: string) =>
    steps
      .split(/[\s,]+/)
      .filter(Boolean)
      .join(" ");
  const values = {
    ...parsed.data,
    learningSteps: normalise(parsed.data.learningSteps),
    relearningSteps: normalise(parsed.data.relearningSteps),
  };
  // saving the settings confirms the zone shown in them: the browser's is not adopted over it any more
  await prisma.user.update({ where: { id: user.id }, data: { ...values, timeZoneSetAt: new Date() } });
  return { ok: true, values };
}

/**
 * True while the user's time zone is still the default, not set from their browser or in settings: as read
 * with the session, else from the database.
 */
export async function timeZoneUnset(user: SessionUser | string): Promise<boolean> {
  if (typeof user !== "string" && user.timeZoneUnset !== undefined) return user.timeZoneUnset;
  const userId = typeof user === "string" ? user : user.id;
  const row = await prisma.user.findUnique({ where: { id: userId }, select: { timeZoneSetAt: true } });
  return row !== null && row.timeZoneSetAt === null;
}

/**
 * The browser's time zone becomes the user's, once: on sign-up or the first visit after it (detected in the
 * browser, which is the only one that knows it). A zone already set, by the browser or in settings, is
 * never replaced; an unknown zone is ignored. Answers whether the zone was adopted.
 */
export async function adoptBrowserTimeZone(user: SessionUser, zone: unknown, now: Date): Promise<boolean> {
  const parsed = timeZoneSchema.safeParse(zone);
  if (!parsed.success) return false;
  const updated = await prisma.user.updateMany({
    where: { id: user.id, timeZoneSetAt: null },
    data: { timeZone: parsed.data, timeZoneSetAt: now },
  });
  return updated.count > 0;
}
