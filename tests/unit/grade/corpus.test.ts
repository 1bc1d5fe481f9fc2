import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { gradeAnswer } from "../../../lib/grade";
import { corpusTrace, type CorpusScenario } from "./corpus-scenarios";

interface CorpusCase {
  id: string;
  scenario: CorpusScenario;
  answer: string;
  expected: { verdict: string; misconceptions: string[]; mustFind?: string[]; mustMiss?: string[] };
}

const dir = path.resolve(import.meta.dirname, "../../fixtures/answers");
const cases: CorpusCase[] = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .flatMap((f) => parse(readFileSync(path.join(dir, f), "utf8")) as CorpusCase[]);

function disagreements(c: CorpusCase): string[] {
  const result = gradeAnswer(c.answer, corpusTrace(c.scenario));
  if (!result.ok) return [`not graded: ${result.code}`];
  const g = result.grade;
  const problems: string[] = [];
  if (g.verdict !== c.expected.verdict)
    problems.push(`verdict ${g.verdict} (score ${g.score}), expected ${c.expected.verdict}`);
  const flagged = g.misconceptions.map((m) => m.id).sort();
  const expected = [...c.expected.misconceptions].sort();
  if (flagged.join(",") !== expected.join(",")) problems.push(`misconceptions [${flagged}] expected [${expected}]`);
  const found = new Set(g.concepts.filter((x) => x.found).map((x) => x.id));
  for (const id of c.expected.mustFind ?? []) if (!found.has(id)) problems.push(`missing ${id}`);
  for (const id of c.expected.mustMiss ?? []) if (found.has(id)) problems.push(`unexpectedly found ${id}`);
  return problems;
}

describe("labelled answer corpus", () => {
  it("has at least 40 seed answers and 15 per variant", () => {
    const count = (s: CorpusScenario) => cases.filter((c) => c.scenario === s).length;
    expect(count("seed")).toBeGreaterThanOrEqual(40);
    expect(count("headless")).toBeGreaterThanOrEqual(15);
    expect(count("no-endpoints")).toBeGreaterThanOrEqual(15);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it("agrees with every human label", () => {
    const failures = cases.map((c) => ({ id: c.id, problems: disagreements(c) })).filter((f) => f.problems.length > 0);
    const agreed = cases.length - failures.length;
    console.info(
      `grader/interviewer agreement: ${agreed}/${cases.length} (${((100 * agreed) / cases.length).toFixed(1)}%)`,
    );
    for (const f of failures) console.info(`  ${f.id}: ${f.problems.join("; ")}`);
    expect(failures).toEqual([]);
  });

  it.each(cases.map((c) => [c.id, c] as const))(
    "%s: every misconception and concept has evidence in the answer",
    (_id, c) => {
      const result = gradeAnswer(c.answer, corpusTrace(c.scenario));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      for (const item of [...result.grade.concepts, ...result.grade.misconceptions]) {
        if (item.evidence === null) continue;
        expect(c.answer.slice(item.evidence.start, item.evidence.end)).toBe(item.evidence.text);
        expect(item.evidence.text.length).toBeGreaterThan(0);
      }
      if (result.grade.misconceptions.length > 0) expect(result.grade.feedback.length).toBeGreaterThan(0);
    },
  );
});
