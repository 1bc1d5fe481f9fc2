import "server-only";
import { prisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { rawRows } from "../sql-rows";
import { cardColumns, fsrsLogColumns, srsCardOf } from "./cards";
import { errorSummary, fieldErrorsOf } from "../../schemas/field-errors";
import { failure, type Result } from "../../schemas/failure";
import { undoInputSchema } from "../../schemas/study";
import {
  createScheduler,
  schedulerSettingsFrom,
  toCardState,
  toRating,
  type Rating,
  type SrsReviewLog,
} from "../../srs/index";
import type { SessionUser } from "../auth";
import { userStudySettings } from "./settings";
import { QUEUE_ROW_COLUMNS, wireCardOfRow, type QueueRow, type WireCard } from "./queue-rows";

export type UndoResult = Result<
  { itemId: string; rating: Rating; card: WireCard },
  "INVALID_REQUEST" | "NOTHING_TO_UNDO" | "STALE"
>;

const LOG_SELECT = {
  id: true,
  cardId: true,
  rating: true,
  state: true,
  due: true,
  stability: true,
  difficulty: true,
  elapsedDays: true,
  lastElapsedDays: true,
  scheduledDays: true,
  learningSteps: true,
  review: true,
  source: true,
  scenarioSeed: true,
  card: { select: { itemId: true } },
} as const;
const NEWEST = [{ review: "desc" as const }, { createdAt: "desc" as const }];

/**
 * Thrown inside the transaction to roll it back when another request got there between the read and the
 * write: another undo removed the log first (nothing left to undo), or a rating moved the card (stale).
 */
class UndoRaced extends Error {
  constructor(readonly code: "NOTHING_TO_UNDO" | "STALE") {
    super(code);
  }
}

/**
 * Undoes one of the learner's ratings, named by its key, or the latest of a set's study (or of cram):
 * restores the card exactly (ts-fsrs rollback with the real previous due from our log) and deletes the log,
 * in one transaction. A flashcard rating can only be undone while it is its card's latest (STALE otherwise);
 * cram ratings only lose their log. Answers the card as it is now, with its face, to be shown again.
 */
export async function undoRating(user: SessionUser, input: unknown, now: Date): Promise<UndoResult> {
  const parsed = undoInputSchema.safeParse(input);
  if (!parsed.success) {
    return failure("INVALID_REQUEST", errorSummary(fieldErrorsOf(parsed.error)), fieldErrorsOf(parsed.error));
  }
  const target = parsed.data;
  const scheduler = createScheduler(schedulerSettingsFrom(await userStudySettings(user)));
  let undone: { itemId: string; rating: Rating } | Extract<UndoResult, { ok: false }>;
  try {
    undone = await prisma.$transaction(async (tx) => {
      const log =
        "idempotencyKey" in target
          ? await tx.reviewLog.findFirst({
              where: { idempotencyKey: target.idempotencyKey, userId: user.id },
              select: LOG_SELECT,
            })
          : await tx.reviewLog.findFirst({
              where:
                target.latest.mode === "set"
                  ? { userId: user.id, source: "flashcard", card: { item: { set: { slug: target.latest.slug } } } }
                  : { userId: user.id, source: "cram" },
              orderBy: NEWEST,
              select: LOG_SELECT,
            });
      if (log === null) return failure("NOTHING_TO_UNDO", "Nothing to undo.");
      const rating = toRating(log.rating) ?? 3;
      const itemId = log.card.itemId;
      if (log.source === "cram") {
        const removed = await tx.reviewLog.deleteMany({ where: { id: log.id } });
        if (removed.count !== 1) throw new UndoRaced("NOTHING_TO_UNDO");
        return { itemId, rating };
      }
      const card = await tx.card.findFirst({ where: { id: log.cardId, userId: user.id } });
      if (card === null || card.lastReview?.getTime() !== log.review.getTime()) {
        return failure("STALE", "That card has been rated again since; that rating cannot be undone.");
      }
      // The card's previous last review is the review time of its previous state-moving log.
      const previous = await tx.reviewLog.findFirst({
        where: { cardId: log.cardId, source: { not: "cram" }, id: { not: log.id }, review: { lte: log.review } },
        orderBy: NEWEST,
        select: { review: true },
      });
      const srsLog: SrsReviewLog = {
        rating,
        ...fsrsLogColumns(log),
        state: toCardState(log.state),
        review: log.review,
      };
      const restored = scheduler.rollback(srsCardOf(card), srsLog, previous?.review ?? null);
      // Compare and set: only a log no other undo removed meanwhile, and only the card as it was read.
      const removed = await tx.reviewLog.deleteMany({ where: { id: log.id } });
      if (removed.count !== 1) throw new UndoRaced("NOTHING_TO_UNDO");
      const moved = await tx.card.updateMany({
        where: { id: card.id, reps: card.reps, updatedAt: card.updatedAt },
        data: { ...cardColumns(restored), scenarioSeed: log.scenarioSeed, updatedAt: now },
      });
      if (moved.count !== 1) throw new UndoRaced("STALE");
      return { itemId, rating };
    });
  } catch (error) {
    if (!(error instanceof UndoRaced)) throw error;
    undone =
      error.code === "STALE"
        ? failure("STALE", "That card has been rated again since; that rating cannot be undone.")
        : failure("NOTHING_TO_UNDO", "That rating was undone already.");
  }
  if ("ok" in undone) return undone;
  const [row] = await rawRows<QueueRow>(
    Prisma.sql`SELECT ${Prisma.raw(QUEUE_ROW_COLUMNS)} FROM "Item" i
      JOIN "Card" c ON c."itemId" = i."id" AND c."userId" = ${user.id} WHERE i."id" = ${undone.itemId}`,
  );
  if (row === undefined) return failure("NOTHING_TO_UNDO", "That card no longer exists.");
  return { ok: true, ...undone, card: wireCardOfRow(row, user.id, now) };
}
