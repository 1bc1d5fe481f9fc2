import "server-only";
import { isUniqueViolation, prisma } from "../db";
import { parseTags } from "../../content";
import type { Result } from "../../schemas/failure";
import { GRADER_VERSION } from "../../grade/index";
import {
  conceptsToReview,
  decideSubmit,
  flashcardsForConcepts,
  interviewScore,
  interviewVerdict,
  isExpired,
  isInterviewItem,
  LATE_GRACE_MS,
  toStatus,
  type SubmittedBy,
} from "../../interview";
import { notFound } from "./failures";
import { claimSynonyms, gradeQuestions } from "./grading";
import { makeCardDue } from "../study/cards";
import { snapshotItems } from "./snapshot";

interface SubmitSummary {
  readonly status: "submitted";
  readonly alreadySubmitted: boolean;
  readonly submittedBy: SubmittedBy;
  readonly score: number | null;
}

/**
 * Submits and grades once. Safe to run twice or concurrently (the learner's Finish, a second tab, the expiry
 * sweep): the status flips active → submitted in a conditional update inside the transaction that stores the
 * grades, so exactly one caller grades and every other sees "already submitted".
 *
 * Grading (a scenario, its trace and the grader, milliseconds per question, on a grading thread: grade-pool.ts)
 * runs before that transaction, not in it: a transaction holds the app's only database connection, and every
 * other request would wait for it.
 * So the transaction stores each grade only if the answer's revision is still the one graded; an autosave
 * that landed in between (saves are allowed until the flip) makes it roll back and grade again.
 */
async function submitById(interviewId: string, now: Date, requestedBy: SubmittedBy): Promise<SubmitSummary | null> {
  const interview = await prisma.interview.findUnique({ where: { id: interviewId } });
  if (interview === null) return null;
  const decision = decideSubmit(
    { status: toStatus(interview.status), deadlineAt: interview.deadlineAt },
    now,
    requestedBy,
  );
  if (decision.action === "not-due") return null;
  if (decision.action === "already-submitted") {
    return {
      status: "submitted",
      alreadySubmitted: true,
      submittedBy: interview.submittedBy === "deadline" ? "deadline" : "learner",
      score: interview.score,
    };
  }
  const items = new Map(
    (await snapshotItems(prisma, interview.setId, interview.setVersion)).filter(isInterviewItem).map((i) => [i.id, i]),
  );
  const flashcards = (
    await prisma.item.findMany({
      where: { setId: interview.setId, kind: "flashcard", retiredAt: null },
      select: { id: true, tags: true },
    })
  ).map((f) => ({ id: f.id, tags: parseTags(f.tags) }));
  const synonyms = await claimSynonyms(prisma, interview.setId);
  // A submit after the deadline is recorded at the deadline: time used never exceeds the time allowed.
  const submittedAt = decision.by === "deadline" ? interview.deadlineAt : now;

  for (let attempt = 1; ; attempt += 1) {
    const questions = await prisma.interviewQuestion.findMany({ where: { interviewId }, orderBy: { position: "asc" } });
    const grades = await gradeQuestions(items, questions, synonyms);
    const graded = questions.map((q, i) => {
      const grade = grades[i] ?? null;
      return { id: q.id, revision: q.answerRevision, grade, score: grade?.score ?? 0 };
    });
    const review = new Set<string>();
    for (const { grade } of graded) if (grade !== null) for (const id of conceptsToReview(grade)) review.add(id);
    const total = interviewScore(graded.map((g) => g.score));
    try {
      return await prisma.$transaction(async (tx) => {
        const flipped = await tx.interview.updateMany({
          where: { id: interviewId, status: "active" },
          data: { status: "submitted", submittedAt, submittedBy: decision.by },
        });
        if (flipped.count === 0) {
          const current = await tx.interview.findUnique({ where: { id: interviewId } });
          return {
            status: "submitted" as const,
            alreadySubmitted: true,
            submittedBy: current?.submittedBy === "deadline" ? ("deadline" as const) : ("learner" as const),
            score: current?.score ?? null,
          };
        }
        for (const g of graded) {
          const stored = await tx.interviewQuestion.updateMany({
            where: { id: g.id, answerRevision: g.revision },
            data: { grade: g.grade === null ? null : JSON.stringify(g.grade), score: g.score, gradedAt: now },
          });
          if (stored.count !== 1) throw new AnswerChangedWhileGrading();
        }
        await tx.interview.update({
          where: { id: interviewId },
          data: { score: total, verdict: interviewVerdict(total), graderVersion: GRADER_VERSION },
        });
        for (const itemId of flashcardsForConcepts([...review], flashcards).keys()) {
          await makeCardDue(tx, interview.userId, itemId, now);
        }
        return { status: "submitted" as const, alreadySubmitted: false, submittedBy: decision.by, score: total };
      });
    } catch (error) {
      // rolled back, the interview still active: grade the newer answers (a learner cannot type forever)
      if (error instanceof AnswerChangedWhileGrading && attempt < MAX_GRADING_ATTEMPTS) continue;
      // a flashcard the grade sends back to study was created meanwhile by the learner studying it (another
      // instance, on PostgreSQL): rolled back too, and the next attempt finds the card and makes it due
      if (isUniqueViolation(error) && attempt < MAX_GRADING_ATTEMPTS) continue;
      throw error;
    }
  }
}

/** Thrown inside the grading transaction to roll it back when an answer changed after it was graded. */
class AnswerChangedWhileGrading extends Error {
  constructor() {
    super("An answer was saved while the interview was being graded.");
  }
}

const MAX_GRADING_ATTEMPTS = 5;

/** The learner's Finish (or the page noticing time ran out). Idempotent. */
export async function submitInterview(userId: string, id: string, now: Date): Promise<Result<SubmitSummary>> {
  const owned = await prisma.interview.findFirst({ where: { id, userId }, select: { id: true } });
  if (owned === null) return notFound();
  const summary = await submitById(id, now, "learner");
  return summary === null ? notFound() : { ok: true, ...summary };
}

/**
 * The learner's interview with its set, or null when it is not theirs; one past its deadline is submitted
 * first (the "next request touching it" rule), so what is read is what the deadline made of it.
 */
export async function ownInterview(userId: string, id: string, now: Date) {
  const interview = await prisma.interview.findFirst({ where: { id, userId }, include: { set: true } });
  if (interview === null || !(await expireIfDue(interview, now))) return interview;
  return prisma.interview.findFirst({ where: { id, userId }, include: { set: true } });
}

/** Submits an expired active interview (the "next request touching it" rule). */
export async function expireIfDue(
  interview: { id: string; status: string; deadlineAt: Date },
  now: Date,
): Promise<boolean> {
  if (interview.status !== "active" || !isExpired(interview.deadlineAt, now)) return false;
  await submitById(interview.id, now, "deadline");
  return true;
}

/**
 * The app's own timer: submits every active interview whose deadline (and grace) has passed, browser or not.
 * Idempotent and safe to run concurrently with itself and with requests (see submitById).
 */
export async function sweepExpiredInterviews(now: Date): Promise<number> {
  const due = await prisma.interview.findMany({
    where: { status: "active", deadlineAt: { lt: new Date(now.getTime() - LATE_GRACE_MS) } },
    select: { id: true },
    take: 100,
  });
  let submitted = 0;
  for (const { id } of due) {
    // each submit awaits its grades from a grading thread, so the requests in between are served meanwhile
    const summary = await submitById(id, now, "deadline");
    if (summary !== null && !summary.alreadySubmitted) submitted += 1;
  }
  return submitted;
}
