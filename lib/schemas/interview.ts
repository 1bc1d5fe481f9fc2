import { z } from "zod";
import { MAX_MINUTES, MAX_QUESTIONS, MIN_MINUTES, MIN_QUESTIONS } from "./interview-limits";
import { slugSchema } from "./question-set";

/**
 * Bodies and parameters of the mock-interview API (app/api/interviews/…). Every route parses with safeParse
 * and answers a failure with 400 and the field paths (lib/server/http/body.ts; statuses in lib/server/http/status.ts).
 */

/** Ids are cuids; anything else cannot name an interview, so it is a 404 without a query. */
export const interviewIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+$/i, "is not an interview id");

export const positionSchema = z.coerce.number().int().min(MIN_QUESTIONS).max(MAX_QUESTIONS);

export const startInterviewSchema = z.object({
  set: slugSchema,
  questions: z.coerce
    .number()
    .int()
    .min(MIN_QUESTIONS, `must be at least ${MIN_QUESTIONS}`)
    .max(MAX_QUESTIONS, `must be at most ${MAX_QUESTIONS}`),
  minutes: z.coerce
    .number()
    .int()
    .min(MIN_MINUTES, `must be at least ${MIN_MINUTES} minutes`)
    .max(MAX_MINUTES, `must be at most ${MAX_MINUTES} minutes`),
});

export const saveAnswerSchema = z
  .object({
    /** the whole answer text; length is checked separately so a long answer gets 413, not 400 */
    answer: z.string().optional(),
    /** one above the newest revision this tab knows (last write wins, see lib/interview/lifecycle.ts) */
    revision: z.number().int().min(1).max(2_000_000_000).optional(),
    flagged: z.boolean().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.answer === undefined && body.flagged === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: "send an answer, a flag, or both" });
    }
    if (body.answer !== undefined && body.revision === undefined) {
      ctx.addIssue({ code: "custom", path: ["revision"], message: "is required with an answer" });
    }
  });

export const overrideSchema = z.object({
  concept: z
    .string()
    .min(1)
    .max(63)
    .regex(/^[a-z0-9][a-z0-9-]*$/, "is not a concept id"),
});

/** Longest phrase a claim may quote (it becomes a rubric synonym when accepted, lib/schemas/rubric.ts). */
export const MAX_CLAIM_PHRASE_CHARS = 200;

/** "I was right": the words of the answer that state the concept. */
export const claimBodySchema = z
  .object({
    phrase: z
      .string()
      .trim()
      .min(1, "quote the words of your answer that state it")
      .max(MAX_CLAIM_PHRASE_CHARS, `must be at most ${MAX_CLAIM_PHRASE_CHARS} characters`),
  })
  .strict();

/** Longest reason a reviewer may give for rejecting a claim (the learner reads it on the results page). */
export const MAX_REVIEW_REASON_CHARS = 1000;

const claimIdSchema = z.string().trim().min(1, "is missing").max(64, "is not a claim id");

/** An admin accepts a claim: the phrase (the learner's, possibly trimmed) becomes a synonym of the concept. */
export const acceptClaimFormSchema = z.object({ claimId: claimIdSchema, phrase: claimBodySchema.shape.phrase });

/** An admin rejects a claim, always with the reason the learner reads. */
export const rejectClaimFormSchema = z.object({
  claimId: claimIdSchema,
  reason: z
    .string()
    .trim()
    .min(1, "say why: the learner reads it")
    .max(MAX_REVIEW_REASON_CHARS, `must be at most ${MAX_REVIEW_REASON_CHARS} characters`),
});

export type StartInterviewInput = z.output<typeof startInterviewSchema>;
export type SaveAnswerInput = z.output<typeof saveAnswerSchema>;

/**
 * A grade as stored in InterviewQuestion.grade: lib/schemas/grade.ts's shape, newer fields optional. Read back
 * through this schema so a row written by an older grader never crashes the results page: it is shown as
 * "not graded" instead, or without the parts that grader did not write.
 */
export { storedGradeSchema, type StoredGrade } from "./grade";
