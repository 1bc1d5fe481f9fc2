/**
 * Spaced repetition for Hopdrill: a pure wrapper over ts-fsrs with our own camelCase types. Time is always a
 * parameter (`now`), never read from the clock.
 */
export * from "./types";
export { createScheduler, newCard, type RatingOutcome, type Scheduler } from "./scheduler";
export { studyDay, studyDayOf, studyDayKey, addDays, zonedInstant, zoneOffsetMs, type StudyDay } from "./study-day";
export {
  dailyAllowance,
  todaysLimits,
  NEW_LIMIT_RAISE,
  queueCounts,
  nextCard,
  LEARN_AHEAD_MS,
  type DailyAllowance,
  type QueueCounts,
  type QueueHead,
  type NextCard,
} from "./daily-queue";
export { formatInterval, describeInterval, describeStudyTime } from "./intervals";
export { cramAfterRating, cramOutcome, cramQueue, cramRepeats, type CramCandidate } from "./cram";
export { countsOf, nextInQueue, rateInQueue, withCard, type QueuedCard, type StudyQueue } from "./study-queue";
export { variantSeed } from "./variant-seed";
export { schedulerSettingsFrom } from "./settings";
