import "server-only";
import { prisma } from "../db";
import { failure, type Result } from "../../schemas/failure";
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
import { cardColumns, fsrsLogColumns, srsCardOf } from "./cards";

export type UndoResult = Result<{ cardId: string; rating: Rating }, "NOTHING_TO_UNDO" | "STALE">;

/** Thrown inside the undo's transaction (which rolls back) when the card moved after it was read. */
class CardMovedDuringUndo extends Error {}

const stale = () => failure("STALE", "That card has changed since; it cannot be undone.");

/**
 * Undoes the user's most recent rating of `source`: restores the card exactly (ts-fsrs rollback with the
 * real previous due from our log) and deletes the log, in one transaction. Cram ratings only lose their log.
 *
 * Compare-and-set, so undos racing each other or a rating (two tabs, two instances on PostgreSQL, where READ
 * COMMITTED lets both read the same log) never fail or apply twice: the log is deleted first and only if it
 * is still there (the loser of two undos finds it gone: nothing to do), and the card is restored only if it
 * is still as read (else the transaction rolls back: the rating that moved it stays).
 */
export async function undoLastRating(
  user: SessionUser,
  source: "flashcard" | "cram" = "flashcard",
  setSlug: string | null = null,
): Promise<UndoResult> {
  const settings = await userStudySettings(user.id);
  const scheduler = createScheduler(schedulerSettingsFrom(settings));
  try {
    return await undoInTransaction(user, source, setSlug, scheduler);
  } catch (error) {
    if (error instanceof CardMovedDuringUndo) return stale();
    throw error;
  }
}

function undoInTransaction(
  user: SessionUser,
  source: "flashcard" | "cram",
  setSlug: string | null,
  scheduler: ReturnType<typeof createScheduler>,
): Promise<UndoResult> {
  return prisma.$transaction(async (tx) => {
    const log = await tx.reviewLog.findFirst({
      // On a set's study page, undo the last rating of that set (the one the learner just saw).
      where: { userId: user.id, source, ...(setSlug ? { card: { item: { set: { slug: setSlug } } } } : {}) },
      orderBy: [{ review: "desc" }, { createdAt: "desc" }],
    });
    if (!log) return failure("NOTHING_TO_UNDO", "Nothing to undo.");
    const rating = toRating(log.rating) ?? 3;
    const card = source === "cram" ? null : await tx.card.findFirst({ where: { id: log.cardId, userId: user.id } });
    if (source !== "cram" && (!card || card.lastReview?.getTime() !== log.review.getTime())) return stale();
    // Another undo deleted this log since it was read (and restored the card): this one has nothing to do.
    const deleted = await tx.reviewLog.deleteMany({ where: { id: log.id } });
    if (deleted.count !== 1) return failure("NOTHING_TO_UNDO", "That rating was undone already.");
    if (card === null) return { ok: true, cardId: log.cardId, rating } as const;
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
    const updated = await tx.card.updateMany({
      where: { id: card.id, reps: card.reps, updatedAt: card.updatedAt },
      data: { ...cardColumns(restored), scenarioSeed: log.scenarioSeed },
    });
    if (updated.count !== 1) throw new CardMovedDuringUndo();
    return { ok: true, cardId: card.id, rating } as const;
  });
}
