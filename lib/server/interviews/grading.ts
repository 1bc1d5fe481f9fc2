import "server-only";
import type { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { gradeAnswer, MAX_ANSWER_CHARS, type Grade } from "../../grade/index";
import {
  interviewScore,
  interviewVerdict,
  overriddenScore,
  questionScenario,
  withClaimSynonyms,
  type ClaimSynonym,
  type InterviewItem,
} from "../../interview";
import type { StoredGrade } from "../../schemas/grade";

type Db = Prisma.TransactionClient | typeof prisma;

export interface GradableQuestion {
  readonly answer: string;
  readonly scenarioSeed: number | null;
  readonly difficulty: string | null;
  readonly generatorVersion: number;
}

/**
 * Grades a stored question against every valid path of its scenario (kube-proxy may pick any ready endpoint,
 * lib/sim tracePaths), with the item's rubric tuning and the set's accepted claim phrases as synonyms.
 * Null when the item or its scenario is gone.
 */
export function gradeQuestion(
  item: InterviewItem | undefined,
  q: GradableQuestion,
  synonyms: readonly ClaimSynonym[],
): Grade | null {
  if (item === undefined) return null;
  const scenario = questionScenario(item, q.scenarioSeed, q.difficulty, q.generatorVersion);
  if (scenario === null) return null;
  const tuning = withClaimSynonyms(scenario.tuning, synonyms);
  const result = gradeAnswer(q.answer.slice(0, MAX_ANSWER_CHARS), scenario.paths, tuning);
  return result.ok ? result.grade : null;
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
