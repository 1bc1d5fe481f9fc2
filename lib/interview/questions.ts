/**
 * Which questions an interview asks and which scenario each one is about. Pure: the random seeds are passed
 * in (lib/server/interviews/start.ts draws them with node:crypto), so a question is reproducible from what
 * is stored.
 *
 * Decisions (documented for the results page):
 * - Interview questions are the set's free-form and scenario items. Flashcards are never asked: they have no
 *   rubric and no trace to grade against. A set without free-form or scenario items is not offered.
 * - Items are shuffled, then taken in turn; when the learner asks for more questions than the set has, items
 *   repeat, each repeat on a freshly generated scenario (so the seed set's single capstone still makes a
 *   3-question interview, each answer graded against its own cluster).
 * - A free-form item's first use is on its own scenario (the seed scenario or the inline one) and its text is
 *   asked as written; repeats get a generated variant at rising difficulty and a generic "walk through it"
 *   question.
 * - Generated scenarios come from lib/content's scenarioVariant(seed, options), the same function the
 *   flashcard reviewer and the admin's sample use: a scenario item with its generator options, a free-form
 *   repeat with the difficulty alone.
 * - Stored per question: `scenarioSeed` (the seed asked of the generator), `difficulty` (null: the item's own
 *   scenario) and `generatorVersion` (how that seed became a scenario, see SCENARIO_GENERATOR_VERSION).
 * - Every answer is graded as an explanation of the request path by lib/grade (the only grader), including a
 *   scenario item's client outside the cluster (load balancer or NodePort, either traffic policy); a scenario
 *   item's template shapes the question's wording, not the rubric.
 */
import {
  generateScenario,
  seedScenario,
  tracePaths,
  validateScenario,
  type Difficulty,
  type Scenario,
  type Trace,
} from "../sim/index";
import { parseRubricTuning, type RubricTuning } from "../grade/index";
import { code, hopSteps, interviewLead, scenarioProse, scenarioVariant } from "../content";
import { generatorOptionsSchema, type GeneratorOptions, type ItemContent } from "../schemas/question-set";

export type InterviewItem = Extract<ItemContent, { kind: "freeform" | "scenario" }>;

export function isInterviewItem(item: ItemContent): item is InterviewItem {
  return item.kind === "freeform" || item.kind === "scenario";
}

/**
 * How a stored question's seed becomes its scenario; each question stores the version it was made with, so
 * an interview is always shown and graded on the scenario it was taken with.
 * - 1: interviews before the scenario module was shared: the seed (chosen beforehand to fit the options)
 *   goes to generateScenario(seed, difficulty) and the scenario is used as generated;
 * - 2: scenarioVariant(seed, options), options applied as the flashcard reviewer applies them.
 */
export const SCENARIO_GENERATOR_VERSION = 2;

export interface PlannedQuestion {
  readonly item: InterviewItem;
  readonly scenarioSeed: number;
  /** null: the item's own scenario; otherwise the generator difficulty of a fresh scenario */
  readonly difficulty: Difficulty | null;
}

