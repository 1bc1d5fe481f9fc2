import { gradeAnswer, type Verdict } from "../grade";
import type { ItemContent } from "../schemas/question-set";
import { seedScenario, traceScenario, validateScenario, type Trace } from "../sim";

/**
 * Rubric tests: a free-form question's sample answers (rubric `samples`), each with the verdict the author
 * expects, graded exactly as learners' answers are (lib/grade against the question's scenario, traced with
 * seed 1). A sample may also list misconception ids that must be detected.
 */
export interface RubricTestResult {
  readonly index: number;
  readonly answer: string;
  readonly expected: Verdict;
  readonly actual: Verdict | null;
  readonly score: number | null;
  readonly pass: boolean;
  /** why it failed, in words an author can act on */
  readonly reason: string | null;
}

type FreeformItem = Extract<ItemContent, { kind: "freeform" }>;

export function traceForQuestion(item: FreeformItem): { ok: true; trace: Trace } | { ok: false; message: string } {
  if (item.scenario === "seed") return { ok: true, trace: traceScenario(seedScenario(), { seed: 1 }) };
  const valid = validateScenario(item.scenario);
  if (!valid.ok) {
    const first = valid.errors[0];
    return {
      ok: false,
      message: `The question's scenario is invalid${first ? `: ${first.path} ${first.message}` : ""}.`,
    };
  }
  return { ok: true, trace: traceScenario(valid.value, { seed: 1 }) };
}

export function runRubricTests(item: FreeformItem): RubricTestResult[] {
  const samples = item.rubric?.samples ?? [];
  if (samples.length === 0) return [];
  const traced = traceForQuestion(item);
  return samples.map((sample, index) => {
    const base = { index, answer: sample.answer, expected: sample.verdict };
    if (!traced.ok) return { ...base, actual: null, score: null, pass: false, reason: traced.message };
    const graded = gradeAnswer(sample.answer, traced.trace, item.rubric ?? undefined);
    if (!graded.ok) return { ...base, actual: null, score: null, pass: false, reason: graded.message };
    const { grade } = graded;
    const reasons: string[] = [];
    if (grade.verdict !== sample.verdict) {
      const missing = grade.concepts.filter((c) => c.required && !c.found).map((c) => c.label);
      reasons.push(
        `graded ${grade.verdict} (score ${grade.score}), expected ${sample.verdict}` +
          (missing.length > 0 ? `; missing: ${missing.slice(0, 4).join(", ")}` : ""),
      );
    }
    const detected = new Set(grade.misconceptions.map((m) => m.id));
    const undetected = (sample.misconceptions ?? []).filter((id) => !detected.has(id));
    if (undetected.length > 0) reasons.push(`misconception not detected: ${undetected.join(", ")}`);
    return {
      ...base,
      actual: grade.verdict,
      score: grade.score,
      pass: reasons.length === 0,
      reason: reasons.length > 0 ? reasons.join("; ") : null,
    };
  });
}
