/**
 * The statistics page's numbers, for the signed-in user only, from indexed queries: ReviewLog by
 * (userId, review) and Card by (userId, due) / (userId, state). Days are the learner's study days.
 */
import "server-only";
import { prisma } from "../db";
import {
  addDays,
  CARD_STATE,
  CARD_STATE_LABEL,
  CARD_STATES,
  studyDay,
  studyDayKey,
  toCardState,
} from "../../srs/index";
import { userStudySettings } from "./settings";
import type { SessionUser } from "../auth";

export interface DayCount {
  readonly day: string;
  readonly count: number;
}

export interface RetentionPoint {
  readonly day: string;
  /** first reviews that day of cards already studied before */
  readonly reviews: number;
  /** of those, not rated Again */
  readonly passed: number;
}

export interface StudyStats {
  readonly today: {
    readonly day: string;
    readonly reviews: number;
    readonly again: number;
    /** time spent on today's reviews, whole minutes (rounded) and exact */
    readonly minutes: number;
    readonly durationMs: number;
    readonly cram: number;
  };
  /** the next 30 study days, today first (overdue cards count for today) */
  readonly forecast: readonly DayCount[];
  /** the last 30 study days */
  readonly retention: readonly RetentionPoint[];
  /** the last HEATMAP_DAYS study days, oldest first */
  readonly heatmap: readonly DayCount[];
  readonly states: readonly { readonly state: number; readonly label: string; readonly count: number }[];
  readonly totalReviews: number;
}

export const HEATMAP_DAYS = 26 * 7;
export const FORECAST_DAYS = 30;
export const RETENTION_DAYS = 30;

export async function studyStats(user: SessionUser, now: Date): Promise<StudyStats> {
  const userId = user.id;
  const settings = await userStudySettings(user);
  const zone = settings.timeZone;
  const hour = settings.dayStartHour;
  const today = studyDay(now, zone, hour);
  const firstHeatDay = addDays(today.key, -(HEATMAP_DAYS - 1));
  const heatStart = studyDay(new Date(today.start.getTime() - (HEATMAP_DAYS - 1) * 86_400_000), zone, hour).start;
  const forecastEnd = studyDay(
    new Date(today.start.getTime() + FORECAST_DAYS * 86_400_000 + 3_600_000),
    zone,
    hour,
  ).start;

  const activeItems = { retiredAt: null, set: { status: "published" } };
  const [logs, dueCards, states, totalReviews, items, startedCards] = await Promise.all([
    prisma.reviewLog.findMany({
      where: { userId, review: { gte: heatStart } },
      select: { cardId: true, review: true, rating: true, state: true, source: true, durationMs: true },
      orderBy: { review: "asc" },
    }),
    prisma.card.findMany({
      where: { userId, state: { not: CARD_STATE.new }, due: { lt: forecastEnd } },
      select: { due: true },
    }),
    prisma.card.groupBy({ by: ["state"], where: { userId }, _count: { _all: true } }),
    prisma.reviewLog.count({ where: { userId } }),
    prisma.item.count({ where: activeItems }),
    prisma.card.count({ where: { userId, state: { not: CARD_STATE.new }, item: activeItems } }),
  ]);

  const perDay = new Map<string, number>();
  const firstOfDay = new Map<string, RetentionPoint>();
  const seen = new Set<string>();
  let todayReviews = 0;
  let todayAgain = 0;
  let todayMs = 0;
  let todayCram = 0;
  for (const log of logs) {
    const key = studyDayKey(log.review, zone, hour);
    if (key < firstHeatDay) continue;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
    if (key === today.key) {
      if (log.source === "cram") todayCram += 1;
      else {
        todayReviews += 1;
        if (log.rating === 1) todayAgain += 1;
      }
      todayMs += log.durationMs;
    }
    // Retention: the first review of each card on each day, of cards studied before (not brand new), as
    // Anki's "true retention"; cram reviews do not count (they never move the schedule).
    if (log.source === "cram") continue;
    const cardDay = `${key} ${log.cardId}`;
    if (seen.has(cardDay)) continue;
    seen.add(cardDay);
    if (log.state === CARD_STATE.new) continue;
    const point = firstOfDay.get(key) ?? { day: key, reviews: 0, passed: 0 };
    firstOfDay.set(key, { day: key, reviews: point.reviews + 1, passed: point.passed + (log.rating === 1 ? 0 : 1) });
  }

  const forecastCounts = new Map<string, number>();
  for (const card of dueCards) {
    const key = card.due.getTime() < today.start.getTime() ? today.key : studyDayKey(card.due, zone, hour);
    forecastCounts.set(key, (forecastCounts.get(key) ?? 0) + 1);
  }

  const forecast = Array.from({ length: FORECAST_DAYS }, (_, i) => {
    const day = addDays(today.key, i);
    return { day, count: forecastCounts.get(day) ?? 0 };
  });
  const retention = Array.from({ length: RETENTION_DAYS }, (_, i) => {
    const day = addDays(today.key, i - (RETENTION_DAYS - 1));
    return firstOfDay.get(day) ?? { day, reviews: 0, passed: 0 };
  });
  const heatmap = Array.from({ length: HEATMAP_DAYS }, (_, i) => {
    const day = addDays(firstHeatDay, i);
    return { day, count: perDay.get(day) ?? 0 };
  });
  // New: items of published sets the learner has not started (card rows are created on first sight).
  const stateCounts = CARD_STATES.map((state) => ({
    state,
    label: CARD_STATE_LABEL[state],
    count:
      state === CARD_STATE.new
        ? Math.max(0, items - startedCards)
        : (states.find((s) => toCardState(s.state) === state && s.state === state)?._count._all ?? 0),
  }));
  return {
    today: {
      day: today.key,
      reviews: todayReviews,
      again: todayAgain,
      minutes: Math.round(todayMs / 60_000),
      durationMs: todayMs,
      cram: todayCram,
    },
    forecast,
    retention,
    heatmap,
    states: stateCounts,
    totalReviews,
  };
}
