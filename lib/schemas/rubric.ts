import { z } from "zod";
import { fieldErrorsOf, issueList } from "./field-errors";
import { CONCEPT_IDS } from "./grade";

/**
 * Author-facing tuning of the grader for one question (stored with the question set, validated on save).
 * Concept ids are the grader's (lib/grade/concepts.ts); an unknown id is an error naming its path, e.g.
 * `synonyms.dns-answer` → "unknown concept id".
 *
 * Patterns of extra synonyms and misconceptions are plain phrases ("service VIP"), or the grader's pattern
 * language when they contain `..` ("coredns .. pick* ..4 pod", see lib/grade/pattern.ts).
 */
const knownIds = new Set<string>(CONCEPT_IDS);
const phrase = z.string().trim().min(1).max(200);
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and '-' (at most 63 characters)");

function conceptRecord<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!knownIds.has(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `unknown concept id "${key}"` });
      }
    }
  });
}

export const rubricMisconceptionSchema = z.object({
  id,
  label: z.string().trim().min(1).max(200).optional(),
  patterns: z.array(phrase).min(1).max(50),
  explanation: z.string().trim().min(1).max(500),
});

export const rubricSampleSchema = z.object({
  answer: z.string().max(20_000),
  verdict: z.enum(["strong", "partial", "weak"]),
  misconceptions: z.array(id).max(20).optional(),
});

export const rubricTuningSchema = z
  .object({
    synonyms: conceptRecord(z.array(phrase).max(100)).default({}),
    weights: conceptRecord(z.number().min(0).max(10)).default({}),
    misconceptions: z.array(rubricMisconceptionSchema).max(50).default([]),
    modelAnswer: z.string().max(20_000).nullable().default(null),
    samples: z.array(rubricSampleSchema).max(100).default([]),
  })
  .superRefine((tuning, ctx) => {
    const seen = new Set<string>();
    tuning.misconceptions.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: "custom", path: ["misconceptions", i, "id"], message: "duplicate id" });
      seen.add(m.id);
    });
  });

export type RubricTuningInput = z.input<typeof rubricTuningSchema>;
export type RubricTuning = z.output<typeof rubricTuningSchema>;

/** Field errors with dotted paths ("weights.dns-answer"), the way every edge reports them. */
export function parseRubricTuning(
  input: unknown,
): { ok: true; value: RubricTuning } | { ok: false; errors: { path: string; message: string }[] } {
  const parsed = rubricTuningSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: issueList(fieldErrorsOf(parsed.error)),
  };
}
