/** New / Learning / Due counts and the head of each queue, from indexed COUNT and single-row queries. */
import "server-only";
import { prisma } from "../db";
import {
  CARD_STATE,
  dailyAllowance,
  LEARNING_STATES,
  queueCounts,
  studyDay,
  todaysLimits,
  type DailyAllowance,
  type QueueCounts,
  type StudyDay,
} from "../../srs/index";
import type { SessionUser } from "../auth";
import { userStudySettings, type UserStudySettings } from "./settings";

/** What the learner studied today (flashcard source), for the daily limits. */
export async function doneToday(userId: string, day: StudyDay): Promise<{ newCards: number; reviews: number }> {
  const rows = await prisma.reviewLog.groupBy({
    by: ["state"],
    where: { userId, source: "flashcard", review: { gte: day.start, lt: day.end } },
    _count: { _all: true },
  });
  const count = (state: number) => rows.find((r) => r.state === state)?._count._all ?? 0;
  return { newCards: count(CARD_STATE.new), reviews: count(CARD_STATE.review) };
}

export async function todaysAllowance(
  userId: string,
  settings: UserStudySettings,
  now: Date,
): Promise<{ day: StudyDay; allowance: DailyAllowance }> {
  const day = studyDay(now, settings.timeZone, settings.dayStartHour);
  return { day, allowance: dailyAllowance(todaysLimits(settings, day.key), await doneToday(userId, day)) };
}

export const inSet = (setId: string) => ({ setId, retiredAt: null });

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
export async function rawCountsOfSet(
  userId: string,
  setId: string,
  day: StudyDay,
): Promise<{ started: number; learning: number; due: number }> {
  const [started, learning, due] = await Promise.all([
    prisma.card.count({ where: { userId, state: { not: CARD_STATE.new }, item: inSet(setId) } }),
    prisma.card.count({
      where: { userId, state: { in: [...LEARNING_STATES] }, due: { lt: day.end }, item: inSet(setId) },
    }),
    prisma.card.count({ where: { userId, state: CARD_STATE.review, due: { lt: day.end }, item: inSet(setId) } }),
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

/**
 * The head of each queue for one set: three indexed look-ups, one small row each. New cards are found from
 * the item side (Item(setId, position) index, then the user's card by its unique (userId, itemId)), so an
 * item without a card row yet counts as new and no per-visit "create the missing cards" pass is needed.
 */
export async function queueHead(userId: string, setId: string, day: StudyDay) {
  const [learning, review, freshItem] = await Promise.all([
    prisma.card.findFirst({
      where: { userId, state: { in: [...LEARNING_STATES] }, item: inSet(setId) },
      orderBy: { due: "asc" },
      select: { id: true, itemId: true, due: true },
    }),
    prisma.card.findFirst({
      where: { userId, state: CARD_STATE.review, due: { lt: day.end }, item: inSet(setId) },
      orderBy: { due: "asc" },
      select: { id: true, itemId: true, due: true },
    }),
    prisma.item.findFirst({
      where: { ...inSet(setId), cards: { none: { userId, state: { not: CARD_STATE.new } } } },
      orderBy: { position: "asc" },
      select: { id: true },
    }),
  ]);
  return { learning, review, freshItemId: freshItem?.id ?? null };
}
