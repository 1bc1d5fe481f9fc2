import { gradeAnswer, type Grade, type RubricTuning } from "../../../lib/grade";
import type { Trace } from "../../../lib/sim";
import { corpusTrace } from "./corpus-scenarios";

/** The grade of `answer` on `trace` (the seed scenario by default); a refused answer fails the test. */
export function grade(answer: string, trace: Trace = corpusTrace("seed"), tuning?: RubricTuning): Grade {
  const result = gradeAnswer(answer, trace, tuning);
  if (!result.ok) throw new Error(result.message);
  return result.grade;
}

/** The concept ids the grade reports found. */
export const found = (g: Grade) => new Set(g.concepts.filter((c) => c.found).map((c) => c.id));

/** The misconception ids the grade flags. */
export const flagged = (g: Grade) => g.misconceptions.map((m) => m.id);
