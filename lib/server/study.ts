/**
 * The study loop on the server: New / Learning / Due counts, the next card, one rating per transaction
 * (idempotent by the client's key), undo through ts-fsrs rollback. Authorization: every function takes the
 * signed-in user and only ever reads or writes that user's cards and logs.
 */
import { prisma } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { renderMarkdown } from "../content/markdown";
import {
  createScheduler,
  dailyAllowance,
  describeInterval,
  formatInterval,
  nextCard,
  queueCounts,
  RATINGS,
  RATING_LABEL,
  schedulerSettingsFrom,
  studyDay,
  toCardState,
  toRating,
  variantSeed,
  type DailyAllowance,
  type QueueCounts,
  type Rating,
  type SrsCard,
  type SrsReviewLog,
  type StudyDay,
} from "../srs/index";
import { rateInputSchema, type RateInput } from "../schemas/study";
import type { Trace } from "../sim/index";
import type { SessionUser } from "./auth";
import { describeScenario, parseScenarioItem, scenarioAnswer, scenarioVariant } from "../content";

const USER_SETTINGS = {
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

export type UserStudySettings = Prisma.UserGetPayload<{ select: typeof USER_SETTINGS }>;

export async function userStudySettings(userId: string): Promise<UserStudySettings> {
  const row = await prisma.user.findUnique({ where: { id: userId }, select: USER_SETTINGS });
  if (!row) throw new Error("the signed-in user no longer exists");
  return row;
}

type CardRow = Prisma.CardGetPayload<object>;

export function srsCardOf(row: CardRow): SrsCard {
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsedDays: row.elapsedDays,
    scheduledDays: row.scheduledDays,
    learningSteps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    state: toCardState(row.state),
    lastReview: row.lastReview,
  };
}

function cardColumns(card: SrsCard) {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsedDays,
    scheduledDays: card.scheduledDays,
    learningSteps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.lastReview,
  };
}

/** Seeds are keyed by user and item, so they exist before the card row does and survive a re-created card. */
export function cardSeed(userId: string, itemId: string, reps: number): number {
  return variantSeed(`${userId}:${itemId}`, reps);
}

/** What the learner studied today (flashcard source), for the daily limits. */
async function doneToday(userId: string, day: StudyDay): Promise<{ newCards: number; reviews: number }> {
  const rows = await prisma.reviewLog.groupBy({
    by: ["state"],
    where: { userId, source: "flashcard", review: { gte: day.start, lt: day.end } },
    _count: { _all: true },
  });
  const count = (state: number) => rows.find((r) => r.state === state)?._count._all ?? 0;
  return { newCards: count(0), reviews: count(2) };
}

export async function todaysAllowance(
  userId: string,
  settings: UserStudySettings,
  now: Date,
): Promise<{ day: StudyDay; allowance: DailyAllowance }> {
  const day = studyDay(now, settings.timeZone, settings.dayStartHour);
  return { day, allowance: dailyAllowance(settings, await doneToday(userId, day)) };
}

const inSet = (setId: string) => ({ setId, retiredAt: null });

/** New / Learning / Due for each set id (published, active items), for the signed-in user. */
export async function setCounts(
  user: SessionUser,
  sets: readonly { readonly id: string; readonly itemCount: number }[],
  now: Date,
): Promise<Map<string, QueueCounts>> {
  const settings = await userStudySettings(user.id);
  const { day, allowance } = await todaysAllowance(user.id, settings, now);
  const entries = await Promise.all(
    sets.map(async (set) => [set.id, await countsOfSet(user.id, set, day, allowance)] as const),
  );
  return new Map(entries);
}

/** Three COUNT queries on the (userId, state) / (userId, due) indexes; no rows are loaded. */
async function rawCountsOfSet(
  userId: string,
  setId: string,
  day: StudyDay,
): Promise<{ started: number; learning: number; due: number }> {
  const [started, learning, due] = await Promise.all([
    prisma.card.count({ where: { userId, state: { not: 0 }, item: inSet(setId) } }),
    prisma.card.count({ where: { userId, state: { in: [1, 3] }, due: { lt: day.end }, item: inSet(setId) } }),
    prisma.card.count({ where: { userId, state: 2, due: { lt: day.end }, item: inSet(setId) } }),
  ]);
  return { started, learning, due };
}

