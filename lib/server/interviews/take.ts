import "server-only";
import { prisma } from "../db";
import type { Result } from "../../schemas/failure";
import { renderMarkdown } from "../../content/markdown";
import { remainingMs, toStatus } from "../../interview";
import { notFound } from "./failures";
import { ownInterview } from "./submit";

export interface TakeQuestion {
  readonly id: string;
  readonly position: number;
  readonly promptHtml: string;
  readonly answer: string;
  readonly revision: number;
  readonly flagged: boolean;
  readonly savedAt: string | null;
}

export interface TakeView {
  readonly id: string;
  readonly setTitle: string;
  readonly status: "active" | "submitted";
  readonly startedAt: string;
  readonly deadlineAt: string;
  readonly serverNow: string;
  readonly remainingMs: number;
  readonly durationSec: number;
  readonly questions: readonly TakeQuestion[];
}

/** The interview as the take page and `GET /api/interviews/:id` show it; expired sessions are submitted first. */
export async function takeView(userId: string, id: string, now: Date): Promise<Result<{ view: TakeView }>> {
  const interview = await ownInterview(userId, id, now);
  if (interview === null) return notFound();
  const questions = await prisma.interviewQuestion.findMany({
    where: { interviewId: id },
    orderBy: { position: "asc" },
  });
  return {
    ok: true,
    view: {
      id: interview.id,
      setTitle: interview.set.title,
      status: toStatus(interview.status),
      startedAt: interview.startedAt.toISOString(),
      deadlineAt: interview.deadlineAt.toISOString(),
      serverNow: now.toISOString(),
      remainingMs: interview.status === "active" ? remainingMs(interview.deadlineAt, now) : 0,
      durationSec: interview.durationSec,
      questions: questions.map((q) => ({
        id: q.id,
        position: q.position,
        promptHtml: renderMarkdown(q.prompt),
        answer: q.answer,
        revision: q.answerRevision,
        flagged: q.flagged,
        savedAt: q.answerSavedAt?.toISOString() ?? null,
      })),
    },
  };
}
