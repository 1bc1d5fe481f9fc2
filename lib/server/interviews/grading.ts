import "server-only";
import type { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { Grade } from "../../grade/index";
import {
  interviewScore,
  interviewVerdict,
  overriddenScore,
  type ClaimSynonym,
  type GradableQuestion,
  type InterviewItem,
} from "../../interview";
import type { StoredGrade } from "../../schemas/grade";
import { gradeInPool } from "./grade-pool";

type Db = Prisma.TransactionClient | typeof prisma;

/**
 * Grades questions against their items (lib/interview gradeQuestion) on a grading thread (grade-pool.ts says
 * why): the grades in the questions' order, null where an item or its scenario is gone.
 */
export function gradeQuestions(
  items: ReadonlyMap<string, InterviewItem>,
  questions: readonly (GradableQuestion & { readonly itemId: string })[],
  synonyms: readonly ClaimSynonym[],
): Promise<(Grade | null)[]> {
  return gradeInPool({
    tasks: questions.map((q) => ({
      item: items.get(q.itemId),
      question: {
        answer: q.answer,
        scenarioSeed: q.scenarioSeed,
        difficulty: q.difficulty,
        generatorVersion: q.generatorVersion,
      },
    })),
    synonyms,
  });
}

/** The accepted claims of a set: each phrase is a synonym of its concept whenever that set's answers are graded. */
export async function claimSynonyms(db: Db, setId: string): Promise<ClaimSynonym[]> {
  const rows = await db.gradeOverride.findMany({
    where: { status: "accepted", phrase: { not: "" }, question: { interview: { setId } } },
    select: { conceptId: true, phrase: true },
    orderBy: { reviewedAt: "asc" },
  });
  return rows;
}

/** A question's score: the grade's, with its accepted claims the grade still does not credit counted as stated. */
export function questionScore(grade: StoredGrade | null, accepted: ReadonlySet<string>): number {
  return grade === null ? 0 : overriddenScore(grade, accepted);
}

/** Recomputes an interview's stored score and verdict from its questions' stored scores. */
export async function restoreInterviewScore(db: Db, interviewId: string): Promise<number> {
  const questions = await db.interviewQuestion.findMany({ where: { interviewId }, select: { score: true } });
  const total = interviewScore(questions.map((q) => q.score ?? 0));
  await db.interview.update({ where: { id: interviewId }, data: { score: total, verdict: interviewVerdict(total) } });
  return total;
}
