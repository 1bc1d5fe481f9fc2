/**
 * The study queue's card rows as the browser receives them: a card's FSRS state (dates as ISO text) and its
 * face, read with one raw statement (lib/server/sql-rows.ts) joined to their items.
 */
import "server-only";
import type { SrsCard } from "../../srs/index";
import type { ItemRow } from "../../content";
import { rowDate, type RowDate } from "../sql-rows";
import { FSRS_SQL_COLUMNS, srsOfSqlRow, type FsrsSqlRow } from "./cards";
import { cardFace, type CardFace } from "./faces";

/** An SrsCard as JSON carries it: its dates as ISO text. */
export type WireSrsCard = Omit<SrsCard, "due" | "lastReview"> & {
  readonly due: string;
  readonly lastReview: string | null;
};

/** One card of a study queue (lib/srs/study-queue.ts QueuedCard, as JSON). */
export interface WireCard {
  readonly itemId: string;
  readonly srs: WireSrsCard;
  /** null when the face is not sent (the next showing of a scenario card, until asked for) */
  readonly face: CardFace | null;
  readonly newFaceEachShowing: boolean;
  readonly position: number;
}

export function toWireSrs(card: SrsCard): WireSrsCard {
  return {
    ...card,
    due: card.due.toISOString(),
    lastReview: card.lastReview === null ? null : card.lastReview.toISOString(),
  };
}

/** The columns of an item and of the user's card for it (LEFT JOIN: no card row yet for an unseen item). */
export const QUEUE_ROW_COLUMNS =
  'i."id" AS "itemId", i."kind", i."front", i."back", i."tags", i."rubric", i."scenario", ' +
  `i."updatedAt" AS "itemUpdatedAt", i."position", ${FSRS_SQL_COLUMNS}, c."scenarioSeed", c."updatedAt" AS "cardUpdatedAt"`;

/** The item's stored columns (lib/content/item-row.ts), its id named `itemId`, and the learner's card. */
export interface QueueRow extends FsrsSqlRow, Omit<ItemRow, "id"> {
  readonly itemId: string;
  readonly itemUpdatedAt: RowDate;
  readonly position: number;
  readonly scenarioSeed: number | null;
  readonly cardUpdatedAt: RowDate | null;
}

export function faceOfRow(row: QueueRow, userId: string, reps: number, scenarioSeed: number | null): CardFace {
  return cardFace(
    {
      id: row.itemId,
      kind: row.kind,
      front: row.front,
      back: row.back,
      tags: row.tags,
      rubric: row.rubric,
      scenario: row.scenario,
      updatedAt: rowDate(row.itemUpdatedAt),
    },
    userId,
    reps,
    scenarioSeed,
  );
}

export function wireCardOfRow(row: QueueRow, userId: string, now: Date): WireCard {
  const srs = srsOfSqlRow(row, now);
  return {
    itemId: row.itemId,
    srs: toWireSrs(srs),
    face: faceOfRow(row, userId, srs.reps, row.scenarioSeed),
    newFaceEachShowing: row.kind === "scenario",
    position: row.position,
  };
}