/** Fisher–Yates with the caller's random integers (one per swap). */
function shuffled<T>(values: readonly T[], randomInt: (maxExclusive: number) => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

const VARIANT_DIFFICULTIES: readonly Difficulty[] = ["easy", "medium", "hard"];

/**
 * Plans `count` questions from the set's interview items. `randomInt(n)` gives 0..n−1, `randomSeed()` a fresh
 * positive 31-bit seed.
 */
export function planQuestions(
  items: readonly ItemContent[],
  count: number,
  randomInt: (maxExclusive: number) => number,
  randomSeed: () => number,
): PlannedQuestion[] {
  const pool = shuffled(items.filter(isInterviewItem), randomInt);
  if (pool.length === 0) return [];
  const uses = new Map<string, number>();
  const out: PlannedQuestion[] = [];
  for (let i = 0; i < count; i += 1) {
    const item = pool[i % pool.length] as InterviewItem;
    const use = uses.get(item.id) ?? 0;
    uses.set(item.id, use + 1);
    const scenarioSeed = randomSeed();
    const difficulty =
      item.kind === "scenario"
        ? item.generator.difficulty
        : use === 0
          ? null
          : (VARIANT_DIFFICULTIES[Math.min(use - 1, VARIANT_DIFFICULTIES.length - 1)] ?? "easy");
    out.push({ item, scenarioSeed, difficulty });
  }
  return out;
}

/** The generator options a generated question is made with: a scenario item's own, else the difficulty alone. */
function optionsFor(item: InterviewItem, difficulty: Difficulty): GeneratorOptions {
  return item.kind === "scenario" ? item.generator : generatorOptionsSchema.parse({ difficulty });
}

/** The generated scenario of a question and the seed its trace is drawn with. */
function generatedScenario(
  item: InterviewItem,
  seed: number,
  difficulty: Difficulty,
  generatorVersion: number,
): { scenario: Scenario; seed: number } | null {
  if (generatorVersion >= 2) {
    const variant = scenarioVariant(seed, optionsFor(item, difficulty));
    return variant === null ? null : { scenario: variant.scenario, seed: variant.generatorSeed };
  }
  const validated = validateScenario(generateScenario(seed, difficulty));
  return validated.ok ? { scenario: validated.value, seed } : null;
}

export interface QuestionScenario {
  /** the seeded trace (the first of `paths`) */
  readonly trace: Trace;
  /** every valid path of the request (lib/sim tracePaths): the answer is graded against all of them */
  readonly paths: readonly [Trace, ...Trace[]];
  readonly tuning: RubricTuning | undefined;
}

function withPaths(scenario: Scenario, seed: number, tuning: RubricTuning | undefined): QuestionScenario {
  const paths = tracePaths(scenario, { seed });
  return { trace: paths[0], paths, tuning };
}

/**
 * The trace a stored question is graded and drawn against, rebuilt from the item's snapshot, the stored seed
 * and generator version (deterministic: lib/sim gives the same trace for the same scenario and seed).
 */
export function questionScenario(
  item: InterviewItem,
  scenarioSeed: number | null,
  difficulty: string | null,
  generatorVersion: number = SCENARIO_GENERATOR_VERSION,
): QuestionScenario | null {
  const tuning = item.kind === "freeform" && item.rubric !== null ? parseRubricTuning(item.rubric) : null;
  const tuned = tuning !== null && tuning.ok ? tuning.value : undefined;
  const seed = scenarioSeed ?? 1;
  if (difficulty === "easy" || difficulty === "medium" || difficulty === "hard") {
    const generated = generatedScenario(item, seed, difficulty, generatorVersion);
    return generated === null ? null : withPaths(generated.scenario, generated.seed, tuned);
  }
  if (item.kind !== "freeform") return null;
  if (item.scenario === "seed") return withPaths(seedScenario(), seed, tuned);
  const validated = validateScenario(item.scenario);
  if (!validated.ok) return null;
  return withPaths(validated.value, seed, tuned);
}

/**
 * The Markdown prompt of a new question: the question, then the scenario in prose (lib/content). It is
 * stored with the question when the interview starts, so a change here never rewrites a past interview.
 */
export function questionPrompt(planned: PlannedQuestion, trace: Trace): string {
  const prose = scenarioProse(trace);
  const { item } = planned;
  if (item.kind === "freeform" && planned.difficulty === null) {
    return `${item.front}\n\n**Scenario**\n\n${prose}`;
  }
  if (item.kind === "freeform") {
    const url = trace.scenario.request.url;
    return (
      `The same question on a different cluster: walk through everything that happens from ` +
      `${code(`http.get("${url}")`)} in pod ${code(trace.scenario.request.from)} until it has the response ` +
      `(or the call fails). Name each hop in order.\n\n**Scenario**\n\n${prose}`
    );
  }
  // a question that already asks what the template's lead would is not asked twice (templates.ts)
  const lead = interviewLead(item.template, item.front);
  return `**Scenario**\n\n${prose}\n\n${item.front}${lead === null ? "" : `\n\n${lead}`}`;
}

/**
 * The model answer for this question's scenario: the item's own answer for its own scenario; for a generated
 * scenario, the trace's hops in order (each hop's summary is written by lib/sim for exactly this cluster),
 * followed by the author's explanation when there is one.
 */
export function modelAnswer(item: InterviewItem, difficulty: string | null, trace: Trace): string {
  if (item.kind === "freeform" && difficulty === null) return item.back;
  const steps = hopSteps(trace);
  const explanation = item.back.trim();
  return explanation.length > 0 && item.kind === "scenario" ? `${steps}\n\n${explanation}` : steps;
}
