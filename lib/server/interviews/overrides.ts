import "server-only";
import { isUniqueViolation, prisma } from "../db";
import type { Result } from "../../schemas/failure";
import { interviewScore, overridable, overriddenScore } from "../../interview";
import { parseGrade } from "./results";
import { notFound } from "./failures";

/** "I was right" on one concept of a graded question (missing or out of order). Idempotent. */
export async function setOverride(
  userId: string,
  id: string,
  position: number,
  conceptId: string,
  claimed: boolean,
): Promise<Result<{ overriddenScore: number; interviewOverriddenScore: number }>> {
  const interview = await prisma.interview.findFirst({ where: { id, userId }, select: { id: true, status: true } });
  if (interview === null) return notFound();
  if (interview.status !== "submitted") {
    return { ok: false, code: "NOT_SUBMITTED", message: "Overrides are for graded interviews." };
  }
  const question = await prisma.interviewQuestion.findUnique({
    where: { interviewId_position: { interviewId: id, position } },
  });
  if (question === null) {
    return { ok: false, code: "NOT_FOUND", message: `This interview has no question ${position}.` };
  }
  const grade = parseGrade(question.grade);
  if (grade === null || !overridable(grade, conceptId)) {
    return {
      ok: false,
      code: "NOT_OVERRIDABLE",
      message: `Concept "${conceptId}" is not missing or out of order in this answer's grade.`,
    };
  }
  if (claimed) {
    try {
      await prisma.gradeOverride.upsert({
        where: { questionId_conceptId: { questionId: question.id, conceptId } },
        create: { questionId: question.id, userId, conceptId },
        update: {},
      });
    } catch (error) {
      // the same claim sent twice at once: the other request stored it, which is the state asked for
      if (!isUniqueViolation(error)) throw error;
    }
  } else {
    await prisma.gradeOverride.deleteMany({ where: { questionId: question.id, conceptId } });
  }
  const all = await prisma.interviewQuestion.findMany({
    where: { interviewId: id },
    include: { overrides: { select: { conceptId: true } } },
  });
  const scores = all.map((q) => {
    const g = parseGrade(q.grade);
    return g === null ? (q.score ?? 0) : overriddenScore(g, new Set(q.overrides.map((o) => o.conceptId)));
  });
  const mine = all.find((q) => q.id === question.id);
  const myGrade = mine ? parseGrade(mine.grade) : null;
  return {
    ok: true,
    overriddenScore:
      myGrade === null
        ? (question.score ?? 0)
        : overriddenScore(myGrade, new Set(mine?.overrides.map((o) => o.conceptId))),
    interviewOverriddenScore: interviewScore(scores),
  };
}
