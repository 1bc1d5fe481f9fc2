/**
 * A learner's study queue for one set, as the study screen needs it: the day's counts and allowance, the
 * scheduler settings, and the first cards of each queue with their FSRS state and faces. The browser picks
 * the next card and computes interval labels from this with lib/srs (study-queue.ts), so a rating needs no
 * page render; it asks for a fresh queue when it has used up what it holds. Four statements in all: the set,
 * today's ratings, the grouped counts, and the cards (one statement for the three queues).
 */
import "server-only";
import { directSql } from "../db";
import { sqlTime, type DirectSql } from "../sqlite/direct";
import {
  CARD_STATE,
  dailyAllowance,
  nextInQueue,
  schedulerSettingsFrom,
  studyDay,
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

function findPublishedSet(sql: DirectSql, slug: string): StudySet | null {
  const row = sql.get<StudySet>(
    'SELECT "id", "slug", "title" FROM "QuestionSet" WHERE "slug" = ? AND "status" = \'published\'',
    [slug],
  );
  return row ?? null;
}

const LEARNING_IN = `(${CARD_STATE.learning}, ${CARD_STATE.relearning})`;

/** The learning cards, the first review cards due today and the first new items, in one statement. */
function queueRows(
  sql: DirectSql,
  userId: string,
  setId: string,
  day: StudyDay,
  newLimit: number,
): (QueueRow & { list: string })[] {
  const started =
    'FROM "Card" c JOIN "Item" i ON i."id" = c."itemId" WHERE c."userId" = ? AND i."setId" = ? AND i."retiredAt" IS NULL';
  return sql.all<QueueRow & { list: string }>(
    `SELECT * FROM (SELECT ${QUEUE_ROW_COLUMNS}, 'learning' AS "list" ${started} AND c."state" IN ${LEARNING_IN} ` +
      'ORDER BY c."due" LIMIT ?) AS l UNION ALL ' +
      `SELECT * FROM (SELECT ${QUEUE_ROW_COLUMNS}, 'review' AS "list" ${started} AND c."state" = ${CARD_STATE.review} ` +
      'AND c."due" < ? ORDER BY c."due" LIMIT ?) AS r UNION ALL ' +
      `SELECT * FROM (SELECT ${QUEUE_ROW_COLUMNS}, 'new' AS "list" FROM "Item" i LEFT JOIN "Card" c ON c."itemId" = i."id" ` +
      `AND c."userId" = ? WHERE i."setId" = ? AND i."retiredAt" IS NULL AND (c."id" IS NULL OR c."state" = ${CARD_STATE.new}) ` +
      'ORDER BY i."position" LIMIT ?) AS n',
    [userId, setId, LEARNING_HELD + 1, userId, setId, sqlTime(day.end), QUEUE_AHEAD + 1, userId, setId, newLimit + 1],
  );
}

/** The study screen's queue for one published set, or null when there is no such set. */
export async function studySnapshot(user: SessionUser, slug: string, now: Date): Promise<SetSnapshot | null> {
  const sql = await directSql();
  const set = findPublishedSet(sql, slug);
  if (!set) return null;
  const settings = await userStudySettings(user);
  const day = studyDay(now, settings.timeZone, settings.dayStartHour);
  const allowance = dailyAllowance(settings, await doneToday(user.id, day));
  const raw = (await rawSetCounts(user.id, [set.id], day)).get(set.id);
  const newLimit = Math.min(QUEUE_AHEAD, allowance.newLeft);
  const rows = queueRows(sql, user.id, set.id, day, newLimit);
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
    learningUntil: unsentLearning?.due ? new Date(unsentLearning.due).toISOString() : null,
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
    done: finished ? whatComesNext(sql, user.id, set.id, settings, day, now) : null,
  };
}

/** The counts a "done for today" screen shows, in one statement. */
function whatComesNext(
  sql: DirectSql,
  userId: string,
  setId: string,
  settings: UserStudySettings,
  day: StudyDay,
  now: Date,
): StudyDone {
  const tomorrowEnd = studyDay(day.end, settings.timeZone, settings.dayStartHour).end;
  const started = `FROM "Card" c JOIN "Item" i ON i."id" = c."itemId" WHERE c."userId" = ? AND i."setId" = ? AND i."retiredAt" IS NULL AND c."state" <> ${CARD_STATE.new}`;
  const row = sql.get<{ dueTomorrow: number; newAvailable: number; nextDue: string | null }>(
    `SELECT (SELECT COUNT(*) ${started} AND c."due" < ?) AS "dueTomorrow", ` +
      '(SELECT COUNT(*) FROM "Item" i WHERE i."setId" = ? AND i."retiredAt" IS NULL AND NOT EXISTS (' +
      `SELECT 1 FROM "Card" c WHERE c."itemId" = i."id" AND c."userId" = ? AND c."state" <> ${CARD_STATE.new})) AS "newAvailable", ` +
      `(SELECT MIN(c."due") ${started} AND c."due" > ?) AS "nextDue"`,
    [userId, setId, sqlTime(tomorrowEnd), setId, userId, userId, setId, sqlTime(now)],
  );
  return {
    tomorrow:
      Math.min(row?.dueTomorrow ?? 0, settings.reviewsPerDay) + Math.min(row?.newAvailable ?? 0, settings.newPerDay),
    nextDue: row?.nextDue ? new Date(row.nextDue).toISOString() : null,
  };
}
