import "server-only";
import { prisma } from "../db";
import { isInterviewItem, LATE_GRACE_MS, toStatus } from "../../interview";
import { fromItemRow } from "../../content";
import { expireIfDue } from "./submit";

export interface InterviewSetOption {
  readonly slug: string;
  readonly title: string;
  readonly defaultMinutes: number;
  readonly interviewItems: number;
}

/** Published sets that have at least one interview question (free-form or scenario). */
export async function listInterviewSets(): Promise<InterviewSetOption[]> {
  const sets = await prisma.questionSet.findMany({
    where: { status: "published" },
    orderBy: { title: "asc" },
    select: {
      slug: true,
      title: true,
      interviewMinutes: true,
      items: {
        where: { retiredAt: null, kind: { in: ["freeform", "scenario"] } },
        select: { id: true, kind: true, front: true, back: true, tags: true, rubric: true, scenario: true },
      },
    },
  });
  return sets
    .map((s) => ({
      slug: s.slug,
      title: s.title,
      defaultMinutes: s.interviewMinutes,
      // the questions an interview may ask: every free-form and scenario item
      interviewItems: s.items.map(fromItemRow).filter((item) => item !== null && isInterviewItem(item)).length,
    }))
    .filter((s) => s.interviewItems > 0);
}

export interface RunningInterview {
  readonly id: string;
  readonly setTitle: string;
  readonly startedAt: string;
  readonly deadlineAt: string;
  readonly questions: number;
}

/** The learner's interviews still running, so the start page can offer to continue them. */
export async function runningInterviews(userId: string, now: Date): Promise<RunningInterview[]> {
  const rows = await prisma.interview.findMany({
    where: { userId, status: "active", deadlineAt: { gt: new Date(now.getTime() - LATE_GRACE_MS) } },
    orderBy: { deadlineAt: "asc" },
    include: { set: { select: { title: true } }, _count: { select: { questions: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    setTitle: r.set.title,
    startedAt: r.startedAt.toISOString(),
    deadlineAt: r.deadlineAt.toISOString(),
    questions: r._count.questions,
  }));
}

export interface HistoryEntry {
  readonly id: string;
  readonly setSlug: string;
  readonly setTitle: string;
  readonly startedAt: string;
  readonly status: "active" | "submitted";
  readonly score: number | null;
  readonly verdict: string | null;
  readonly questions: number;
  readonly timeUsedSec: number | null;
  readonly durationSec: number;
  readonly submittedBy: string | null;
}

/** The learner's interviews, newest first (expired ones are submitted on the way). */
export async function historyView(userId: string, now: Date): Promise<HistoryEntry[]> {
  const expired = await prisma.interview.findMany({
    where: { userId, status: "active", deadlineAt: { lt: new Date(now.getTime() - LATE_GRACE_MS) } },
    select: { id: true, status: true, deadlineAt: true },
  });
  for (const interview of expired) await expireIfDue(interview, now);
  const rows = await prisma.interview.findMany({
    where: { userId },
    orderBy: { startedAt: "desc" },
    take: 200,
    include: { set: { select: { slug: true, title: true } }, _count: { select: { questions: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    setSlug: r.set.slug,
    setTitle: r.set.title,
    startedAt: r.startedAt.toISOString(),
    status: toStatus(r.status),
    score: r.score,
    verdict: r.verdict,
    questions: r._count.questions,
    timeUsedSec:
      r.submittedAt === null
        ? null
        : Math.min(r.durationSec, Math.max(0, Math.round((r.submittedAt.getTime() - r.startedAt.getTime()) / 1000))),
    durationSec: r.durationSec,
    submittedBy: r.submittedBy,
  }));
}