async function countsOfSet(
  userId: string,
  set: { readonly id: string; readonly itemCount: number },
  day: StudyDay,
  allowance: DailyAllowance,
): Promise<QueueCounts> {
  const raw = await rawCountsOfSet(userId, set.id, day);
  return queueCounts(
    { newCards: Math.max(0, set.itemCount - raw.started), learning: raw.learning, due: raw.due },
    allowance,
  );
}

/** Creates the user's missing cards for the set's active items (new, due now). */
export async function ensureCards(userId: string, setId: string, now: Date): Promise<void> {
  const items = await prisma.item.findMany({
    where: { setId, retiredAt: null, cards: { none: { userId } } },
    select: { id: true },
  });
  if (items.length === 0) return;
  try {
    await prisma.card.createMany({ data: items.map((item) => ({ userId, itemId: item.id, due: now })) });
  } catch (error) {
    // Another request created them first (unique userId+itemId): that is the state we wanted.
    if (!isUniqueViolation(error)) throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export interface IntervalLabel {
  readonly rating: Rating;
  readonly name: string;
  readonly label: string;
  readonly description: string;
}

export interface ScenarioView {
  readonly seed: number;
  readonly template: string;
  readonly descriptionHtml: string;
  readonly answerHtml: string;
  readonly trace: Trace;
  readonly matchesOptions: boolean;
}

export interface CardView {
  readonly id: string;
  readonly itemId: string;
  readonly kind: string;
  readonly state: number;
  readonly reps: number;
  readonly queue: "learning" | "review" | "new" | "cram";
  readonly frontHtml: string;
  readonly backHtml: string;
  readonly scenario: ScenarioView | null;
  readonly intervals: readonly IntervalLabel[];
}

type CardWithItem = Prisma.CardGetPayload<{ include: { item: true } }>;

export function cardView(
  row: CardWithItem,
  userId: string,
  settings: UserStudySettings,
  now: Date,
  queue: CardView["queue"],
): CardView {
  const scheduler = createScheduler(schedulerSettingsFrom(settings));
  const preview = scheduler.preview(srsCardOf(row), now);
  const intervals = RATINGS.map((rating) => ({
    rating,
    name: RATING_LABEL[rating],
    label: queue === "cram" ? "cram" : formatInterval(preview[rating].intervalMs),
    description: queue === "cram" ? "no change to the schedule" : describeInterval(preview[rating].intervalMs),
  }));
  let scenario: ScenarioView | null = null;
  const settingsOfItem = row.item.kind === "scenario" ? parseScenarioItem(row.item.scenario) : null;
  if (settingsOfItem !== null) {
    const seed = row.scenarioSeed ?? cardSeed(userId, row.itemId, row.reps);
    const variant = scenarioVariant(seed, settingsOfItem.generator);
    if (variant !== null) {
      scenario = {
        seed,
        template: settingsOfItem.template,
        descriptionHtml: renderMarkdown(describeScenario(variant.trace)),
        answerHtml: renderMarkdown(scenarioAnswer(variant.trace, settingsOfItem.template)),
        trace: variant.trace,
        matchesOptions: variant.matchesOptions,
      };
    }
  }
  return {
    id: row.id,
    itemId: row.itemId,
    kind: row.item.kind,
    state: row.state,
    reps: row.reps,
    queue,
    frontHtml: renderMarkdown(row.item.front),
    backHtml: renderMarkdown(row.item.back),
    scenario,
    intervals,
  };
}

/**
 * The head of each queue for one set: three indexed look-ups, one small row each. New cards are found from
 * the item side (Item(setId, position) index, then the user's card by its unique (userId, itemId)), so an
 * item without a card row yet counts as new and no per-visit "create the missing cards" pass is needed.
 */
export async function queueHead(userId: string, setId: string, day: StudyDay) {
  const [learning, review, freshItem] = await Promise.all([
    prisma.card.findFirst({
      where: { userId, state: { in: [1, 3] }, item: inSet(setId) },
      orderBy: { due: "asc" },
      select: { id: true, itemId: true, due: true },
    }),
    prisma.card.findFirst({
      where: { userId, state: 2, due: { lt: day.end }, item: inSet(setId) },
      orderBy: { due: "asc" },
      select: { id: true, itemId: true, due: true },
    }),
    prisma.item.findFirst({
      where: { ...inSet(setId), cards: { none: { userId, state: { not: 0 } } } },
      orderBy: { position: "asc" },
      select: { id: true },
    }),
  ]);
  return { learning, review, freshItemId: freshItem?.id ?? null };
}

/** The user's card for an item, created (new, due now) on first sight. */
async function cardForItem(userId: string, itemId: string, now: Date): Promise<CardWithItem> {
  const include = { item: true } as const;
  const existing = await prisma.card.findUnique({ where: { userId_itemId: { userId, itemId } }, include });
  if (existing) return existing;
  try {
    return await prisma.card.create({ data: { userId, itemId, due: now }, include });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return prisma.card.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId } }, include });
  }
}

