/**
 * A learner's study queue for one set, as the study screen needs it: the day's counts and allowance, the
 * scheduler settings, and the first cards of each queue with their FSRS state and faces. The browser picks
 * the next card and computes interval labels from this with lib/srs (study-queue.ts), so a rating needs no
 * page render; it asks for a fresh queue when it has used up what it holds. Four statements in all: the set,
 * today's ratings, the grouped counts, and the cards (one statement for the three queues).
 */
import "server-only";
import { Prisma } from "../generated/prisma/client";
import { rawRows, rowDateOrNull, rowNumber, type RowDate } from "../sql-rows";
import {
  CARD_STATE,
  dailyAllowance,
  NEW_LIMIT_RAISE,
  nextInQueue,
  schedulerSettingsFrom,
  studyDay,
  todaysLimits,
  type DailyAllowance,
  type QueueCounts,
  type SchedulerSettings,
  type StudyDay,
  type StudyQueue,
} from "../../srs/index";
import type { SessionUser } from "../auth";
import { doneToday, rawSetCounts } from "./counts";
import { srsOfSqlRow } from "./cards";
import { QUEUE_ROW_COLUMNS, wireCardOfRow, type QueueRow, type WireCard } from "./queue-rows";
import { userStudySettings, type UserStudySettings } from "./settings";

/** Review and new cards sent ahead; the browser asks for more when fewer than QUEUE_REFILL_AT are left. */
export const QUEUE_AHEAD = 10;
/** Learning cards sent ahead, earliest due first. */
export const LEARNING_HELD = QUEUE_AHEAD;

export interface StudySet {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
}

export interface StudyDone {
  /** cards due during the next study day (new cards up to the daily limit included) */
  readonly tomorrow: number;
  /** the earliest due date among started cards, if any (ISO) */
  readonly nextDue: string | null;
  /** today's new-card limit, across all sets: the setting plus any "study more today" */
  readonly newLimit: number;
  /** new cards of this set that today's new-card limit holds back (0 when it holds none back) */
  readonly newWaiting: number;
  /** reviews of this set due today that the daily review limit holds back */
  readonly reviewsWaiting: number;
  /** how many new cards "study more today" would add: up to NEW_LIMIT_RAISE, no more than wait */
  readonly raiseBy: number;
}

export interface SetSnapshot {
  readonly mode: "set";
  readonly set: StudySet;
  readonly serverNow: string;
  readonly dayEnd: string;
  readonly timeZone: string;
  readonly scheduler: SchedulerSettings;
  /** New / Learning / Due available today before the daily limits, and what the limits leave */
  readonly available: QueueCounts;
  readonly allowance: DailyAllowance;
  readonly cards: readonly WireCard[];
  /** more cards on the server: `learningUntil` is the due date (ISO) of the first learning card not sent */
  readonly more: { readonly review: boolean; readonly newCards: boolean; readonly learningUntil: string | null };
  /** a rating of this set can be undone */
  readonly canUndo: boolean;
  /** what comes next, when nothing is left today */
  readonly done: StudyDone | null;
}

/** The published set named `slug`: raw, like the queue's other statements (the study page's first read). */
async function findPublishedSet(slug: string): Promise<StudySet | null> {
  const [set] = await rawRows<StudySet>(
    Prisma.sql`SELECT "id", "slug", "title" FROM "QuestionSet" WHERE "slug" = ${slug} AND "status" = 'published'`,
  );
  return set ?? null;
}

const COLUMNS = Prisma.raw(QUEUE_ROW_COLUMNS);

/**
 * The learning cards, the first review cards due today and the first new items, in one statement. Cards due
 * at the same instant come in set order, as the browser's queue picks them (lib/srs/study-queue.ts).
 */
function queueRows(userId: string, setId: string, day: StudyDay, newLimit: number) {
  const started = Prisma.sql`FROM "Card" c JOIN "Item" i ON i."id" = c."itemId"
    WHERE c."userId" = ${userId} AND i."setId" = ${setId} AND i."retiredAt" IS NULL`;
  return rawRows<QueueRow & { list: string }>(
    Prisma.sql`SELECT * FROM (SELECT ${COLUMNS}, 'learning' AS "list" ${started}
        AND c."state" IN (${CARD_STATE.learning}, ${CARD_STATE.relearning}) ORDER BY c."due", i."position" LIMIT ${LEARNING_HELD + 1}) AS l
      UNION ALL
      SELECT * FROM (SELECT ${COLUMNS}, 'review' AS "list" ${started}
        AND c."state" = ${CARD_STATE.review} AND c."due" < ${day.end} ORDER BY c."due", i."position" LIMIT ${QUEUE_AHEAD + 1}) AS r
      UNION ALL
      SELECT * FROM (SELECT ${COLUMNS}, 'new' AS "list" FROM "Item" i
        LEFT JOIN "Card" c ON c."itemId" = i."id" AND c."userId" = ${userId}
        WHERE i."setId" = ${setId} AND i."retiredAt" IS NULL AND (c."id" IS NULL OR c."state" = ${CARD_STATE.new})
        ORDER BY i."position" LIMIT ${newLimit + 1}) AS n`,
  );
}

