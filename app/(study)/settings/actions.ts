"use server";

import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/server/auth";
import { adoptBrowserTimeZone, saveStudySettings } from "@/lib/server/study";
import type { FormState } from "@/lib/schemas/form-state";
import { SETTINGS_SAVED } from "./messages";

const FIELDS = [
  "desiredRetention",
  "learningSteps",
  "relearningSteps",
  "maximumInterval",
  "newPerDay",
  "reviewsPerDay",
  "timeZone",
  "dayStartHour",
] as const;

export async function saveSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await currentUser();
  if (!user) return { message: "Your session has ended: sign in again." };
  const values: Record<string, string> = {};
  for (const field of FIELDS) values[field] = String(formData.get(field) ?? "");
  const result = await saveStudySettings(user, { ...values, enableFuzz: formData.get("enableFuzz") === "on" });
  if (!result.ok)
    return {
      fieldErrors: result.fieldErrors,
      values: { ...values, enableFuzz: formData.get("enableFuzz") === "on" ? "on" : "" },
    };
  revalidatePath("/settings");
  return { message: SETTINGS_SAVED, values: { ...values, enableFuzz: result.values.enableFuzz ? "on" : "" } };
}

/** The browser's time zone for a user whose zone is still the default (TimeZoneDetector). */
export async function adoptTimeZoneAction(zone: unknown): Promise<boolean> {
  const user = await currentUser();
  if (!user) return false;
  return adoptBrowserTimeZone(user, zone, new Date());
}