export interface StudySet {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
}

export interface StudyDone {
  /** cards due during the next study day (new cards up to the daily limit included) */
  readonly tomorrow: number;
  /** the earliest due date among started cards, if any */
  readonly nextDue: Date | null;
}

export interface StudySession {
  readonly set: StudySet;
  readonly counts: QueueCounts;
  readonly card: CardView | null;
  readonly done: StudyDone | null;
  readonly canUndo: boolean;
  readonly timeZone: string;
}

async function findPublishedSet(slug: string): Promise<StudySet | null> {
  return prisma.questionSet.findFirst({
    where: { slug, status: "published" },
    select: { id: true, slug: true, title: true },
  });
}

/**
 * The study screen's state for one set: counts, the current card (the one undone last when `preferCardId`
 * names a due card of this user in this set), or what comes next when nothing is left today.
 */
export async function studySession(
  user: SessionUser,
  slug: string,
  now: Date,
  preferCardId: string | null = null,
): Promise<StudySession | null> {
  const [set, settings] = await Promise.all([findPublishedSet(slug), userStudySettings(user.id)]);
  if (!set) return null;
  const day = studyDay(now, settings.timeZone, settings.dayStartHour);
  // Independent indexed look-ups, issued together.
  const [studied, itemCount, raw, preferred, head, undoable] = await Promise.all([
    doneToday(user.id, day),
    prisma.item.count({ where: inSet(set.id) }),
    rawCountsOfSet(user.id, set.id, day),
    preferCardId === null
      ? null
      : prisma.card.findFirst({
          where: { id: preferCardId, userId: user.id, due: { lt: day.end }, item: inSet(set.id) },
          include: { item: true },
        }),
    queueHead(user.id, set.id, day),
    // A card with reviews has a log to undo (cram logs never raise reps).
    prisma.card.findFirst({ where: { userId: user.id, reps: { gt: 0 }, item: inSet(set.id) }, select: { id: true } }),
  ]);
  const allowance = dailyAllowance(settings, studied);
  const counts = queueCounts({ newCards: Math.max(0, itemCount - raw.started), ...raw }, allowance);
  const canUndo = undoable !== null;
  let row: CardWithItem | null = preferred;
  let queue: CardView["queue"] = "new";
  if (row !== null) queue = row.state === 0 ? "new" : row.state === 2 ? "review" : "learning";
  else {
    const next = nextCard(
      {
        learning: head.learning ? { card: head.learning.itemId, due: head.learning.due } : null,
        review: head.review ? { card: head.review.itemId, due: head.review.due } : null,
        newCard: head.freshItemId,
      },
      allowance,
      now,
    );
    if (next.kind === "card") {
      row = await cardForItem(user.id, next.card, now);
      queue = next.queue;
    }
  }
  if (row !== null) {
    return {
      set,
      counts,
      card: cardView(row, user.id, settings, now, queue),
      done: null,
      canUndo,
      timeZone: settings.timeZone,
    };
  }
  return {
    set,
    counts,
    card: null,
    done: await whatComesNext(user.id, set.id, settings, day, now),
    canUndo,
    timeZone: settings.timeZone,
  };
}

