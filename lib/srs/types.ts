/**
 * Hopdrill's own spaced-repetition types (camelCase). ts-fsrs's snake_case types stay inside lib/srs.
 * Values mirror the database columns of Card and ReviewLog, so mapping is field by field.
 */

/** ts-fsrs Rating without Manual: 1 Again, 2 Hard, 3 Good, 4 Easy. */
export type Rating = 1 | 2 | 3 | 4;
export const RATINGS: readonly Rating[] = [1, 2, 3, 4];
export const RATING_LABEL: Readonly<Record<Rating, string>> = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };

/**
 * ts-fsrs State by name, with its numbers (0 New, 1 Learning, 2 Review, 3 Relearning): the values the Card and
 * ReviewLog `state` columns store. Queries and views name states through this table, never by number.
 */
export const CARD_STATE = { new: 0, learning: 1, review: 2, relearning: 3 } as const;
export type CardState = (typeof CARD_STATE)[keyof typeof CARD_STATE];
/** Every state, in ts-fsrs's order. */
export const CARD_STATES: readonly CardState[] = Object.values(CARD_STATE);
/** The states whose cards are in the learning queue (first steps and relearning after a lapse). */
export const LEARNING_STATES: readonly CardState[] = [CARD_STATE.learning, CARD_STATE.relearning];
export const CARD_STATE_LABEL: Readonly<Record<CardState, string>> = {
  [CARD_STATE.new]: "New",
  [CARD_STATE.learning]: "Learning",
  [CARD_STATE.review]: "Review",
  [CARD_STATE.relearning]: "Relearning",
};

export function toCardState(value: number): CardState {
  return value === 1 || value === 2 || value === 3 ? value : 0;
}

export function toRating(value: number): Rating | null {
  return value === 1 || value === 2 || value === 3 || value === 4 ? value : null;
}

/** The FSRS memory state of one card. */
export interface SrsCard {
  readonly due: Date;
  readonly stability: number;
  readonly difficulty: number;
  readonly elapsedDays: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly reps: number;
  readonly lapses: number;
  readonly state: CardState;
  readonly lastReview: Date | null;
}

/**
 * One review: the rating, when, and the card's values *before* it. Unlike ts-fsrs's log (whose `due` holds
 * the previous last review), `due` here is the card's real previous due date, so undo restores an overdue
 * card exactly; the previous last review is the review time of the card's previous log.
 */
export interface SrsReviewLog {
  readonly rating: Rating;
  readonly state: CardState;
  readonly due: Date;
  readonly stability: number;
  readonly difficulty: number;
  readonly elapsedDays: number;
  readonly lastElapsedDays: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly review: Date;
}

/** The scheduler's parameters, per user (validated by lib/schemas/study.ts before they get here). */
export interface SchedulerSettings {
  readonly desiredRetention: number;
  /** e.g. ["1m", "10m"] */
  readonly learningSteps: readonly string[];
  readonly relearningSteps: readonly string[];
  readonly enableFuzz: boolean;
  /** days */
  readonly maximumInterval: number;
}

/** The study day and the daily limits, per user. */
export interface DaySettings {
  /** IANA zone, e.g. "Europe/Berlin" */
  readonly timeZone: string;
  /** 0–23: the hour at which a new study day starts (Anki's "next day starts at", default 4) */
  readonly dayStartHour: number;
  readonly newPerDay: number;
  readonly reviewsPerDay: number;
}

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  desiredRetention: 0.9,
  learningSteps: ["1m", "10m"],
  relearningSteps: ["10m"],
  enableFuzz: true,
  maximumInterval: 36500,
};

export const DEFAULT_DAY_SETTINGS: DaySettings = {
  timeZone: "UTC",
  dayStartHour: 4,
  newPerDay: 20,
  reviewsPerDay: 200,
};
