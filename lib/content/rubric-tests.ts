import { gradeAnswer, type Grade, type Verdict } from "../grade";
import type { ItemContent } from "../schemas/question-set";
import { seedScenario, traceScenario, validateScenario, type Trace } from "../sim";

/**
 * Rubric tests: a free-form question's sample answers (rubric `samples`), each with the verdict the author
 * expects, graded exactly as learners' answers are (lib/grade against the question's scenario, traced with
 * seed 1). A sample may also list misconception ids that must be detected. They run when an item is saved,
 * in an import's preview and before publishing, which they block while any fails.
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
  /** the concepts the grader did not find, required ones first (labels) */
  readonly missing: readonly string[];
}

/** A question whose rubric tests do not all pass, with every result. */
export interface RubricTestFailure {
  readonly itemId: string;
  readonly front: string;
  readonly results: readonly RubricTestResult[];
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

const VERDICT_RANK: Readonly<Record<Verdict, number>> = { weak: 0, partial: 1, strong: 2 };
/** optional concepts worth naming when nothing required is missing (background facts weigh less) */
const NOTABLE_WEIGHT = 1;
const MAX_LISTED = 5;

const list = (labels: readonly string[]) =>
  labels.length > MAX_LISTED
    ? `${labels.slice(0, MAX_LISTED).join(", ")} and ${labels.length - MAX_LISTED} more`
    : labels.join(", ");

/** Concepts the grader missed: the required ones, or else the notable optional ones. */
function missingConcepts(grade: Grade): string[] {
  const required = grade.concepts.filter((c) => c.required && !c.found).map((c) => c.label);
  if (required.length > 0) return required;
  return grade.concepts.filter((c) => !c.found && c.weight >= NOTABLE_WEIGHT).map((c) => c.label);
}

/**
 * Why the verdict differs, in the grader's terms: graded lower than expected → what is missing, out of order
 * or wrong; graded higher → what it found, so the author sees what made it pass.
 */
function verdictReason(grade: Grade, expected: Verdict, missing: readonly string[]): string {
  const head = `graded ${grade.verdict} (score ${grade.score}), expected ${expected}`;
  const why: string[] = [];
  if (VERDICT_RANK[grade.verdict] < VERDICT_RANK[expected]) {
    if (missing.length > 0) why.push(`missing ${list(missing)}`);
    const outOfOrder = grade.concepts.filter((c) => c.outOfOrder).map((c) => c.label);
    if (outOfOrder.length > 0) why.push(`out of order: ${list(outOfOrder)}`);
    if (grade.misconceptions.length > 0) why.push(`misconception: ${list(grade.misconceptions.map((m) => m.label))}`);
  } else {
    const found = grade.concepts.filter((c) => c.found && c.required).map((c) => c.label);
    if (found.length > 0) why.push(`it names ${list(found)}`);
  }
  return why.length > 0 ? `${head}: ${why.join("; ")}` : head;
}

export function runRubricTests(item: FreeformItem): RubricTestResult[] {
  const samples = item.rubric?.samples ?? [];
  if (samples.length === 0) return [];
  const traced = traceForQuestion(item);
  return samples.map((sample, index) => {
    const base = { index, answer: sample.answer, expected: sample.verdict, missing: [] };
    if (!traced.ok) return { ...base, actual: null, score: null, pass: false, reason: traced.message };
    const graded = gradeAnswer(sample.answer, traced.trace, item.rubric ?? undefined);
    if (!graded.ok) return { ...base, actual: null, score: null, pass: false, reason: graded.message };
    const { grade } = graded;
    const missing = missingConcepts(grade);
    const reasons: string[] = [];
    if (grade.verdict !== sample.verdict) reasons.push(verdictReason(grade, sample.verdict, missing));
    const detected = new Set(grade.misconceptions.map((m) => m.id));
    const undetected = (sample.misconceptions ?? []).filter((id) => !detected.has(id));
    if (undetected.length > 0) reasons.push(`misconception not detected: ${undetected.join(", ")}`);
    return {
      ...base,
      missing,
      actual: grade.verdict,
      score: grade.score,
      pass: reasons.length === 0,
      reason: reasons.length > 0 ? reasons.join("; ") : null,
    };
  });
}

/** The questions among `items` whose rubric tests fail (what blocks publishing), in set order. */
export function failingRubricTests(items: readonly ItemContent[]): RubricTestFailure[] {
  const failures: RubricTestFailure[] = [];
  for (const item of items) {
    if (item.kind !== "freeform") continue;
    const results = runRubricTests(item);
    if (results.some((result) => !result.pass)) failures.push({ itemId: item.id, front: item.front, results });
  }
  return failures;
}

/** How many rubric tests `items` hold and how many of them fail. */
export function rubricTestCounts(failures: readonly RubricTestFailure[], items: readonly ItemContent[]) {
  const total = items.reduce(
    (sum, item) => sum + (item.kind === "freeform" ? (item.rubric?.samples.length ?? 0) : 0),
    0,
  );
  const failing = failures.reduce((sum, failure) => sum + failure.results.filter((r) => !r.pass).length, 0);
  return { total, failing };
}
