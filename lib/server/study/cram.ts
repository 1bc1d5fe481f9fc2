/**
 * Cram mode: "my interview is on <date>". Reviews the weak and due cards of the chosen sets, weakest first,
 * without changing FSRS state: ratings are logged with source "cram" (./rate.ts, rateCard).
 */
import "server-only";
import { prisma } from "../db";
import { fieldErrorsOf, formField, type FieldErrors } from "../../schemas/field-errors";
import { failure, type Result } from "../../schemas/failure";
import { cramInputSchema } from "../../schemas/study";
import { CARD_STATE, cramQueue, createScheduler, schedulerSettingsFrom, studyDay, studyDayOf } from "../../srs/index";
import { ensureCards, srsCardOf } from "./cards";
import { cardFace } from "./faces";
import { toWireSrs, type WireCard } from "./queue-rows";
import { userStudySettings } from "./settings";
import type { SessionUser } from "../auth";

/** Cards of the cram queue sent at once (the whole queue of any set of ordinary size). */
export const CRAM_AHEAD = 50;

export interface CramSnapshot {
  readonly mode: "cram";
  readonly sets: readonly { readonly slug: string; readonly title: string }[];
  readonly date: string;
  readonly daysLeft: number;
  readonly serverNow: string;
  /** the first cards of the queue, in order */
  readonly cards: readonly WireCard[];
  /** cards in the whole queue (more than `cards` holds when the queue is longer than CRAM_AHEAD) */
  readonly remaining: number;
  readonly canUndo: boolean;
}

export type CramResult = Result<{ snapshot: CramSnapshot }, "INVALID_REQUEST">;

const invalid = (fieldErrors: FieldErrors) => failure("INVALID_REQUEST", "Check the highlighted fields.", fieldErrors);

export async function cramSnapshot(user: SessionUser, input: unknown, now: Date): Promise<CramResult> {
  const parsed = cramInputSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error, formField));
  const settings = await userStudySettings(user);
  const today = studyDay(now, settings.timeZone, settings.dayStartHour);
  if (parsed.data.date < today.key) return invalid({ date: ["The interview date has passed."] });
  const sets = await prisma.questionSet.findMany({
    where: { slug: { in: parsed.data.sets }, status: "published" },
    select: { id: true, slug: true, title: true },
    orderBy: { title: "asc" },
  });
  if (sets.length === 0) return invalid({ sets: ["Choose at least one published set."] });
  for (const set of sets) await ensureCards(user.id, set.id, now);
  const interviewAt = studyDayOf(parsed.data.date, settings.timeZone, settings.dayStartHour).start;
  const scheduler = createScheduler(schedulerSettingsFrom(settings));
  const [cards, cramLogs] = await Promise.all([
    prisma.card.findMany({
      where: { userId: user.id, item: { setId: { in: sets.map((s) => s.id) }, retiredAt: null } },
      include: { item: true },
    }),
    prisma.reviewLog.findMany({
      where: { userId: user.id, source: "cram", review: { gte: today.start } },
      select: { cardId: true, rating: true, review: true },
      orderBy: { review: "asc" },
    }),
  ]);
  const ratings = new Map<string, { rating: 1 | 2 | 3 | 4; at: Date }>();
  for (const log of cramLogs) {
    const rating = log.rating === 1 || log.rating === 2 || log.rating === 3 || log.rating === 4 ? log.rating : 3;
    ratings.set(log.cardId, { rating, at: log.review });
  }
  const queue = cramQueue(
    cards.map((card) => ({
      card,
      isNew: card.state === CARD_STATE.new,
      due: card.due,
      recallAtInterview: scheduler.retrievability(srsCardOf(card), interviewAt),
    })),
    ratings,
    interviewAt,
    settings.desiredRetention,
  );
  return {
    ok: true,
    snapshot: {
      mode: "cram",
      sets: sets.map((s) => ({ slug: s.slug, title: s.title })),
      date: parsed.data.date,
      daysLeft: Math.max(0, Math.round((interviewAt.getTime() - today.start.getTime()) / 86_400_000)),
      serverNow: now.toISOString(),
      cards: queue.slice(0, CRAM_AHEAD).map((card) => ({
        itemId: card.itemId,
        srs: toWireSrs(srsCardOf(card)),
        face: cardFace(card.item, user.id, card.reps, card.scenarioSeed),
        newFaceEachShowing: false,
        position: card.item.position,
      })),
      remaining: queue.length,
      canUndo: cramLogs.length > 0,
    },
  };
}
