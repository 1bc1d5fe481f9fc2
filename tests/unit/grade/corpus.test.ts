import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { gradeAnswer, type Grade } from "../../../lib/grade";
import { tracePaths, type Trace } from "../../../lib/sim";
import { corpusTrace, type CorpusScenario } from "./corpus-scenarios";

/**
 * The labelled corpus (tests/fixtures/answers, format in its README): every case must get the interviewer's
 * verdict, exactly the misconceptions and order flags labelled, at least the corrections labelled, and the
 * concepts it must (not) find; paraphrase pairs score within 15 points. Answers are graded against every valid
 * path of the scenario's request, as the app and `hopdrill grade` do.
 */
interface CorpusCase {
  id: string;
  scenario: CorpusScenario;
  classes?: string[];
  paraphraseOf?: string;
  answer: string;
  expected: {
    verdict: string;
    misconceptions: string[];
    outOfOrder?: string[];
    corrections?: { concept: string; kind: string }[];
    mustFind?: string[];
    mustMiss?: string[];
  };
}

const dir = path.resolve(import.meta.dirname, "../../fixtures/answers");
const cases: CorpusCase[] = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .flatMap((f) => parse(readFileSync(path.join(dir, f), "utf8")) as CorpusCase[]);

const paths = new Map<CorpusScenario, readonly Trace[]>();
function pathsOf(name: CorpusScenario): readonly Trace[] {
  let known = paths.get(name);
  if (known === undefined) {
    known = tracePaths(corpusTrace(name).scenario, { seed: 1 });
    paths.set(name, known);
  }
  return known;
}

const grades = new Map<string, Grade>();
function gradeOf(c: CorpusCase): Grade {
  let g = grades.get(c.id);
  if (g === undefined) {
    const result = gradeAnswer(c.answer, pathsOf(c.scenario));
    if (!result.ok) throw new Error(`${c.id}: ${result.message}`);
    g = result.grade;
    grades.set(c.id, g);
  }
  return g;
}

/** Ids listed in a known-gaps file of the corpus folder (one per line, `#` starts a comment). */
function listed(file: string): Set<string> {
  return new Set(
    readFileSync(path.join(dir, file), "utf8")
      .split("\n")
      .map((line) => line.replace(/#.*/, "").trim())
      .filter((line) => line.length > 0),
  );
}
const knownDisagreements = listed("known-disagreements.txt");
const knownParaphraseGaps = listed("known-paraphrase-gaps.txt");

const sorted = (xs: readonly string[]) => [...xs].sort().join(",");

function disagreements(c: CorpusCase): string[] {
  const g = gradeOf(c);
  const problems: string[] = [];
  if (g.verdict !== c.expected.verdict)
    problems.push(`verdict ${g.verdict} (score ${g.score}), expected ${c.expected.verdict}`);
  const flagged = g.misconceptions.map((m) => m.id);
  if (sorted(flagged) !== sorted(c.expected.misconceptions)) {
    problems.push(`misconceptions [${sorted(flagged)}] expected [${sorted(c.expected.misconceptions)}]`);
  }
  if (c.expected.outOfOrder !== undefined && sorted(g.order.outOfOrder) !== sorted(c.expected.outOfOrder)) {
    problems.push(`outOfOrder [${sorted(g.order.outOfOrder)}] expected [${sorted(c.expected.outOfOrder)}]`);
  }
  for (const want of c.expected.corrections ?? []) {
    if (!g.corrections.some((k) => k.concept === want.concept && k.kind === want.kind)) {
      problems.push(`no ${want.kind} correction for ${want.concept}`);
    }
  }
  const found = new Set(g.concepts.filter((x) => x.found).map((x) => x.id as string));
  for (const id of c.expected.mustFind ?? []) if (!found.has(id)) problems.push(`missing ${id}`);
  for (const id of c.expected.mustMiss ?? []) if (found.has(id)) problems.push(`unexpectedly found ${id}`);
  return problems;
}

describe("labelled answer corpus", () => {
  it("has enough cases over every scenario, with unique ids", () => {
    const count = (s: string) => cases.filter((c) => c.scenario === s).length;
    expect(count("seed")).toBeGreaterThanOrEqual(40);
    expect(count("headless")).toBeGreaterThanOrEqual(15);
    expect(count("no-endpoints")).toBeGreaterThanOrEqual(15);
    expect(count("outside-cluster") + count("outside-local")).toBeGreaterThanOrEqual(16);
    expect(count("outside-local")).toBeGreaterThanOrEqual(5);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    const ids = new Set(cases.map((c) => c.id));
    for (const id of [...knownDisagreements, ...knownParaphraseGaps]) expect(ids.has(id), id).toBe(true);
  });

  it("agrees with every human label", () => {
    const failures = cases.map((c) => ({ id: c.id, problems: disagreements(c) })).filter((f) => f.problems.length > 0);
    const agreed = cases.length - failures.length;
    console.info(
      `grader/interviewer agreement: ${agreed}/${cases.length} (${((100 * agreed) / cases.length).toFixed(1)}%)`,
    );
    for (const f of failures) console.info(`  ${f.id}: ${f.problems.join("; ")}`);
    // The target is full agreement; until then no case may newly disagree, and a fixed one leaves the list.
    expect(failures.filter((f) => !knownDisagreements.has(f.id))).toEqual([]);
    const failing = new Set(failures.map((f) => f.id));
    expect(
      [...knownDisagreements].filter((id) => !failing.has(id)),
      "now agree: remove from the list",
    ).toEqual([]);
  });

  it("scores paraphrase pairs within 15 points", () => {
    const byId = new Map(cases.map((c) => [c.id, c]));
    const far: string[] = [];
    for (const c of cases) {
      if (c.paraphraseOf === undefined) continue;
      const other = byId.get(c.paraphraseOf);
      expect(other, `${c.id} paraphrases an unknown case`).toBeDefined();
      if (other === undefined) continue;
      const a = gradeOf(c).score;
      const b = gradeOf(other).score;
      if (Math.abs(a - b) > 15) far.push(c.id);
      else
        expect(knownParaphraseGaps.has(c.id), `${c.id} is within 15 points now: remove it from the list`).toBe(false);
    }
    expect(far.filter((id) => !knownParaphraseGaps.has(id))).toEqual([]);
  });

  it.each(cases.map((c) => [c.id, c] as const))("%s: every piece of evidence quotes the answer", (_id, c) => {
    const g = gradeOf(c);
    for (const item of [...g.concepts, ...g.misconceptions, ...g.corrections]) {
      if (item.evidence === null) continue;
      expect(c.answer.slice(item.evidence.start, item.evidence.end)).toBe(item.evidence.text);
      expect(item.evidence.text.length).toBeGreaterThan(0);
    }
    if (g.misconceptions.length > 0) expect(g.feedback.length).toBeGreaterThan(0);
  });
});
