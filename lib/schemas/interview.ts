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

export type StartInterviewInput = z.output<typeof startInterviewSchema>;
export type SaveAnswerInput = z.output<typeof saveAnswerSchema>;

const evidenceSchema = z.object({ start: z.number().int(), end: z.number().int(), text: z.string() });

/**
 * A grade as stored in InterviewQuestion.grade (lib/grade's Grade). Read back
 * through this schema so a row written by an older grader never crashes the results page: it is shown as
 * "not graded" instead.
 */
export const storedGradeSchema = z.object({
  score: z.number(),
  verdict: z.enum(["strong", "partial", "weak"]),
  concepts: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      found: z.boolean(),
      required: z.boolean(),
      evidence: evidenceSchema.nullable(),
      weight: z.number(),
      order: z.number().nullable(),
      outOfOrder: z.boolean(),
    }),
  ),
  order: z.object({ score: z.number(), outOfOrder: z.array(z.string()) }),
  misconceptions: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      evidence: evidenceSchema,
      explanation: z.string(),
      penalty: z.number().optional(),
    }),
  ),
  feedback: z.array(z.string()),
  coverage: z.number(),
  calculation: z.object({
    coverage: z.object({ foundWeight: z.number(), totalWeight: z.number(), value: z.number() }),
    order: z.object({ inOrder: z.number(), mentioned: z.number(), value: z.number() }),
    base: z.number(),
    penalty: z.number(),
    requiredMissing: z.array(z.string()),
    formula: z.string(),
    verdictRule: z.string(),
  }),
  graderVersion: z.string(),
});

interface StoredEvidence {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The part of lib/grade's Grade the interview pages rely on, read-only. lib/grade's own `Grade` is assignable
 * to it (it has these fields and more), so fresh and stored grades go through the same code.
 */
export interface StoredGrade {
  readonly score: number;
  readonly verdict: "strong" | "partial" | "weak";
  readonly concepts: readonly {
    readonly id: string;
    readonly label: string;
    readonly found: boolean;
    readonly required: boolean;
    readonly evidence: StoredEvidence | null;
    readonly weight: number;
    readonly order: number | null;
    readonly outOfOrder: boolean;
  }[];
  readonly order: { readonly score: number; readonly outOfOrder: readonly string[] };
  readonly misconceptions: readonly {
    readonly id: string;
    readonly label: string;
    readonly evidence: StoredEvidence;
    readonly explanation: string;
    readonly penalty?: number | undefined;
  }[];
  readonly feedback: readonly string[];
  readonly coverage: number;
  readonly calculation: {
    readonly coverage: { readonly foundWeight: number; readonly totalWeight: number; readonly value: number };
    readonly order: { readonly inOrder: number; readonly mentioned: number; readonly value: number };
    readonly base: number;
    readonly penalty: number;
    readonly requiredMissing: readonly string[];
    readonly formula: string;
    readonly verdictRule: string;
  };
  readonly graderVersion: string;
}
