import "server-only";
import { isUniqueViolation, prisma } from "../db";
import { failure, type Result } from "../../schemas/failure";
import { overridable } from "../../interview";
import type { StoredGrade } from "../../schemas/grade";
import { parseGrade } from "./results";
import { notFound } from "./failures";

export type ClaimStatus = "pending" | "accepted" | "rejected";

export function toClaimStatus(value: string): ClaimStatus {
  return value === "accepted" || value === "rejected" ? value : "pending";
}

/** Case and runs of white space do not matter when a quoted phrase is looked up in the answer. */
const folded = (text: string): string => text.toLowerCase().replace(/\s+/g, " ").trim();

/** Whether the answer contains the phrase (ignoring case and white space). */
export function answerQuotes(answer: string, phrase: string): boolean {
  const needle = folded(phrase);
  return needle.length > 0 && folded(answer).includes(needle);
}

/** What the grader said about a concept, kept with the claim so the reviewer reads the grade that was claimed. */
export function graderReason(grade: StoredGrade, conceptId: string): string {
  const concept = grade.concepts.find((c) => c.id === conceptId);
  if (concept === undefined) return "";
  const misplaced = grade.order.misplaced?.find((m) => m.concept === conceptId);
  const correction = grade.corrections?.find((c) => c.concept === conceptId);
  const status = concept.status ?? (concept.found ? "found" : "missing");
  const parts = [
    concept.outOfOrder ? `${status}, out of order` : status,
    misplaced?.message,
    correction?.explanation,
    concept.hint,
  ].filter((p): p is string => p !== undefined && p.length > 0);
  return parts.join(" · ");
}

async function submittedQuestion(userId: string, id: string, position: number) {
  const interview = await prisma.interview.findFirst({ where: { id, userId }, select: { id: true, status: true } });
  if (interview === null) return notFound();
  if (interview.status !== "submitted") return failure("NOT_SUBMITTED", "Claims are for graded interviews.");
  const question = await prisma.interviewQuestion.findUnique({
    where: { interviewId_position: { interviewId: id, position } },
  });
  if (question === null) return failure("NOT_FOUND", `This interview has no question ${position}.`);
  return { ok: true as const, question };
}

/**
 * "I was right" on one concept of a graded answer: records a claim for an admin to review (lib/server/interviews/
 * claims-review.ts). It changes no score until it is accepted. Claiming again while it waits updates the phrase;
 * a reviewed claim stays as reviewed.
 */
export async function setOverride(
  userId: string,
  id: string,
  position: number,
  conceptId: string,
  phrase: string,
): Promise<Result<{ status: ClaimStatus; phrase: string }>> {
  const found = await submittedQuestion(userId, id, position);
  if (!found.ok) return found;
  const { question } = found;
  const grade = parseGrade(question.grade);
  if (grade === null || !overridable(grade, conceptId, question.answer)) {
    return failure(
      "NOT_OVERRIDABLE",
      question.answer.trim().length === 0
        ? "A blank answer states nothing to claim."
        : `Concept "${conceptId}" is already credited in this answer's grade.`,
    );
  }
  if (!answerQuotes(question.answer, phrase)) {
    return failure("INVALID_REQUEST", "Invalid request: phrase: is not in your answer", {
      phrase: ["is not in your answer: quote the words you wrote"],
    });
  }
  const existing = await prisma.gradeOverride.findUnique({
    where: { questionId_conceptId: { questionId: question.id, conceptId } },
  });
  if (existing !== null && existing.status !== "pending") {
    return failure("ALREADY_REVIEWED", `This claim was already ${existing.status} by a reviewer.`);
  }
  try {
    await prisma.gradeOverride.upsert({
      where: { questionId_conceptId: { questionId: question.id, conceptId } },
      create: { questionId: question.id, userId, conceptId, phrase, graderReason: graderReason(grade, conceptId) },
      update: { phrase },
    });
  } catch (error) {
    // the same claim sent twice at once: the other request stored it, which is the state asked for
    if (!isUniqueViolation(error)) throw error;
  }
  return { ok: true, status: "pending", phrase };
}

/** Withdraws a claim that still waits for review; a reviewed claim cannot be withdrawn. */
export async function withdrawOverride(
  userId: string,
  id: string,
  position: number,
  conceptId: string,
): Promise<Result<{ withdrawn: boolean }>> {
  const found = await submittedQuestion(userId, id, position);
  if (!found.ok) return found;
  const existing = await prisma.gradeOverride.findUnique({
    where: { questionId_conceptId: { questionId: found.question.id, conceptId } },
  });
  if (existing === null) return { ok: true, withdrawn: false };
  if (existing.status !== "pending") {
    return failure("ALREADY_REVIEWED", `This claim was already ${existing.status} by a reviewer.`);
  }
  await prisma.gradeOverride.delete({ where: { id: existing.id } });
  return { ok: true, withdrawn: true };
}
