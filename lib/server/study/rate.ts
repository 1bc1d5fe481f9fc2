import "server-only";
import { prisma } from "../db";
import { errorSummary, fieldErrorsOf } from "../../schemas/field-errors";
import { failure, type Result } from "../../schemas/failure";
import { createScheduler, schedulerSettingsFrom } from "../../srs/index";
import { rateInputSchema, type RateInput } from "../../schemas/study";
import type { SessionUser } from "../auth";
import { userStudySettings } from "./settings";
import { cardColumns, cardSeed, fsrsLogColumns, isUniqueViolation, srsCardOf } from "./cards";

export type RateResult = Result<
  { duplicate: boolean; cardId: string; due: Date | null },
  "INVALID_REQUEST" | "NOT_FOUND" | "STALE"
>;

/**
 * Records one rating: card state and review log in ONE transaction. The client's idempotency key makes a
 * retried or double-submitted rating record one review. In cram mode only the log is written (source
 * "cram"): FSRS state does not move.
 *
 * The card is read and the new state computed before the transaction, which holds the app's only database
 * connection (every other request waits while it is open): the transaction writes only if the card is still
 * as read. When another rating moved it meanwhile, a rating that named the state it was shown (`reps`) is
 * stale; one that did not is applied to the newer state, as if it had queued behind the other.
 *
 * Only cards of published sets are rated: a set archived (or returned to draft) refuses with NOT_FOUND and a
 * message that says why, and nothing is written. Every rating path (the study action, the JSON route) comes here.
 */
export async function rateCard(user: SessionUser, input: RateInput, now: Date): Promise<RateResult> {
  const parsed = rateInputSchema.safeParse(input);
  if (!parsed.success)
    return failure("INVALID_REQUEST", errorSummary(fieldErrorsOf(parsed.error)), fieldErrorsOf(parsed.error));
  const { cardId, rating, idempotencyKey, durationMs, source, reps } = parsed.data;
  const replay = await prisma.reviewLog.findUnique({
    where: { idempotencyKey },
    select: { userId: true, cardId: true },
  });
  if (replay) {
    if (replay.userId !== user.id) return failure("INVALID_REQUEST", "This key was used already.");
    return { ok: true, duplicate: true, cardId: replay.cardId, due: null };
  }
  const settings = await userStudySettings(user.id);
  const scheduler = createScheduler(schedulerSettingsFrom(settings));
  const stale = failure("STALE", "This card was rated already; showing the next one.");
  try {
    for (let attempt = 1; attempt <= MAX_RATING_ATTEMPTS; attempt += 1) {
      const row = await prisma.card.findFirst({
        where: { id: cardId, userId: user.id },
        include: { item: { select: { kind: true, set: { select: { status: true, title: true } } } } },
      });
      if (!row) return failure("NOT_FOUND", "No such card.");
      // the study pages show only published sets; a card kept open (or posted by hand) stays unrateable
      if (row.item.set.status !== "published") return notStudied(row.item.set);
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
    return failure("STALE", "This card was just rated elsewhere.");
  } catch (error) {
    // The same key raced in from a second request: the first one recorded the review.
    if (isUniqueViolation(error)) return { ok: true, duplicate: true, cardId, due: null };
    throw error;
  }
}

function notStudied(set: { status: string; title: string }) {
  const why = set.status === "archived" ? "was archived" : "is not published";
  return failure("NOT_FOUND", `This card's set "${set.title}" ${why}, so its cards can no longer be rated.`);
}

/** A rating without `reps` re-reads a card another rating moved; this many times at most. */
const MAX_RATING_ATTEMPTS = 5;
