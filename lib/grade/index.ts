/**
 * Public entry of the grader (pure: no I/O, clock or randomness). lib/grade/README.md describes the pipeline.
 *
 * `gradeAnswer(answer, traces, tuning?)` grades against one trace or every valid path (lib/sim `tracePaths`)
 * and returns `{ ok: true, grade }` (the shape in lib/schemas/grade.ts) or the expected failure
 * `{ ok: false, code: "ANSWER_TOO_LONG", message, limit, length }`; `checkAnswer` runs that check alone.
 * `scoreOf` is the one score formula (SCORING its constants); `runRubricSamples` runs an author's saved sample
 * answers. Rubrics compile once per trace object.
 */
export {
  gradeAnswer,
  checkAnswer,
  GRADER_VERSION,
  MAX_ANSWER_CHARS,
  type GradeResult,
  type GradeOptions,
  type AnswerCheck,
  type AnswerTooLong,
} from "./grade";
export { SCORING, scoreOf, verdictOf, VERDICT_RULE, type ScoreInput, type VerdictInput } from "./score";
export { conceptsFor, CONCEPTS, type ConceptDefinition, type ConceptSpec } from "./concepts";
export { runRubricSamples, type RubricSampleResult } from "./rubric-samples";
export {
  CONCEPT_IDS,
  MISCONCEPTION_IDS,
  gradeSchema,
  type ConceptId,
  type MisconceptionId,
  type Grade,
  type GradedConcept,
  type GradedMisconception,
  type Calculation,
  type Correction,
  type Misplacement,
  type GradedPath,
  type Verdict,
  type Evidence,
} from "../schemas/grade";
export { misconceptionsFor, type MisconceptionDefinition } from "./misconceptions";
export { scenarioFacts, type ScenarioFacts } from "./scenario-facts";
export { tokenise, normaliseText, MAX_TOKEN_CHARS, type RawToken } from "./normalise";
export { analyseAnswer, type AnalysedAnswer, type Token, type Clause } from "./analyse";
export { winkTagger, type PosTagger, type Pos } from "./pos";
export { createLexicon, type Lexicon } from "./lexicon";
export { stem } from "./stem";
export { allowedEdits, editDistanceWithin } from "./typo";
export { orderOf, type Mention, type OrderResult } from "./order";
export { rubricTuningSchema, parseRubricTuning, type RubricTuning, type RubricTuningInput } from "../schemas/rubric";
