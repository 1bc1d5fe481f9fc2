import "server-only";
import { directSql } from "../db";
import { fromSqlTime, fromSqlTimeOrNull, sqlTime } from "../sqlite/direct";
import { FSRS_SQL_COLUMNS, FSRS_SQL_SET, sqlFsrsValues, srsOfSqlRow, type FsrsSqlRow } from "./cards";
import { errorSummary, fieldErrorsOf } from "../../schemas/field-errors";
import { failure, type Result } from "../../schemas/failure";
import { undoInputSchema } from "../../schemas/study";
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
import { QUEUE_ROW_COLUMNS, wireCardOfRow, type QueueRow, type WireCard } from "./queue-rows";

export type UndoResult = Result<
  { itemId: string; rating: Rating; card: WireCard },
  "INVALID_REQUEST" | "NOTHING_TO_UNDO" | "STALE"
>;

interface LogRow {
  readonly id: string;
  readonly cardId: string;
  readonly itemId: string;
  readonly rating: number;
  readonly state: number;
  readonly due: string;
  readonly stability: number;
  readonly difficulty: number;
  readonly elapsedDays: number;
  readonly lastElapsedDays: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly review: string;
  readonly source: string;
  readonly scenarioSeed: number | null;
}

const LOG_COLUMNS =
  'l."id", l."cardId", c."itemId", l."rating", l."state", l."due", l."stability", l."difficulty", l."elapsedDays", ' +
  'l."lastElapsedDays", l."scheduledDays", l."learningSteps", l."review", l."source", l."scenarioSeed"';
const LOG_FROM = 'FROM "ReviewLog" l JOIN "Card" c ON c."id" = l."cardId"';
const NEWEST = 'ORDER BY l."review" DESC, l."createdAt" DESC LIMIT 1';

/**
 * Undoes one of the learner's ratings, named by its key, or the latest of a set's study (or of cram):
 * restores the card exactly (ts-fsrs rollback with the real previous due from our log) and deletes the log,
 * in one transaction. A flashcard rating can only be undone while it is its card's latest (STALE otherwise);
 * cram ratings only lose their log. Answers the card as it is now, with its face, to be shown again.
 */
export async function undoRating(user: SessionUser, input: unknown, now: Date): Promise<UndoResult> {
  const parsed = undoInputSchema.safeParse(input);
  if (!parsed.success) {
    return failure("INVALID_REQUEST", errorSummary(fieldErrorsOf(parsed.error)), fieldErrorsOf(parsed.error));
  }
  const target = parsed.data;
  const scheduler = createScheduler(schedulerSettingsFrom(await userStudySettings(user)));
  const sql = await directSql();
  const undone = await sql.write((tx) => {
    const log =
      "idempotencyKey" in target
        ? tx.get<LogRow>(`SELECT ${LOG_COLUMNS} ${LOG_FROM} WHERE l."idempotencyKey" = ? AND l."userId" = ?`, [
            target.idempotencyKey,
            user.id,
          ])
        : target.latest.mode === "set"
          ? tx.get<LogRow>(
              `SELECT ${LOG_COLUMNS} ${LOG_FROM} JOIN "Item" i ON i."id" = c."itemId" JOIN "QuestionSet" q ON q."id" = i."setId" ` +
                `WHERE l."userId" = ? AND l."source" = 'flashcard' AND q."slug" = ? ${NEWEST}`,
              [user.id, target.latest.slug],
            )
          : tx.get<LogRow>(`SELECT ${LOG_COLUMNS} ${LOG_FROM} WHERE l."userId" = ? AND l."source" = 'cram' ${NEWEST}`, [
              user.id,
            ]);
    if (log === undefined) return failure("NOTHING_TO_UNDO", "Nothing to undo.");
    const rating = toRating(log.rating) ?? 3;
    if (log.source === "cram") {
      tx.run('DELETE FROM "ReviewLog" WHERE "id" = ?', [log.id]);
      return { itemId: log.itemId, rating };
    }
    const card = tx.get<FsrsSqlRow>(`SELECT ${FSRS_SQL_COLUMNS} FROM "Card" c WHERE c."id" = ? AND c."userId" = ?`, [
      log.cardId,
      user.id,
    ]);
    if (card === undefined || card.lastReview !== log.review) {
      return failure("STALE", "That card has been rated again since; that rating cannot be undone.");
    }
    // The card's previous last review is the review time of its previous state-moving log.
    const previous = tx.get<{ review: string }>(
      'SELECT "review" FROM "ReviewLog" WHERE "cardId" = ? AND "source" <> \'cram\' AND "id" <> ? AND "review" <= ? ' +
        'ORDER BY "review" DESC, "createdAt" DESC LIMIT 1',
      [log.cardId, log.id, log.review],
    );
    const srsLog: SrsReviewLog = {
      rating,
      state: toCardState(log.state),
      due: fromSqlTime(log.due),
      stability: log.stability,
      difficulty: log.difficulty,
      elapsedDays: log.elapsedDays,
      lastElapsedDays: log.lastElapsedDays,
      scheduledDays: log.scheduledDays,
      learningSteps: log.learningSteps,
      review: fromSqlTime(log.review),
    };
    const restored = scheduler.rollback(srsOfSqlRow(card, now), srsLog, fromSqlTimeOrNull(previous?.review ?? null));
    tx.run(`UPDATE "Card" SET ${FSRS_SQL_SET}, "scenarioSeed" = ?, "updatedAt" = ? WHERE "id" = ?`, [
      ...sqlFsrsValues(restored),
      log.scenarioSeed,
      sqlTime(now),
      log.cardId,
    ]);
    tx.run('DELETE FROM "ReviewLog" WHERE "id" = ?', [log.id]);
    return { itemId: log.itemId, rating };
  });
  if ("ok" in undone) return undone;
  const row = sql.get<QueueRow>(
    `SELECT ${QUEUE_ROW_COLUMNS} FROM "Item" i JOIN "Card" c ON c."itemId" = i."id" AND c."userId" = ? WHERE i."id" = ?`,
    [user.id, undone.itemId],
  );
  if (row === undefined) return failure("NOTHING_TO_UNDO", "That card no longer exists.");
  return { ok: true, ...undone, card: wireCardOfRow(row, user.id, now) };
}
