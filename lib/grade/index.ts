/**
 * Public entry of the grader (pure: no I/O, clock or randomness).
 *
 * `gradeAnswer(answer, trace, tuning?)` returns `{ ok: true, grade }` with the contracts.md Grade shape (plus
 * `coverage`, `calculation`, `graderVersion`, per-concept `weight`/`order`/`outOfOrder` and per-misconception
 * `label`/`penalty`; a concept not found has `evidence: null`), or the expected
 * failure `{ ok: false, code: "ANSWER_TOO_LONG", message, limit, length }`. `checkAnswer` runs that check
 * alone (for the web's 413 before loading a trace). Empty or whitespace answers grade as weak.
 * Concept ids/labels: see the table in ./concepts.ts; misconceptions: ./misconceptions.ts; scoring and verdict
 * bands: ./grade.ts (SCORING); the pattern language authors may use: ./pattern.ts. `runRubricSamples` runs an
 * author's saved sample answers (rubric tests). Rubrics compile once per trace object (WeakMap cache).
 */
export {
  gradeAnswer,
  checkAnswer,
  GRADER_VERSION,
  MAX_ANSWER_CHARS,
  SCORING,
  type Grade,
  type GradeResult,
  type AnswerCheck,
  type AnswerTooLong,
  type GradedConcept,
  type GradedMisconception,
  type Calculation,
  type Verdict,
} from "./grade";
export { conceptsFor, type ConceptDefinition } from "./concepts";
export { runRubricSamples, type RubricSampleResult } from "./rubric-samples";
export { CONCEPT_IDS, type ConceptId } from "./concept-ids";
export { misconceptionsFor, type MisconceptionDefinition } from "./misconceptions";
export { scenarioFacts, type ScenarioFacts } from "./scenario-facts";
export { tokenise, normaliseText, type RawToken } from "./normalise";
export { analyseAnswer, type AnalysedAnswer, type Token } from "./analyse";
export { createLexicon, type Lexicon } from "./lexicon";
export { stem } from "./stem";
export { allowedEdits, editDistanceWithin } from "./typo";
export { orderOf, type Mention, type OrderResult } from "./order";
export type { Evidence } from "./pattern";
export { rubricTuningSchema, parseRubricTuning, type RubricTuning, type RubricTuningInput } from "../schemas/rubric";
