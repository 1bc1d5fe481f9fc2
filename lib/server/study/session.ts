/**
 * The study loop on the server: New / Learning / Due counts, the next card, one rating per transaction
 * (idempotent by the client's key), undo through ts-fsrs rollback. Authorization: every function takes the
 * signed-in user and only ever reads or writes that user's cards and logs.
 */
import "server-only";
import { prisma } from "../db";
import {
  CARD_STATE,
  dailyAllowance,
  NEW_LIMIT_RAISE,
  nextCard,
  queueCounts,
  studyDay,
  todaysLimits,
  type QueueCounts,
  type StudyDay,
} from "../../srs/index";
import type { SessionUser } from "../auth";
import { userStudySettings, type UserStudySettings } from "./settings";
import { cardForItem, type CardWithItem } from "./cards";
import { doneToday, inSet, queueHead, rawCountsOfSet } from "./counts";
import { cardView, type CardView } from "./card-view";

export interface StudySet {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
}

export interface StudyDone {
  /** cards due during the next study day (new cards up to the daily limit included) */
  readonly tomorrow: number;
  /** the earliest due date among started cards, if any */
  readonly nextDue: Date | null;
  /** today's new-card limit, across all sets: the setting plus any "study more today" */
  readonly newLimit: number;
  /** new cards of this set that today's new-card limit holds back (0 when it holds none back) */
  readonly newWaiting: number;
  /** reviews of this set due today that the daily review limit holds back */
  readonly reviewsWaiting: number;
  /** how many new cards "study more today" would add: up to NEW_LIMIT_RAISE, no more than wait */
  readonly raiseBy: number;
}

export interface StudySession {
  readonly set: StudySet;
  readonly counts: QueueCounts;
  readonly card: CardView | null;
  readonly done: StudyDone | null;
  readonly canUndo: boolean;
  readonly timeZone: string;
}

async function findPublishedSet(slug: string): Promise<StudySet | null> {
  return prisma.questionSet.findFirst({
    where: { slug, status: "published" },
    select: { id: true, slug: true, title: true },
  });
}

/**
 * The study screen's state for one set: counts, the current card (the one undone last when `preferCardId`
 * names a due card of this user in this set), or what comes next when nothing is left today.
 */
export async function studySession(
  user: SessionUser,
  slug: string,
  now: Date,
  preferCardId: string | null = null,
): Promise<StudySession | null> {
  const [set, settings] = await Promise.all([findPublishedSet(slug), userStudySettings(user.id)]);
  if (!set) return null;
  const day = studyDay(now, settings.timeZone, settings.dayStartHour);
  // Independent indexed look-ups, issued together.
  const [studied, itemCount, raw, preferred, head, undoable] = await Promise.all([
    doneToday(user.id, day),
    prisma.item.count({ where: inSet(set.id) }),
    rawCountsOfSet(user.id, set.id, day),
    preferCardId === null
      ? null
      : prisma.card.findFirst({
          where: { id: preferCardId, userId: user.id, due: { lt: day.end }, item: inSet(set.id) },
          include: { item: true },
        }),
    queueHead(user.id, set.id, day),
    // A card with reviews has a log to undo (cram logs never raise reps).
    prisma.card.findFirst({ where: { userId: user.id, reps: { gt: 0 }, item: inSet(set.id) }, select: { id: true } }),
  ]);
  const limits = todaysLimits(settings, day.key);
  const allowance = dailyAllowance(limits, studied);
  const newAvailable = Math.max(0, itemCount - raw.started);
  const counts = queueCounts({ newCards: newAvailable, ...raw }, allowance);
  const canUndo = undoable !== null;
  let row: CardWithItem | null = preferred;
  let queue: CardView["queue"] = "new";
  if (row !== null) {
    queue = row.state === CARD_STATE.new ? "new" : row.state === CARD_STATE.review ? "review" : "learning";
  } else {
    const next = nextCard(
      {
        learning: head.learning ? { card: head.learning.itemId, due: head.learning.due } : null,
        review: head.review ? { card: head.review.itemId, due: head.review.due } : null,
        newCard: head.freshItemId,
      },
      allowance,
      now,
    );
    if (next.kind === "card") {
      row = await cardForItem(user.id, next.card, now);
      queue = next.queue;
    }
  }
  if (row !== null) {
    return {
      set,
      counts,
      card: cardView(row, user.id, settings, now, queue),
      done: null,
      canUndo,
      timeZone: settings.timeZone,
    };
  }
  // Not "every card studied" when a daily limit is what stops (regression: a set never studied said so).
  const newWaiting = allowance.newLeft === 0 ? newAvailable : 0;
  const held = {
    newLimit: limits.newPerDay,
    newWaiting,
    reviewsWaiting: allowance.reviewsLeft === 0 ? raw.due : 0,
    raiseBy: Math.min(NEW_LIMIT_RAISE, newWaiting),
  };
  return {
    set,
    counts,
    card: null,
    done: { ...(await whatComesNext(user.id, set.id, settings, day, now)), ...held },
    canUndo,
    timeZone: settings.timeZone,
  };
}

async function whatComesNext(
  userId: string,
  setId: string,
  settings: UserStudySettings,
  day: StudyDay,
  now: Date,
): Promise<Pick<StudyDone, "tomorrow" | "nextDue">> {
  const tomorrowEnd = studyDay(day.end, settings.timeZone, settings.dayStartHour).end;
  const [dueTomorrow, newAvailable, next] = await Promise.all([
    prisma.card.count({
      where: { userId, state: { not: CARD_STATE.new }, due: { lt: tomorrowEnd }, item: inSet(setId) },
    }),
    prisma.item.count({ where: { ...inSet(setId), cards: { none: { userId, state: { not: CARD_STATE.new } } } } }),
    prisma.card.findFirst({
      where: { userId, state: { not: CARD_STATE.new }, due: { gt: now }, item: inSet(setId) },
      orderBy: { due: "asc" },
      select: { due: true },
    }),
  ]);
  return {
    tomorrow: Math.min(dueTomorrow, settings.reviewsPerDay) + Math.min(newAvailable, settings.newPerDay),
    nextDue: next?.due ?? null,
  };
}
