import "server-only";
import { headers } from "next/headers";
import { userStudySettings } from "@/lib/server/study";
import { localeFromAcceptLanguage } from "./learner-locale";

/** How a page writes dates and times for the signed-in learner: their browser's English and their time zone. */
export interface LearnerTime {
  readonly locale: string;
  readonly timeZone: string;
}

/** The learner's locale (Accept-Language) and the time zone of their settings. */
export async function learnerTime(userId: string): Promise<LearnerTime> {
  const [header, settings] = await Promise.all([headers(), userStudySettings(userId)]);
  return { locale: localeFromAcceptLanguage(header.get("accept-language")), timeZone: settings.timeZone };
}
