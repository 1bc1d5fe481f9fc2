import { availableParallelism, loadavg } from "node:os";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gradeAnswer, MAX_ANSWER_CHARS } from "../../../lib/grade";
import { tracePaths, type Trace } from "../../../lib/sim";
import { corpusTrace } from "./corpus-scenarios";

// Every pattern that runs on user text is linear and tokens are bounded (lib/grade/normalise.ts). The speed
// target (a 20,000-character answer in 60 ms) is measured by `npm run bench:grade`; this test catches the
// slow-path class: any answer up to the limit grades within 250 ms of CPU, where a quadratic pattern took
// 3.4 s (20,000 × U+2177 before the fix). CPU time, not wall time; on a machine busier than its core count
// (vitest runs files side by side) the bound stretches by the load factor.
const load = Math.max(1, (loadavg()[0] ?? 0) / availableParallelism());
const BUDGET_MS = 250 * load;
const paths: readonly Trace[] = tracePaths(corpusTrace("seed").scenario, { seed: 1 });

function cpuMs(answer: string): number {
  gradeAnswer("warm up the tagger and the rubric", paths);
  const start = process.cpuUsage();
  const result = gradeAnswer(answer, paths);
  const used = process.cpuUsage(start);
  expect(result.ok).toBe(true);
  return (used.user + used.system) / 1000;
}

/** The fastest of three runs: one grading's own cost, without a stray garbage collection or JIT pause. */
const best = (answer: string): number => Math.min(cpuMs(answer), cpuMs(answer), cpuMs(answer));

describe("grader ReDoS (issue: 20,000 × U+2177 took 3.4 s in the dotted-name pattern)", () => {
  it("grades 20,000 × U+2177 (one 80,000-letter token after NFKC) within budget", () => {
    expect(best("\u2177".repeat(20_000))).toBeLessThan(BUDGET_MS);
  });

  it("grades one 20,000-letter word, a 20,000-character dotted name and a 20,000-digit number within budget", () => {
    expect(best("a".repeat(MAX_ANSWER_CHARS))).toBeLessThan(BUDGET_MS);
    expect(best("a.".repeat(MAX_ANSWER_CHARS / 2))).toBeLessThan(BUDGET_MS);
    expect(best("1".repeat(MAX_ANSWER_CHARS))).toBeLessThan(BUDGET_MS);
    expect(best("a-".repeat(MAX_ANSWER_CHARS / 2))).toBeLessThan(BUDGET_MS);
  });

  it("grades a 20,000-character iptables-save rule line (options, a dash run, -j) within budget", () => {
    const rule = "-A KUBE-SVC-5ZJGYN7BN7Z5DHZA -m statistic --mode random -j KUBE-SEP-GXCU2OJ5NOCAJG3G";
    expect(best(`-A ${"-m -j ".repeat(3_300)}`.slice(0, MAX_ANSWER_CHARS))).toBeLessThan(BUDGET_MS);
    expect(best(`-A a ${"-".repeat(MAX_ANSWER_CHARS - 10)}j`)).toBeLessThan(BUDGET_MS);
    expect(best(`${rule}\n`.repeat(Math.floor(MAX_ANSWER_CHARS / (rule.length + 1))))).toBeLessThan(BUDGET_MS);
  });

  it("keeps offsets into the original text for an opaque long token", () => {
    const answer = `CoreDNS returns the ClusterIP. ${"\u2177".repeat(5_000)}`;
    const result = gradeAnswer(answer, paths);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const c of result.grade.concepts) {
      if (c.evidence !== null) expect(answer.slice(c.evidence.start, c.evidence.end)).toBe(c.evidence.text);
    }
  });

  const pathological = fc.oneof(
    fc.constantFrom(
      "\u2177",
      "\ufb01",
      "\u2460",
      "a",
      "a.",
      "1.",
      "-",
      " -",
      "\n-A ",
      " -j ",
      "a.b. 30 IN A ",
      ":",
      "/",
      "'",
      "\n",
      " ",
      "\u0301",
      "\u{1f600}",
    ),
    fc.string({ unit: "grapheme", maxLength: 4 }),
    fc.constantFrom("bar.app.svc.cluster.local", "10.96.12.34:443", "KUBE-SVC-5ZJGYN7BN7Z5DHZA", "not ", "no, wrong, "),
  );
  it("grades any answer up to the limit, made of pathological pieces, within budget", () => {
    fc.assert(
      fc.property(
        fc.array(pathological, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 20_000 }),
        (pieces, n) => {
          const unit = pieces.join("");
          const answer = unit.repeat(Math.ceil(n / Math.max(unit.length, 1))).slice(0, MAX_ANSWER_CHARS);
          expect(best(answer)).toBeLessThan(BUDGET_MS);
        },
      ),
      { numRuns: 25 },
    );
  });
});