async function whatComesNext(
  userId: string,
  setId: string,
  settings: UserStudySettings,
  day: StudyDay,
  now: Date,
): Promise<StudyDone> {
  const tomorrowEnd = studyDay(day.end, settings.timeZone, settings.dayStartHour).end;
  const [dueTomorrow, newAvailable, next] = await Promise.all([
    prisma.card.count({ where: { userId, state: { not: 0 }, due: { lt: tomorrowEnd }, item: inSet(setId) } }),
    prisma.item.count({ where: { ...inSet(setId), cards: { none: { userId, state: { not: 0 } } } } }),
    prisma.card.findFirst({
      where: { userId, state: { not: 0 }, due: { gt: now }, item: inSet(setId) },
      orderBy: { due: "asc" },
      select: { due: true },
    }),
  ]);
  return {
    tomorrow: Math.min(dueTomorrow, settings.reviewsPerDay) + Math.min(newAvailable, settings.newPerDay),
    nextDue: next?.due ?? null,
  };
}

export type RateResult =
  | { readonly ok: true; readonly duplicate: boolean; readonly cardId: string; readonly due: Date | null }
  | { readonly ok: false; readonly code: "invalid" | "not-found" | "stale"; readonly message: string };

/**
 * Records one rating: card state and review log in ONE transaction. The client's idempotency key makes a
 * retried or double-submitted rating record one review. In cram mode only the log is written (source
 * "cram"): FSRS state does not move.
 *
 * The card is read and the new state computed before the transaction, which holds the app's only database
 * connection (every other request waits while it is open): the transaction writes only if the card is still
 * as read. When another rating moved it meanwhile, a rating that named the state it was shown (`reps`) is
 * stale; one that did not is applied to the newer state, as if it had queued behind the other.
 */
export async function rateCard(user: SessionUser, input: RateInput, now: Date): Promise<RateResult> {
  const parsed = rateInputSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, code: "invalid", message: parsed.error.issues[0]?.message ?? "Invalid rating." };
  const { cardId, rating, idempotencyKey, durationMs, source, reps } = parsed.data;
  const replay = await prisma.reviewLog.findUnique({
    where: { idempotencyKey },
    select: { userId: true, cardId: true },
  });
  if (replay) {
    if (replay.userId !== user.id) return { ok: false, code: "invalid", message: "This key was used already." };
    return { ok: true, duplicate: true, cardId: replay.cardId, due: null };
  }
  const settings = await userStudySettings(user.id);
  const scheduler = createScheduler(schedulerSettingsFrom(settings));
  const stale = { ok: false, code: "stale", message: "This card was rated already; showing the next one." } as const;
  try {
    for (let attempt = 1; attempt <= MAX_RATING_ATTEMPTS; attempt += 1) {
      const row = await prisma.card.findFirst({
        where: { id: cardId, userId: user.id },
        include: { item: { select: { kind: true } } },
      });
      if (!row) return { ok: false, code: "not-found", message: "No such card." };
      if (reps !== undefined && reps !== row.reps) return stale;
      const seedShown =
        row.item.kind === "scenario" ? (row.scenarioSeed ?? cardSeed(user.id, row.itemId, row.reps)) : null;
      const outcome = scheduler.rate(srsCardOf(row), rating, now);
      const log = outcome.log;
      const result = await prisma.$transaction(async (tx) => {
        if (source === "flashcard") {
          const updated = await tx.card.updateMany({
            where: { id: row.id, reps: row.reps, updatedAt: row.updatedAt },
            data: {
              ...cardColumns(outcome.card),
              scenarioSeed: seedShown === null ? null : cardSeed(user.id, row.itemId, outcome.card.reps),
            },
          });
          if (updated.count !== 1) {
            // moved since the read: by this very rating's twin (a retry that raced in), or by another rating
            const twin = await tx.reviewLog.findUnique({ where: { idempotencyKey }, select: { userId: true } });
            return twin?.userId === user.id ? ("duplicate" as const) : ("moved" as const);
          }
        }
        await tx.reviewLog.create({
          data: {
            cardId: row.id,
            userId: user.id,
            rating,
            ...fsrsLogColumns(log),
            review: now,
            source,
            durationMs: Math.min(durationMs, 3_600_000),
            scenarioSeed: seedShown,
            idempotencyKey,
          },
          select: { id: true },
        });
        return "recorded" as const;
      });
      if (result === "recorded") {
        return { ok: true, duplicate: false, cardId: row.id, due: source === "flashcard" ? outcome.card.due : null };
      }
      if (result === "duplicate") return { ok: true, duplicate: true, cardId: row.id, due: null };
      if (reps !== undefined) return stale;
    }
    return { ok: false, code: "stale", message: "This card was just rated elsewhere." };
  } catch (error) {
    // The same key raced in from a second request: the first one recorded the review.
    if (isUniqueViolation(error)) return { ok: true, duplicate: true, cardId, due: null };
    throw error;
  }
}