/** The study screen's queue for one published set, or null when there is no such set. */
export async function studySnapshot(user: SessionUser, slug: string, now: Date): Promise<SetSnapshot | null> {
  const set = await findPublishedSet(slug);
  if (!set) return null;
  const settings = await userStudySettings(user);
  const day = studyDay(now, settings.timeZone, settings.dayStartHour);
  const limits = todaysLimits(settings, day.key);
  const allowance = dailyAllowance(limits, await doneToday(user.id, day));
  const raw = (await rawSetCounts(user.id, [set.id], day)).get(set.id);
  const newLimit = Math.min(QUEUE_AHEAD, allowance.newLeft);
  const rows = await queueRows(user.id, set.id, day, newLimit);
  const list = (name: string) => rows.filter((row) => row.list === name);
  const [learning, review, fresh] = [list("learning"), list("review"), list("new")];
  const held = [...learning.slice(0, LEARNING_HELD), ...review.slice(0, QUEUE_AHEAD), ...fresh.slice(0, newLimit)];
  const available = {
    newCards: Math.max(0, (raw?.items ?? 0) - (raw?.started ?? 0)),
    learning: raw?.learning ?? 0,
    due: raw?.due ?? 0,
  };
  const unsentLearning = learning[LEARNING_HELD];
  const more = {
    review: review.length > QUEUE_AHEAD,
    newCards: fresh.length > newLimit,
    learningUntil: rowDateOrNull(unsentLearning?.due ?? null)?.toISOString() ?? null,
  };
  const queue: StudyQueue<true> = {
    cards: held.map((row) => ({
      itemId: row.itemId,
      srs: srsOfSqlRow(row, now),
      face: true,
      newFaceEachShowing: false,
      position: row.position,
    })),
    available,
    allowance,
    dayEnd: day.end,
    more: { ...more, learningUntil: more.learningUntil === null ? null : new Date(more.learningUntil) },
  };
  const finished = nextInQueue(queue, now).kind === "done";
  // Not "every card studied" when a daily limit is what stops (regression: a set never studied said so).
  const newWaiting = allowance.newLeft === 0 ? available.newCards : 0;
  const heldBack = {
    newLimit: limits.newPerDay,
    newWaiting,
    reviewsWaiting: allowance.reviewsLeft === 0 ? available.due : 0,
    raiseBy: Math.min(NEW_LIMIT_RAISE, newWaiting),
  };
  return {
    mode: "set",
    set,
    serverNow: now.toISOString(),
    dayEnd: day.end.toISOString(),
    timeZone: settings.timeZone,
    scheduler: schedulerSettingsFrom(settings),
    available,
    allowance,
    cards: held.map((row) => wireCardOfRow(row, user.id, now)),
    more,
    canUndo: (raw?.started ?? 0) > 0,
    done: finished ? { ...(await whatComesNext(user.id, set.id, settings, day, now)), ...heldBack } : null,
  };
}

/** The counts a "done for today" screen shows, in one statement. */
async function whatComesNext(
  userId: string,
  setId: string,
  settings: UserStudySettings,
  day: StudyDay,
  now: Date,
): Promise<Pick<StudyDone, "tomorrow" | "nextDue">> {
  const tomorrowEnd = studyDay(day.end, settings.timeZone, settings.dayStartHour).end;
  const started = Prisma.sql`FROM "Card" c JOIN "Item" i ON i."id" = c."itemId" WHERE c."userId" = ${userId}
    AND i."setId" = ${setId} AND i."retiredAt" IS NULL AND c."state" <> ${CARD_STATE.new}`;
  const [row] = await rawRows<{ dueTomorrow: unknown; newAvailable: unknown; nextDue: RowDate | null }>(
    Prisma.sql`SELECT (SELECT COUNT(*) ${started} AND c."due" < ${tomorrowEnd}) AS "dueTomorrow",
      (SELECT COUNT(*) FROM "Item" i WHERE i."setId" = ${setId} AND i."retiredAt" IS NULL AND NOT EXISTS (
        SELECT 1 FROM "Card" c WHERE c."itemId" = i."id" AND c."userId" = ${userId} AND c."state" <> ${CARD_STATE.new}
      )) AS "newAvailable",
      (SELECT MIN(c."due") ${started} AND c."due" > ${now}) AS "nextDue"`,
  );
  return {
    tomorrow:
      Math.min(rowNumber(row?.dueTomorrow), settings.reviewsPerDay) +
      Math.min(rowNumber(row?.newAvailable), settings.newPerDay),
    nextDue: rowDateOrNull(row?.nextDue ?? null)?.toISOString() ?? null,
  };
}
