/** A learner's card rows and the one mapping between their columns and lib/srs's SrsCard. */
import "server-only";
import { randomBytes } from "node:crypto";
import { isUniqueViolation, prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { CARD_STATE, newCard, toCardState, variantSeed, type SrsCard } from "../../srs/index";
import { rowDate, rowDateOrNull, type RowDate } from "../sql-rows";

export type CardRow = Prisma.CardGetPayload<object>;

/** The FSRS columns of a card row, as lib/srs's SrsCard has them. */
export type FsrsColumns = Pick<
  CardRow,
  | "due"
  | "stability"
  | "difficulty"
  | "elapsedDays"
  | "scheduledDays"
  | "learningSteps"
  | "reps"
  | "lapses"
  | "state"
  | "lastReview"
>;

export function srsCardOf(row: FsrsColumns): SrsCard {
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

export function cardColumns(card: SrsCard): FsrsColumns {
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

/** The FSRS columns as a raw read answers them (lib/server/sql-rows.ts), null without a card row. */
export interface FsrsSqlRow {
  readonly cardId: string | null;
  readonly due: RowDate | null;
  readonly stability: number | null;
  readonly difficulty: number | null;
  readonly elapsedDays: number | null;
  readonly scheduledDays: number | null;
  readonly learningSteps: number | null;
  readonly reps: number | null;
  readonly lapses: number | null;
  readonly state: number | null;
  readonly lastReview: RowDate | null;
}

/** The FSRS columns of a card aliased `c`, named as FsrsSqlRow has them. */
export const FSRS_SQL_COLUMNS =
  'c."id" AS "cardId", c."due", c."stability", c."difficulty", c."elapsedDays", c."scheduledDays", ' +
  'c."learningSteps", c."reps", c."lapses", c."state", c."lastReview"';

/** The card's FSRS state; an item the learner has never seen is a new card (its due date does not matter). */
export function srsOfSqlRow(row: FsrsSqlRow, now: Date): SrsCard {
  if (row.cardId === null || row.due === null) return newCard(now);
  return {
    due: rowDate(row.due),
    stability: row.stability ?? 0,
    difficulty: row.difficulty ?? 0,
    elapsedDays: row.elapsedDays ?? 0,
    scheduledDays: row.scheduledDays ?? 0,
    learningSteps: row.learningSteps ?? 0,
    reps: row.reps ?? 0,
    lapses: row.lapses ?? 0,
    state: toCardState(row.state ?? CARD_STATE.new),
    lastReview: rowDateOrNull(row.lastReview),
  };
}

/**
 * A new row id in the shape of Prisma's cuid() default ("c", the time, then randomness; lower-case letters and
 * digits), for a row whose id must be known before it is written: a batch transaction's next statement names it.
 */
export function newRowId(now = Date.now()): string {
  const random = BigInt(`0x${randomBytes(10).toString("hex")}`)
    .toString(36)
    .padStart(16, "0")
    .slice(-16);
  return `c${now.toString(36).padStart(8, "0")}${random}`;
}

/**
 * The scenario variants of one item that learners' cards draw from. A scenario card's face (faces.ts) costs
 * about 5 ms to make (the variant about 1 ms, the Markdown of its generated description and answer about 4):
 * with a seed per learner no face was ever shared, and every study page and queue paid it for each scenario
 * card. From a pool per item, the faces of all learners fit the face cache.
 */
export const SCENARIO_SEEDS_PER_ITEM = 64;

/**
 * A scenario card's seed for its review count: keyed by user and item, so it exists before the card row does
 * and survives a re-created card. Each learner starts at their own place in the item's pool and moves one
 * place per review, so 64 reviews in a row show 64 different clusters.
 */
export function cardSeed(userId: string, itemId: string, reps: number): number {
  const start = variantSeed(userId, 0) % SCENARIO_SEEDS_PER_ITEM;
  return variantSeed(itemId, (start + reps) % SCENARIO_SEEDS_PER_ITEM);
}

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

export { isUniqueViolation };

export type CardWithItem = Prisma.CardGetPayload<{ include: { item: true } }>;

/** The user's card for an item, created (new, due now) on first sight. */
export async function cardForItem(userId: string, itemId: string, now: Date): Promise<CardWithItem> {
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

/** The FSRS fields a review log shares with lib/srs's SrsReviewLog (same names both ways). */
export function fsrsLogColumns<State>(log: {
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

/**
 * The learner's card for an item made due now, never later than it already was: an interview that found a
 * concept missing sends its flashcards back to study. A card seen for the first time is created new.
 */
export async function makeCardDue(
  tx: Prisma.TransactionClient,
  userId: string,
  itemId: string,
  now: Date,
): Promise<void> {
  const card = await tx.card.findUnique({ where: { userId_itemId: { userId, itemId } } });
  if (card === null) {
    await tx.card.create({ data: { userId, itemId, ...cardColumns(newCard(now)) } });
  } else if (card.due.getTime() > now.getTime()) {
    await tx.card.update({ where: { id: card.id }, data: { due: now } });
  }
}
