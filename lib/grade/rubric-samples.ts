import type { RubricTuning } from "../schemas/rubric";
import type { Trace } from "../sim/types";
import type { Verdict } from "../schemas/grade";
import { gradeAnswer } from "./grade";

/**
 * An author's rubric tests (lib/grade/README.md "Public entry"): each saved sample answer must get its expected verdict
 * (and, when listed, exactly those misconceptions). Callers block publishing while any result is not ok.
 */
export interface RubricSampleResult {
  readonly index: number;
  readonly ok: boolean;
  readonly expected: Verdict;
  /** null when the sample could not be graded (over the length limit) */
  readonly actual: Verdict | null;
  readonly score: number | null;
  readonly problems: readonly string[];
}

export function runRubricSamples(trace: Trace, tuning: RubricTuning): RubricSampleResult[] {
  return tuning.samples.map((sample, index) => {
    const result = gradeAnswer(sample.answer, trace, tuning);
    if (!result.ok) {
      return { index, ok: false, expected: sample.verdict, actual: null, score: null, problems: [result.message] };
    }
    const { grade } = result;
    const problems: string[] = [];
    if (grade.verdict !== sample.verdict) {
      problems.push(`verdict is ${grade.verdict} (score ${grade.score}), expected ${sample.verdict}`);
    }
    if (sample.misconceptions !== undefined) {
      const flagged = grade.misconceptions.map((m) => m.id).sort();
      const expected = [...sample.misconceptions].sort();
      if (flagged.join(",") !== expected.join(",")) {
        problems.push(`misconceptions are [${flagged.join(", ")}], expected [${expected.join(", ")}]`);
      }
    }
    return {
      index,
      ok: problems.length === 0,
      expected: sample.verdict,
      actual: grade.verdict,
      score: grade.score,
      problems,
    };
  });
}