/** The FSRS fields a review log shares with lib/srs's SrsReviewLog (same names both ways). */
function fsrsLogColumns<State>(log: {
  state: State;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
}) {
  return {
    state: log.state,
    due: log.due,
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.elapsedDays,
    lastElapsedDays: log.lastElapsedDays,
    scheduledDays: log.scheduledDays,
    learningSteps: log.learningSteps,
  };
}

/** A rating without `reps` re-reads a card another rating moved; this many times at most. */
const MAX_RATING_ATTEMPTS = 5;

export type UndoResult =
  | { readonly ok: true; readonly cardId: string; readonly rating: Rating }
  | { readonly ok: false; readonly code: "nothing" | "stale"; readonly message: string };

/**
 * Undoes the user's most recent rating of `source`: restores the card exactly (ts-fsrs rollback with the
 * real previous due from our log) and deletes the log, in one transaction. Cram ratings only lose their log.
 */
export async function undoLastRating(
  user: SessionUser,
  source: "flashcard" | "cram" = "flashcard",
  setSlug: string | null = null,
): Promise<UndoResult> {
  const settings = await userStudySettings(user.id);
  const scheduler = createScheduler(schedulerSettingsFrom(settings));
  return prisma.$transaction(async (tx) => {
    const log = await tx.reviewLog.findFirst({
      // On a set's study page, undo the last rating of that set (the one the learner just saw).
      where: { userId: user.id, source, ...(setSlug ? { card: { item: { set: { slug: setSlug } } } } : {}) },
      orderBy: [{ review: "desc" }, { createdAt: "desc" }],
    });
    if (!log) return { ok: false, code: "nothing", message: "Nothing to undo." } as const;
    const rating = toRating(log.rating) ?? 3;
    if (source === "cram") {
      await tx.reviewLog.delete({ where: { id: log.id } });
      return { ok: true, cardId: log.cardId, rating } as const;
    }
    const card = await tx.card.findFirst({ where: { id: log.cardId, userId: user.id } });
    if (!card || card.lastReview?.getTime() !== log.review.getTime()) {
      return { ok: false, code: "stale", message: "That card has changed since; it cannot be undone." } as const;
    }
    // The card's previous last review is the review time of its previous state-moving log.
    const previous = await tx.reviewLog.findFirst({
      where: { cardId: card.id, source: { not: "cram" }, id: { not: log.id }, review: { lte: log.review } },
      orderBy: [{ review: "desc" }, { createdAt: "desc" }],
      select: { review: true },
    });
    const srsLog: SrsReviewLog = {
      rating,
      ...fsrsLogColumns(log),
      state: toCardState(log.state),
      review: log.review,
    };
    const restored = scheduler.rollback(srsCardOf(card), srsLog, previous?.review ?? null);
    await tx.card.update({
      where: { id: card.id },
      data: { ...cardColumns(restored), scenarioSeed: log.scenarioSeed },
    });
    await tx.reviewLog.delete({ where: { id: log.id } });
    return { ok: true, cardId: card.id, rating } as const;
  });
}
