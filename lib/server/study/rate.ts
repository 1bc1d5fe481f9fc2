import "server-only";
import { driverErrorCause, driverErrorKind, prisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { rawRows, rawTransaction, rowDate } from "../sql-rows";
import { errorSummary, fieldErrorsOf } from "../../schemas/field-errors";
import { failure, type Result } from "../../schemas/failure";
import { createScheduler, schedulerSettingsFrom, type RatingOutcome, type SrsCard } from "../../srs/index";
import { rateInputSchema } from "../../schemas/study";
import type { SessionUser } from "../auth";
import { userStudySettings } from "./settings";
import { cardColumns, cardSeed, fsrsLogColumns, isUniqueViolation, newRowId, srsOfSqlRow } from "./cards";
import type { CardFace } from "./faces";
import { faceOfRow, QUEUE_ROW_COLUMNS, type QueueRow } from "./queue-rows";

export interface Rated {
  /** the same key was recorded before: nothing was written now */
  readonly duplicate: boolean;
  /** the card's FSRS state after the rating (null for a duplicate, and for cram, which never moves it) */
  readonly card: SrsCard | null;
  /** the card's face for its next showing, when asked for */
  readonly face: CardFace | null;
  /** the review time the rating was scheduled from */
  readonly reviewedAt: Date;
}

export type RateResult = Result<Rated, "INVALID_REQUEST" | "NOT_FOUND" | "STALE" | "OUT_OF_ORDER">;

/** A review time this far ahead of the server's clock is the browser's clock running fast: the server's is used. */
export const MAX_CLOCK_AHEAD_MS = 60_000;
/** A rating kept in a browser's outbox longer than this is refused as not credible. */
const MAX_RATING_AGE_MS = 365 * 86_400_000;
/** A rating without `reps` re-reads a card another rating moved; this many times at most. */
const MAX_RATING_ATTEMPTS = 5;

interface SetOfRow {
  readonly setStatus: string;
  readonly setTitle: string;
}

/** The item, its set's status and the learner's card for it (none before the first rating), in one statement. */
async function rateRow(userId: string, itemId: string): Promise<(QueueRow & SetOfRow) | undefined> {
  const [row] = await rawRows<QueueRow & SetOfRow>(
    Prisma.sql`SELECT ${Prisma.raw(QUEUE_ROW_COLUMNS)}, q."status" AS "setStatus", q."title" AS "setTitle" FROM "Item" i
      JOIN "QuestionSet" q ON q."id" = i."setId" LEFT JOIN "Card" c ON c."itemId" = i."id" AND c."userId" = ${userId}
      WHERE i."id" = ${itemId} AND i."retiredAt" IS NULL`,
  );
  return row;
}

/**
 * Records one rating of the learner's card for an item: the card's new state and its review log in ONE
 * transaction, computed with lib/srs from the review time (the browser's, so a rating sent late is
 * scheduled from when it was made, and the browser's own prediction matches). The key makes a retried
 * rating record one review. In cram mode only the log is written (source "cram"): FSRS state does not move.
 *
 * Refusals: NOT_FOUND (no such item in a set open for study), STALE (the card moved on since it was shown:
 * rated elsewhere), OUT_OF_ORDER (made before the card's last review). A card never seen before has no row
 * yet; its first rating creates it.
 *
 * The card is read and the new state computed before the transaction: the transaction writes only if the card
 * is still as read. When another rating moved it meanwhile, a rating that named the state it was shown (`reps`)
 * is stale; one that did not is applied to the newer state, as if it had queued behind the other.
 *
 * Only cards of published sets are rated: a set archived (or returned to draft) refuses with NOT_FOUND and a
 * message that says why, and nothing is written. Every rating path comes here.
 */
export async function rateCard(user: SessionUser, input: unknown, now: Date): Promise<RateResult> {
  const parsed = rateInputSchema.safeParse(input);
  if (!parsed.success) {
    return failure("INVALID_REQUEST", errorSummary(fieldErrorsOf(parsed.error)), fieldErrorsOf(parsed.error));
  }
  const { itemId, rating, idempotencyKey, durationMs, source, reps, reviewedAt, withFace } = parsed.data;
  const sent = reviewedAt === undefined ? now : new Date(reviewedAt);
  if (now.getTime() - sent.getTime() > MAX_RATING_AGE_MS) {
    return failure("INVALID_REQUEST", "reviewedAt: is more than a year ago.", {
      reviewedAt: ["is more than a year ago"],
    });
  }
  const at = sent.getTime() > now.getTime() + MAX_CLOCK_AHEAD_MS ? now : sent;
  const scheduler = createScheduler(schedulerSettingsFrom(await userStudySettings(user)));
  const replayed = () => keyOwner(idempotencyKey, user.id, at);
  for (let attempt = 1; attempt <= MAX_RATING_ATTEMPTS; attempt += 1) {
    const row = await rateRow(user.id, itemId);
    if (row === undefined) return failure("NOT_FOUND", "No such card.");
    // the study pages show only published sets; a card kept open (or posted by hand) stays unrateable
    if (row.setStatus !== "published") return notStudied(row);
    const before = srsOfSqlRow(row, at);
    if (source === "flashcard") {
      if (reps !== undefined && reps !== before.reps) return (await replayed()) ?? stale();
      if (before.lastReview !== null && at.getTime() < before.lastReview.getTime()) {
        return (
          (await replayed()) ??
          failure("OUT_OF_ORDER", "A later rating of this card was recorded first; this one was not recorded.")
        );
      }
    }
    const outcome = scheduler.rate(before, rating, at);
    const seedShown = row.kind === "scenario" ? (row.scenarioSeed ?? cardSeed(user.id, itemId, before.reps)) : null;
    let written: "recorded" | "moved";
    try {
      written = await writeRating(row, user.id, source, outcome, now, {
        userId: user.id,
        rating,
        ...fsrsLogColumns(outcome.log),
        review: at,
        source,
        durationMs: Math.min(durationMs, 3_600_000),
        scenarioSeed: seedShown,
        idempotencyKey,
        createdAt: now,
      });
    } catch (error) {
      // A unique key refused the write, and the transaction was rolled back: either the same key raced in
      // from a second request (or was used before), and that one recorded the review, or another request
      // created this card's row first, and the card moved.
      if (!isUniqueViolation(error)) throw error;
      written = "moved";
    }
    if (written === "recorded") {
      const card = source === "flashcard" ? outcome.card : null;
      const face =
        withFace === true
          ? faceOfRow(row, user.id, card?.reps ?? before.reps, card === null ? row.scenarioSeed : null)
          : null;
      return { ok: true, duplicate: false, card, face, reviewedAt: at };
    }
    // the card moved between the read and the write: by this rating's twin, or by another rating
    const twin = await replayed();
    if (twin !== null) return twin;
    if (reps !== undefined) return stale();
  }
  return stale();
}

function stale() {
  return failure("STALE", "This card was rated elsewhere since it was shown; showing the cards as they are now.");
}

/** A duplicate when the key was already recorded for this user; INVALID_REQUEST for someone else's key. */
async function keyOwner(key: string, userId: string, at: Date): Promise<RateResult | null> {
  const owner = await prisma.reviewLog.findUnique({ where: { idempotencyKey: key }, select: { userId: true } });
  if (owner === null) return null;
  if (owner.userId !== userId) return failure("INVALID_REQUEST", "This key was used already.");
  return { ok: true, duplicate: true, card: null, face: null, reviewedAt: at };
}

type LogData = Omit<Prisma.ReviewLogUncheckedCreateInput, "cardId" | "card" | "user">;

/**
 * The rating's writes, all or nothing and never through Prisma's interactive transactions (its transaction
 * manager takes a round trip per statement, and the writer's turn stays held across them):
 *
 * - a card seen for the first time: one batch transaction of the new card (its id made here, so the log can
 *   name it) and the log; a second request that created the card first makes it fail on the unique
 *   userId+itemId ("moved");
 * - cram on an existing card: the log alone (FSRS state does not move);
 * - a flashcard rating of an existing card: one transaction of two raw statements on the driver connection
 *   (sql-rows.ts rawTransaction), the guarded card update (guardedMove) and the log (insertLog); the guard
 *   fails the statement, and so the transaction, when the card is no longer as read.
 */
async function writeRating(
  row: QueueRow,
  userId: string,
  source: "flashcard" | "cram",
  outcome: RatingOutcome,
  now: Date,
  log: LogData,
): Promise<"recorded" | "moved"> {
  if (row.cardId === null || row.cardUpdatedAt === null) {
    const id = newRowId();
    const created =
      source === "flashcard"
        ? { ...cardColumns(outcome.card), scenarioSeed: scenarioSeedOf(row, userId, outcome), updatedAt: now }
        : { due: now, updatedAt: now };
    await prisma.$transaction([
      prisma.card.create({
        data: { id, userId, itemId: row.itemId, ...created, createdAt: now },
        select: { id: true },
      }),
      prisma.reviewLog.create({ data: { ...log, cardId: id }, select: { id: true } }),
    ]);
    return "recorded";
  }
  const cardId = row.cardId;
  try {
    if (source === "cram") await prisma.reviewLog.create({ data: { ...log, cardId }, select: { id: true } });
    else await rawTransaction([guardedMove(row, cardId, userId, outcome, now), insertLog(cardId, log)]);
    return "recorded";
  } catch (error) {
    // the card is not as read, or its row is gone (its item was deleted): read again
    const gone =
      (error as { code?: unknown }).code === "P2003" || driverErrorKind(error) === "ForeignKeyConstraintViolation";
    if (isGuardRefusal(error) || gone) return "moved";
    throw error;
  }
}

/**
 * The log as one raw INSERT. Through Prisma's client, a batch that mixed it with a model query was compiled
 * by the query compiler on every call (@prisma/client 7 requestBatch); as raw SQL on the driver connection it
 * costs what SQLite or PostgreSQL does.
 */
function insertLog(cardId: string, log: LogData): Prisma.Sql {
  return Prisma.sql`INSERT INTO "ReviewLog" ("id", "cardId", "userId", "rating", "state", "due", "stability",
      "difficulty", "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "source",
      "durationMs", "scenarioSeed", "idempotencyKey", "createdAt")
    VALUES (${newRowId()}, ${cardId}, ${log.userId}, ${log.rating}, ${log.state}, ${log.due}, ${log.stability},
      ${log.difficulty}, ${log.elapsedDays}, ${log.lastElapsedDays}, ${log.scheduledDays}, ${log.learningSteps},
      ${log.review}, ${log.source}, ${log.durationMs}, ${log.scenarioSeed}, ${log.idempotencyKey}, ${log.createdAt})`;
}

function scenarioSeedOf(row: QueueRow, userId: string, outcome: RatingOutcome): number | null {
  return row.kind === "scenario" ? cardSeed(userId, row.itemId, outcome.card.reps) : null;
}

/**
 * The card's new state, in one statement that fails when the card is not as it was read: `reps` is set to
 * NULL then, which its NOT NULL column refuses, so the whole transaction rolls back. The check is made on the
 * row as it is when the statement writes it (on PostgreSQL, after waiting for a concurrent writer's row
 * lock, re-checked on the row that writer left), so two ratings of one card cannot both pass it. Standard
 * SQL: the new `reps` is written as `"reps" + n` so that PostgreSQL types the parameter from the column.
 */
function guardedMove(row: QueueRow, cardId: string, userId: string, outcome: RatingOutcome, now: Date): Prisma.Sql {
  const readReps = row.reps ?? 0;
  const card = cardColumns(outcome.card);
  const readAt = rowDate(row.cardUpdatedAt ?? now);
  return Prisma.sql`UPDATE "Card" SET
      "reps" = CASE WHEN "reps" = ${readReps} AND "updatedAt" = ${readAt} THEN "reps" + ${card.reps - readReps}
        ELSE NULL END,
      "due" = ${card.due}, "stability" = ${card.stability}, "difficulty" = ${card.difficulty},
      "elapsedDays" = ${card.elapsedDays}, "scheduledDays" = ${card.scheduledDays},
      "learningSteps" = ${card.learningSteps}, "lapses" = ${card.lapses}, "state" = ${card.state},
      "lastReview" = ${card.lastReview}, "scenarioSeed" = ${scenarioSeedOf(row, userId, outcome)},
      "updatedAt" = ${now}
    WHERE "id" = ${cardId}`;
}

/** The guard of guardedMove refused (the adapter's NullConstraintViolation on `reps`): the card moved. */
function isGuardRefusal(error: unknown): boolean {
  if (driverErrorKind(error) !== "NullConstraintViolation") return false;
  // SQLite names the column; PostgreSQL's adapter does not
  const fields = driverErrorCause(error)?.constraint?.fields;
  return !Array.isArray(fields) || fields.includes("reps");
}

function notStudied(set: SetOfRow) {
  const why = set.setStatus === "archived" ? "was archived" : "is not published";
  return failure("NOT_FOUND", `This card's set "${set.setTitle}" ${why}, so its cards can no longer be rated.`);
}
