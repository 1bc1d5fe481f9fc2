import "server-only";
import { prisma } from "../db";
import type { Failure, Result } from "../../schemas/failure";
import { MAX_ANSWER_CHARS } from "../../grade/index";
import { type SaveAnswerInput } from "../../schemas/interview";
import { decideRevision, decideSave, LATE_GRACE_MS, remainingMs, toStatus } from "../../interview";
import { Prisma } from "../generated/prisma/client";
import { rawExecute, rawRows, rowDate, type RowDate } from "../sql-rows";
import { notFound } from "./failures";
import { expireIfDue } from "./submit";

export interface SaveResult {
  /** the stored answer revision, null for a flag-only save */
  readonly revision: number | null;
  /** the stored flag, null when the save did not touch it */
  readonly flagged: boolean | null;
  readonly savedAt: string;
  readonly remainingMs: number;
}

/**
 * Autosave of one question's answer and/or flag. Late (past the deadline's grace) → 409 LATE, and the
 * session is submitted; after a Finish → 409 SUBMITTED; an older revision than stored → 409 STALE_REVISION
 * with the stored text and revision (last write wins).
 */
export async function saveAnswer(
  userId: string,
  id: string,
  position: number,
  input: SaveAnswerInput,
  now: Date,
): Promise<Result<SaveResult> | StaleRevision> {
  if (input.answer !== undefined && input.answer.length > MAX_ANSWER_CHARS) {
    return {
      ok: false,
      code: "ANSWER_TOO_LONG",
      message: `The answer is ${input.answer.length} characters; the limit is ${MAX_ANSWER_CHARS}.`,
    };
  }
  // The hot path's two statements are raw, standard SQL (lib/server/sql-rows.ts): through Prisma's query
  // API this read and the relation-filtered update cost more CPU than the rest of an autosave.
  const [row] = await rawRows<{ id: string; status: string; deadlineAt: RowDate }>(
    Prisma.sql`SELECT "id", "status", "deadlineAt" FROM "Interview" WHERE "id" = ${id} AND "userId" = ${userId}`,
  );
  if (row === undefined) return notFound();
  const interview = { id: row.id, status: row.status, deadlineAt: rowDate(row.deadlineAt) };
  const decision = decideSave({ status: toStatus(interview.status), deadlineAt: interview.deadlineAt }, now);
  if (!decision.ok) {
    await expireIfDue(interview, now);
    return { ok: false, code: decision.code, message: decision.message };
  }
  const revision = input.answer !== undefined ? input.revision : undefined;
  const assignments: Prisma.Sql[] = [];
  if (input.flagged !== undefined) assignments.push(Prisma.sql`"flagged" = ${input.flagged}`);
  if (input.answer !== undefined && revision !== undefined) {
    assignments.push(
      Prisma.sql`"answer" = ${input.answer}`,
      Prisma.sql`"answerRevision" = ${revision}`,
      Prisma.sql`"answerSavedAt" = ${now}`,
    );
  }
  // neither (the route's schema refuses that): the statement still says whether the question is open
  if (assignments.length === 0) assignments.push(Prisma.sql`"answerRevision" = "answerRevision"`);
  // One conditional UPDATE, no read first (autosave is the hot path): the interview must still be open and
  // the stored revision older than this one, so a concurrent submit or a newer save from another tab wins.
  const openSince = new Date(now.getTime() - LATE_GRACE_MS);
  const newer = revision !== undefined ? Prisma.sql`AND "answerRevision" < ${revision}` : Prisma.empty;
  const updatedCount = await rawExecute(Prisma.sql`UPDATE "InterviewQuestion" SET ${Prisma.join(assignments, ", ")}
    WHERE "interviewId" = ${id} AND "position" = ${position} ${newer}
      AND EXISTS (SELECT 1 FROM "Interview" v
        WHERE v."id" = ${id} AND v."status" = 'active' AND v."deadlineAt" >= ${openSince})`);
  if (updatedCount === 0) {
    // Why not: no such question, the interview closed meanwhile, or a newer revision is stored.
    const question = await prisma.interviewQuestion.findUnique({
      where: { interviewId_position: { interviewId: id, position } },
    });
    if (question === null) {
      return { ok: false, code: "NOT_FOUND", message: `This interview has no question ${position}.` };
    }
    const fresh = await prisma.interview.findUnique({ where: { id }, select: { status: true } });
    const again = decideSave({ status: toStatus(fresh?.status ?? "submitted"), deadlineAt: interview.deadlineAt }, now);
    if (!again.ok) return { ok: false, code: again.code, message: again.message };
    if (revision !== undefined && decideRevision(question.answerRevision, revision) === "stale") {
      return staleFailure(question.answer, question.answerRevision);
    }
    return { ok: false, code: "CONFLICT", message: "The answer changed while saving; try again." };
  }
  return {
    ok: true,
    revision: revision ?? null,
    flagged: input.flagged ?? null,
    savedAt: now.toISOString(),
    remainingMs: remainingMs(interview.deadlineAt, now),
  };
}

/** STALE_REVISION carries the stored text, so the tab can decide whose text wins. */
export type StaleRevision = Failure<"STALE_REVISION"> & {
  readonly current: { readonly answer: string; readonly revision: number };
};

function staleFailure(answer: string, revision: number): StaleRevision {
  return {
    ok: false,
    code: "STALE_REVISION",
    message: "A newer version of this answer was saved (probably from another tab).",
    current: { answer, revision },
  };
}
