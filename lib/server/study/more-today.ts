/**
 * "Study more today" (Anki's custom study, "increase today's new card limit"): once today's new-card limit
 * is used up, the learner may raise it for this study day only; tomorrow the setting applies again.
 */
import "server-only";
import { prisma } from "../db";
import { CARD_STATE, NEW_LIMIT_RAISE } from "../../srs/index";
import { failure, type Result } from "../../schemas/failure";
import type { SessionUser } from "../auth";
import { userStudySettings } from "./settings";
import { inSet, todaysAllowance } from "./counts";

export type StudyMoreResult = Result<{ raisedBy: number }, "NOT_FOUND">;

/**
 * Raises the user's new-card limit for today by up to NEW_LIMIT_RAISE: no more than the set `slug` has new
 * cards waiting, and only while today's limit is used up, so a repeated or double-clicked request raises it
 * once. Two requests at the same moment raise it once too (the write is conditional on the raise it read).
 */
export async function studyMoreToday(user: SessionUser, slug: string, now: Date): Promise<StudyMoreResult> {
  const set = await prisma.questionSet.findFirst({ where: { slug, status: "published" }, select: { id: true } });
  if (!set) return failure("NOT_FOUND", "No such question set.");
  const settings = await userStudySettings(user.id);
  const [{ day, allowance }, waiting] = await Promise.all([
    todaysAllowance(user.id, settings, now),
    prisma.item.count({
      where: { ...inSet(set.id), cards: { none: { userId: user.id, state: { not: CARD_STATE.new } } } },
    }),
  ]);
  const raisedBy = allowance.newLeft > 0 ? 0 : Math.min(NEW_LIMIT_RAISE, waiting);
  if (raisedBy === 0) return { ok: true, raisedBy: 0 };
  const earlier = settings.newLimitRaiseDay === day.key ? (settings.newLimitRaise ?? 0) : 0;
  // compare and set: written only if the raise is still the one read
  const updated = await prisma.user.updateMany({
    where: { id: user.id, newLimitRaiseDay: settings.newLimitRaiseDay, newLimitRaise: settings.newLimitRaise },
    data: { newLimitRaiseDay: day.key, newLimitRaise: earlier + raisedBy },
  });
  return { ok: true, raisedBy: updated.count > 0 ? raisedBy : 0 };
}
