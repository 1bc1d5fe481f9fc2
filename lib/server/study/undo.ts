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
    if (!log) return failure("NOTHING_TO_UNDO", "Nothing to undo.");
    const rating = toRating(log.rating) ?? 3;
    if (source === "cram") {
      await tx.reviewLog.delete({ where: { id: log.id } });
      return { ok: true, cardId: log.cardId, rating } as const;
    }
    const card = await tx.card.findFirst({ where: { id: log.cardId, userId: user.id } });
    if (!card || card.lastReview?.getTime() !== log.review.getTime()) {
      return failure("STALE", "That card has changed since; it cannot be undone.");
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
