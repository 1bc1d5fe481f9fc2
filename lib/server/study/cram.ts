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
import { cardView, type CardView } from "./card-view";
import { ensureCards, srsCardOf } from "./cards";
import { userStudySettings } from "./settings";
import type { SessionUser } from "../auth";

export interface CramSession {
  readonly sets: readonly { readonly slug: string; readonly title: string }[];
  readonly date: string;
  readonly daysLeft: number;
  readonly remaining: number;
  /** cram ratings so far today: changes with every rating, so each showing of a card is a new attempt */
  readonly ratedToday: number;
  readonly card: CardView | null;
  readonly canUndo: boolean;
}

export type CramResult = Result<{ session: CramSession }, "INVALID_REQUEST">;

const invalid = (fieldErrors: FieldErrors) => failure("INVALID_REQUEST", "Check the highlighted fields.", fieldErrors);

export async function cramSession(user: SessionUser, input: unknown, now: Date): Promise<CramResult> {
  const parsed = cramInputSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error, formField));
  const settings = await userStudySettings(user.id);
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
  const first = queue[0];
  return {
    ok: true,
    session: {
      sets: sets.map((s) => ({ slug: s.slug, title: s.title })),
      date: parsed.data.date,
      daysLeft: Math.max(0, Math.round((interviewAt.getTime() - today.start.getTime()) / 86_400_000)),
      remaining: queue.length,
      ratedToday: cramLogs.length,
      card: first ? cardView(first, user.id, settings, now, "cram") : null,
      canUndo: cramLogs.length > 0,
    },
  };
}
