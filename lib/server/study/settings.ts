import "server-only";
import { prisma } from "../db";
import { fieldErrorsOf, formField } from "../../schemas/field-errors";
import { failure, type Result } from "../../schemas/failure";
import type { Prisma } from "../generated/prisma/client";
import { studySettingsSchema, type StudySettingsValues } from "../../schemas/study";
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
} as const;

export type UserStudySettings = Prisma.UserGetPayload<{ select: typeof STUDY_SETTINGS_SELECT }>;

export async function userStudySettings(userId: string): Promise<UserStudySettings> {
  const row = await prisma.user.findUnique({ where: { id: userId }, select: STUDY_SETTINGS_SELECT });
  if (!row) throw new Error("the signed-in user no longer exists");
  return row;
}

export type SaveSettingsResult = Result<{ values: StudySettingsValues }, "INVALID_REQUEST">;

/** The signed-in user's study settings, as the settings form shows them. */
export function studySettingsOf(user: SessionUser): Promise<StudySettingsValues> {
  return userStudySettings(user.id);
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
  await prisma.user.update({ where: { id: user.id }, data: values });
  return { ok: true, values };
}
