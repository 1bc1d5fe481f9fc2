/**
 * New / Learning / Due counts and what the learner studied today, each in one grouped statement on the
 * (userId, itemId), Item(setId, position) and ReviewLog(userId, review) indexes; no card rows are loaded.
 */
import "server-only";
import { Prisma } from "../generated/prisma/client";
import { rawRows, rowNumber } from "../sql-rows";
import {
  CARD_STATE,
  dailyAllowance,
  queueCounts,
  studyDay,
  todaysLimits,
  type DailyAllowance,
  type QueueCounts,
  type StudyDay,
} from "../../srs/index";
import type { SessionUser } from "../auth";
import { userStudySettings, type UserStudySettings } from "./settings";

/**
 * What the learner studied today (flashcard source), for the daily limits: ratings of new and of review cards.
 * Raw, like the counts below: Prisma's groupBy cost about twice this statement's CPU on every study page.
 */
export async function doneToday(userId: string, day: StudyDay): Promise<{ newCards: number; reviews: number }> {
  const rows = await rawRows<{ state: unknown; n: unknown }>(
    Prisma.sql`SELECT "state", COUNT(*) AS "n" FROM "ReviewLog"
      WHERE "userId" = ${userId} AND "review" >= ${day.start} AND "review" < ${day.end} AND "source" = ${"flashcard"}
      GROUP BY "state"`,
  );
  const count = (state: number) => rowNumber(rows.find((r) => rowNumber(r.state) === state)?.n);
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

/** A set's raw counts for the day: active items, cards started, learning and review cards due before it ends. */
export interface RawSetCounts {
  readonly items: number;
  readonly started: number;
  readonly learning: number;
  readonly due: number;
}

/** The raw counts of each set id, in one statement grouped by set (sets without active items are absent). */
export async function rawSetCounts(
  userId: string,
  setIds: readonly string[],
  day: StudyDay,
): Promise<Map<string, RawSetCounts>> {
  if (setIds.length === 0) return new Map();
  const rows = await rawRows<{ setId: string; items: unknown; started: unknown; learning: unknown; due: unknown }>(
    Prisma.sql`SELECT i."setId" AS "setId", COUNT(*) AS "items",
      SUM(CASE WHEN c."state" IS NOT NULL AND c."state" <> ${CARD_STATE.new} THEN 1 ELSE 0 END) AS "started",
      SUM(CASE WHEN c."state" IN (${CARD_STATE.learning}, ${CARD_STATE.relearning}) AND c."due" < ${day.end} THEN 1 ELSE 0 END) AS "learning",
      SUM(CASE WHEN c."state" = ${CARD_STATE.review} AND c."due" < ${day.end} THEN 1 ELSE 0 END) AS "due"
      FROM "Item" i LEFT JOIN "Card" c ON c."itemId" = i."id" AND c."userId" = ${userId}
      WHERE i."retiredAt" IS NULL AND i."setId" IN (${Prisma.join(setIds)}) GROUP BY i."setId"`,
  );
  return new Map(
    rows.map((row) => [
      row.setId,
      {
        items: rowNumber(row.items),
        started: rowNumber(row.started),
        learning: rowNumber(row.learning),
        due: rowNumber(row.due),
      },
    ]),
  );
}

/** New / Learning / Due (published, active items) of each set, for the signed-in user's set list. */
export async function setCounts(
  user: SessionUser,
  sets: readonly { readonly id: string }[],
  now: Date,
): Promise<Map<string, QueueCounts>> {
  const settings = await userStudySettings(user);
  const { day, allowance } = await todaysAllowance(user.id, settings, now);
  const raw = await rawSetCounts(
    user.id,
    sets.map((s) => s.id),
    day,
  );
  return new Map(sets.map((set) => [set.id, countsOfRaw(raw.get(set.id), allowance)]));
}

export function countsOfRaw(raw: RawSetCounts | undefined, allowance: DailyAllowance): QueueCounts {
  if (raw === undefined) return { newCards: 0, learning: 0, due: 0 };
  return queueCounts(
    { newCards: Math.max(0, raw.items - raw.started), learning: raw.learning, due: raw.due },
    allowance,
  );
}

export const inSet = (setId: string) => ({ setId, retiredAt: null });
