import {
  createEmptyCard,
  fsrs,
  generatorParameters,
  type Card as FsrsCard,
  type FSRS,
  type Grade,
  type ReviewLog as FsrsLog,
  type StepUnit,
} from "ts-fsrs";
import type { Rating, SchedulerSettings, SrsCard, SrsReviewLog } from "./types";
import { CARD_STATE, toCardState } from "./types";

/** What one rating would do to a card: the card after it, the log to store, and the wait until it is due. */
export interface RatingOutcome {
  readonly rating: Rating;
  readonly card: SrsCard;
  readonly log: SrsReviewLog;
  /** milliseconds from the review to the new due date (what the rating button shows) */
  readonly intervalMs: number;
}

export interface Scheduler {
  /** The outcome of each of the four ratings, without changing anything. */
  preview(card: SrsCard, now: Date): Readonly<Record<Rating, RatingOutcome>>;
  /** The outcome of one rating. */
  rate(card: SrsCard, rating: Rating, now: Date): RatingOutcome;
  /**
   * The card exactly as it was before `log`'s review (ts-fsrs `rollback`), given the review time of the
   * card's previous review (null when `log` was its first).
   */
  rollback(card: SrsCard, log: SrsReviewLog, previousReview: Date | null): SrsCard;
  /** Probability of recall at `at` (0 for a card never reviewed). */
  retrievability(card: SrsCard, at: Date): number;
}

/** A card nobody has studied yet, due at `now`. */
export function newCard(now: Date): SrsCard {
  return fromFsrsCard(createEmptyCard(now));
}

function toFsrsCard(card: SrsCard): FsrsCard {
  const value: FsrsCard = {
    due: new Date(card.due.getTime()),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
  };
  if (card.lastReview !== null) value.last_review = new Date(card.lastReview.getTime());
  return value;
}

function fromFsrsCard(card: FsrsCard): SrsCard {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: toCardState(card.state),
    lastReview: card.last_review ?? null,
  };
}

function fromFsrsLog(log: FsrsLog, before: SrsCard, rating: Rating): SrsReviewLog {
  return {
    rating,
    state: before.state,
    // ts-fsrs logs `last_review || due` here; we keep the real previous due so undo is exact (types.ts).
    due: new Date(before.due.getTime()),
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.elapsed_days,
    lastElapsedDays: log.last_elapsed_days,
    scheduledDays: log.scheduled_days,
    learningSteps: log.learning_steps,
    review: log.review,
  };
}

/** ts-fsrs parameters from our settings (validated beforehand by studySettingsSchema). */
function fsrsFor(settings: SchedulerSettings): FSRS {
  return fsrs(
    generatorParameters({
      request_retention: settings.desiredRetention,
      maximum_interval: settings.maximumInterval,
      enable_fuzz: settings.enableFuzz,
      // Short-term scheduling is what makes the (re)learning steps apply (ts-fsrs README).
      enable_short_term: true,
      learning_steps: settings.learningSteps as readonly StepUnit[],
      relearning_steps: settings.relearningSteps as readonly StepUnit[],
    }),
  );
}

/**
 * ts-fsrs keeps Hard < Good < Easy by at least a day each, even past the maximum interval (with a maximum of
 * 3 days it schedules 3, 4 and 5); Anki caps every button at the maximum, and so do we.
 */
function capInterval(card: SrsCard, now: Date, maximumInterval: number): SrsCard {
  if (card.scheduledDays <= maximumInterval) return card;
  return { ...card, scheduledDays: maximumInterval, due: new Date(now.getTime() + maximumInterval * 86_400_000) };
}

export function createScheduler(settings: SchedulerSettings): Scheduler {
  const engine = fsrsFor(settings);
  const outcome = (card: SrsCard, rating: Rating, now: Date): RatingOutcome => {
    const item = engine.next(toFsrsCard(card), now, rating as Grade);
    const next = capInterval(fromFsrsCard(item.card), now, settings.maximumInterval);
    return {
      rating,
      card: next,
      log: fromFsrsLog(item.log, card, rating),
      intervalMs: next.due.getTime() - now.getTime(),
    };
  };
  return {
    preview(card, now) {
      return { 1: outcome(card, 1, now), 2: outcome(card, 2, now), 3: outcome(card, 3, now), 4: outcome(card, 4, now) };
    },
    rate: outcome,
    rollback(card, log, previousReview) {
      const restored = engine.rollback(toFsrsCard(card), {
        rating: log.rating,
        state: log.state,
        // ts-fsrs reads the previous last review from `due` (it logs `last_review || due`).
        due: log.state === CARD_STATE.new ? log.due : (previousReview ?? log.due),
        stability: log.stability,
        difficulty: log.difficulty,
        elapsed_days: log.elapsedDays,
        last_elapsed_days: log.lastElapsedDays,
        scheduled_days: log.scheduledDays,
        learning_steps: log.learningSteps,
        review: log.review,
      });
      const previous = fromFsrsCard(restored);
      // ts-fsrs sets due to the review time; the real due (earlier for an overdue card) is in our log.
      return {
        ...previous,
        due: new Date(log.due.getTime()),
        lastReview: log.state === CARD_STATE.new ? null : previousReview,
      };
    },
    retrievability(card, at) {
      if (card.state === CARD_STATE.new) return 0;
      return engine.get_retrievability(toFsrsCard(card), at, false);
    },
  };
}
