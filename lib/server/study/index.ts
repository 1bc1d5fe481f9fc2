/**
 * The study loop on the server: New / Learning / Due counts, the next card, one rating per transaction
 * (idempotent by the client's key), undo through ts-fsrs rollback, cram mode, statistics, settings.
 * Authorization: every function takes the signed-in user and only ever reads or writes that user's cards
 * and logs. Scheduling itself is lib/srs.
 *
 * Reads: session.ts, counts.ts, card-view.ts, stats.ts, cram.ts. Actions: rate.ts, undo.ts, more-today.ts
 * (studyMoreToday: today's new-card limit raised), settings.ts (saveStudySettings, adoptBrowserTimeZone),
 * cards.ts (cards created on first sight, or made due by an interview).
 */
import "server-only";

export { studySession, type StudyDone, type StudySession, type StudySet } from "./session";
export { queueHead, setCounts, todaysAllowance } from "./counts";
export { cardView, type CardView, type IntervalLabel, type ScenarioView } from "./card-view";
export { cardColumns, cardSeed, ensureCards, fsrsLogColumns, srsCardOf, type FsrsColumns } from "./cards";
export { rateCard, type RateResult } from "./rate";
export { undoLastRating, type UndoResult } from "./undo";
export { studyMoreToday, type StudyMoreResult } from "./more-today";
export { cramSession, type CramResult, type CramSession } from "./cram";
export { studyStats, FORECAST_DAYS, HEATMAP_DAYS, RETENTION_DAYS } from "./stats";
export type { DayCount, RetentionPoint, StudyStats } from "./stats";
export {
  adoptBrowserTimeZone,
  saveStudySettings,
  STUDY_SETTINGS_SELECT,
  studySettingsOf,
  timeZoneUnset,
  userStudySettings,
  type SaveSettingsResult,
  type UserStudySettings,
} from "./settings";
