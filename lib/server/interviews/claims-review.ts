/**
 * The admins' review of "I was right" claims. A claim counts only once accepted: its phrase becomes a synonym
 * of the concept for every answer of that set (lib/server/interviews/grading.ts `claimSynonyms`), and the
 * answers it affects (the claimant's, and every graded answer of the set that contains the phrase) are
 * regraded, their interviews' scores recomputed. A rejection records the reason the learner then reads.
 * Every function checks the admin role itself (defence in depth: pages and actions check first).
 */
import "server-only";
import { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { authorize } from "../authoring/access";
import type { SessionUser } from "../auth/roles";
import { failure, type Result } from "../../schemas/failure";
import { isInterviewItem, type InterviewItem } from "../../interview";
import { claimSynonyms, gradeQuestions, questionScore, restoreInterviewScore } from "./grading";
import { answerQuotes, toClaimStatus, type ClaimStatus } from "./overrides";
import { parseGrade } from "./results";
import { snapshotItems } from "./snapshot";

export interface QueuedClaim {
  readonly id: string;
  readonly status: ClaimStatus;
  readonly conceptId: string;
  readonly conceptLabel: string;
  readonly phrase: string;
  readonly graderReason: string;
  readonly answer: string;
  readonly learner: string;
  readonly setTitle: string;
  readonly interviewId: string;
  readonly position: number;
  readonly createdAt: string;
  readonly reviewReason: string | null;
  readonly reviewedAt: string | null;
}

/** Pending claims oldest first, then the latest reviewed ones (at most `reviewedLimit`). */
export async function claimQueue(
  user: SessionUser | null,
  reviewedLimit = 20,
): Promise<{ pending: QueuedClaim[]; reviewed: QueuedClaim[] }> {
  authorize(user);
  const include = {
    user: { select: { email: true, name: true } },
    question: {
      select: { answer: true, position: true, grade: true, interviewId: true, interview: { select: { set: true } } },
    },
  } as const;
  const [pending, reviewed] = await Promise.all([
    prisma.gradeOverride.findMany({ where: { status: "pending" }, include, orderBy: { createdAt: "asc" } }),
    prisma.gradeOverride.findMany({
      where: { status: { not: "pending" } },
      include,
      orderBy: { reviewedAt: "desc" },
      take: reviewedLimit,
    }),
  ]);
  const view = (row: (typeof pending)[number]): QueuedClaim => {
    const label = parseGrade(row.question.grade)?.concepts.find((c) => c.id === row.conceptId)?.label;
    return {
      id: row.id,
      status: toClaimStatus(row.status),
      conceptId: row.conceptId,
      conceptLabel: label ?? row.conceptId,
      phrase: row.phrase,
      graderReason: row.graderReason,
      answer: row.question.answer,
      learner: row.user.name ?? row.user.email,
      setTitle: row.question.interview.set.title,
      interviewId: row.question.interviewId,
      position: row.question.position,
      createdAt: row.createdAt.toISOString(),
      reviewReason: row.reviewReason,
      reviewedAt: row.reviewedAt?.toISOString() ?? null,
    };
  };
  return { pending: pending.map(view), reviewed: reviewed.map(view) };
}

/** How many claims wait for review (the admin overview links the queue with it). */
export async function pendingClaimCount(user: SessionUser | null): Promise<number> {
  authorize(user);
  return prisma.gradeOverride.count({ where: { status: "pending" } });
}

async function pendingClaim(id: string) {
  const claim = await prisma.gradeOverride.findUnique({
    where: { id },
    include: { question: { select: { id: true, answer: true, interview: { select: { setId: true } } } } },
  });
  if (claim === null) return failure("NOT_FOUND", "No such claim.");
  if (claim.status !== "pending") return failure("ALREADY_REVIEWED", `This claim was already ${claim.status}.`);
  return { ok: true as const, claim };
}

/**
 * Accepts a claim. The reviewer may trim the phrase to the words that state the concept; it must still be
 * in the answer. Returns how many answers were regraded.
 */
export async function acceptClaim(
  user: SessionUser | null,
  id: string,
  phrase: string,
  now: Date,
): Promise<Result<{ regraded: number }>> {
  authorize(user);
  const found = await pendingClaim(id);
  if (!found.ok) return found;
  const { claim } = found;
  if (!answerQuotes(claim.question.answer, phrase)) {
    return failure("INVALID_REQUEST", "Invalid request: phrase: is not in the answer", {
      phrase: ["is not in the learner's answer"],
    });
  }
  // all or nothing: the claim is accepted only together with every regraded answer and interview score
  const regraded = await prisma.$transaction(async (tx) => {
    const updated = await tx.gradeOverride.updateMany({
      where: { id, status: "pending" },
      data: { status: "accepted", phrase, reviewReason: null, reviewedAt: now, reviewedById: user.id },
    });
    if (updated.count !== 1) return null;
    return regradeAffected(tx, claim.question.interview.setId, claim.question.id, phrase, now);
  });
  if (regraded === null) return failure("ALREADY_REVIEWED", "This claim was reviewed meanwhile.");
  return { ok: true, regraded };
}

/** Rejects a claim with the reason the learner reads on the results page. */
export async function rejectClaim(
  user: SessionUser | null,
  id: string,
  reason: string,
  now: Date,
): Promise<Result<object>> {
  authorize(user);
  const found = await pendingClaim(id);
  if (!found.ok) return found;
  const updated = await prisma.gradeOverride.updateMany({
    where: { id, status: "pending" },
    data: { status: "rejected", reviewReason: reason, reviewedAt: now, reviewedById: user.id },
  });
  if (updated.count !== 1) return failure("ALREADY_REVIEWED", "This claim was reviewed meanwhile.");
  return { ok: true };
}

/**
 * Regrades the claimant's answer and every graded answer of the set that contains the new synonym, with the
 * set's accepted phrases, and stores each new grade and its interview's score.
 */
async function regradeAffected(
  tx: Prisma.TransactionClient,
  setId: string,
  claimedQuestionId: string,
  phrase: string,
  now: Date,
): Promise<number> {
  const synonyms = await claimSynonyms(tx, setId);
  const candidates = await tx.interviewQuestion.findMany({
    where: { interview: { setId, status: "submitted" }, gradedAt: { not: null } },
    include: {
      interview: { select: { id: true, setVersion: true } },
      overrides: { where: { status: "accepted" }, select: { conceptId: true } },
    },
  });
  const affected = candidates.filter((q) => q.id === claimedQuestionId || answerQuotes(q.answer, phrase));
  const itemsByVersion = new Map<number, Map<string, InterviewItem>>();
  const interviews = new Set<string>();
  for (const q of affected) {
    if (itemsByVersion.has(q.interview.setVersion)) continue;
    const snapshot = await snapshotItems(tx, setId, q.interview.setVersion);
    itemsByVersion.set(q.interview.setVersion, new Map(snapshot.filter(isInterviewItem).map((i) => [i.id, i])));
  }
  // one batch per set version: each question is graded against the items of the version it was asked from
  for (const [version, items] of itemsByVersion) {
    const questions = affected.filter((q) => q.interview.setVersion === version);
    const grades = await gradeQuestions(items, questions, synonyms);
    for (const [i, q] of questions.entries()) {
      const grade = grades[i] ?? null;
      if (grade === null) continue;
      const score = questionScore(grade, new Set(q.overrides.map((o) => o.conceptId)));
      await tx.interviewQuestion.update({
        where: { id: q.id },
        data: { grade: JSON.stringify(grade), score, gradedAt: now },
      });
      interviews.add(q.interview.id);
    }
  }
  for (const interviewId of interviews) await restoreInterviewScore(tx, interviewId);
  return affected.length;
}
