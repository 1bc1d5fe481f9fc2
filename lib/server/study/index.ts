/**
 * The study loop on the server: the study queue a browser works from (counts, allowance, the first cards of
 * each queue with their FSRS state and faces), one rating per transaction (idempotent by the browser's key,
 * scheduled from when it was made), undo through ts-fsrs rollback, cram mode, statistics, settings.
 * Authorization: every function takes the signed-in user and only ever reads or writes that user's cards
 * and logs. Scheduling itself is lib/srs, and the browser runs the same code (lib/srs/study-queue.ts).
 *
 * Reads: queue.ts, counts.ts, faces.ts, stats.ts, cram.ts. Writes: rate.ts, undo.ts, more-today.ts
 * (studyMoreToday: today's new-card limit raised), settings.ts (saveStudySettings, adoptBrowserTimeZone),
 * cards.ts (cards made due by an interview). Writes go through Prisma; the reads that
 * one statement answers and Prisma's API cannot are standard SQL through lib/server/sql-rows.ts, the same on
 * SQLite and PostgreSQL; queue-rows.ts and cards.ts hold the one mapping of their rows.
 */
import "server-only";

export { studySnapshot, QUEUE_AHEAD, type SetSnapshot, type StudyDone, type StudySet } from "./queue";
export { setCounts, todaysAllowance } from "./counts";
export { cardFace, type CardFace, type ScenarioView } from "./faces";
export { toWireSrs, type WireCard, type WireSrsCard } from "./queue-rows";
export {
  cardColumns,
  cardSeed,
  ensureCards,
  fsrsLogColumns,
  SCENARIO_SEEDS_PER_ITEM,
  srsCardOf,
  type FsrsColumns,
} from "./cards";
export { MAX_CLOCK_AHEAD_MS, rateCard, type Rated, type RateResult } from "./rate";
export { undoRating, type UndoResult } from "./undo";
export { CRAM_AHEAD, cramSnapshot, type CramResult, type CramSnapshot } from "./cram";
export { studyMoreToday, type StudyMoreResult } from "./more-today";
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
