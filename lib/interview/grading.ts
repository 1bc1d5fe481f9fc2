import { gradeAnswer, MAX_ANSWER_CHARS, type Grade } from "../grade/index";
import { questionScenario, type InterviewItem } from "./questions";
import { withClaimSynonyms, type ClaimSynonym } from "./scoring";

/** What grading needs of a stored interview question. */
export interface GradableQuestion {
  readonly answer: string;
  readonly scenarioSeed: number | null;
  readonly difficulty: string | null;
  readonly generatorVersion: number;
}

/**
 * Grades a stored question against every valid path of its scenario (kube-proxy may pick any ready endpoint,
 * lib/sim tracePaths), with the item's rubric tuning and the set's accepted claim phrases as synonyms.
 * Null when the item or its scenario is gone.
 */
export function gradeQuestion(
  item: InterviewItem | undefined,
  q: GradableQuestion,
  synonyms: readonly ClaimSynonym[],
): Grade | null {
  if (item === undefined) return null;
  const scenario = questionScenario(item, q.scenarioSeed, q.difficulty, q.generatorVersion);
  if (scenario === null) return null;
  const tuning = withClaimSynonyms(scenario.tuning, synonyms);
  const result = gradeAnswer(q.answer.slice(0, MAX_ANSWER_CHARS), scenario.paths, tuning);
  return result.ok ? result.grade : null;
}
