import { describe, expect, it } from "vitest";
import { failingRubricTests, rubricTestCounts, runRubricTests, SEED_SET } from "../../../lib/content";
import { questionSetSchema, type ItemContent } from "../../../lib/schemas/question-set";

type Freeform = Extract<ItemContent, { kind: "freeform" }>;
const capstone = questionSetSchema.parse(SEED_SET).items.find((item): item is Freeform => item.kind === "freeform");
if (!capstone) throw new Error("the seed set has a free-form capstone");

function withSamples(
  samples: NonNullable<Freeform["rubric"]>["samples"],
  scenario: Freeform["scenario"] = "seed",
): Freeform {
  return {
    ...capstone!,
    scenario,
    rubric: { synonyms: {}, weights: {}, misconceptions: [], modelAnswer: null, samples },
  };
}

describe("runRubricTests", () => {
  it("passes when the grader's verdict matches the expected one", () => {
    // the capstone's own model answer walks every hop in order: the grader calls it strong
    const [result] = runRubricTests(withSamples([{ answer: capstone.back, verdict: "strong" }]));
    expect(result).toMatchObject({ pass: true, actual: "strong", reason: null });
  });

  it("fails with the reason when the verdict differs", () => {
    const [result] = runRubricTests(withSamples([{ answer: "It uses DNS.", verdict: "strong" }]));
    expect(result?.pass).toBe(false);
    expect(result?.actual).toBe("weak");
    // the reason names what the grader missed (regression: "graded partial (score 73), expected strong" alone)
    expect(result?.reason).toMatch(/^graded weak \(score \d+\), expected strong: missing [A-Za-z]/);
    expect(result?.missing.length).toBeGreaterThan(2);
    expect(result?.reason).toContain(result?.missing[0]);
  });

  it("says why an answer graded below the expectation: the hops it puts out of order", () => {
    const reversed = capstone.back
      .split(/(?<=\.)\s+/)
      .reverse()
      .join(" ");
    const [result] = runRubricTests(withSamples([{ answer: reversed, verdict: "strong" }]));
    expect(result?.pass).toBe(false);
    expect(result?.actual).toBe("partial");
    // (the capstone's text names no EndpointSlices, a background concept: the reason may list it first)
    expect(result?.reason).toMatch(
      /^graded partial \(score \d+\), expected strong: (missing [^;]+; )?out of order: \S/,
    );
  });

  it("says what an answer graded above the expectation names", () => {
    const [result] = runRubricTests(withSamples([{ answer: capstone.back, verdict: "weak" }]));
    expect(result).toMatchObject({ pass: false, actual: "strong" });
    expect(result?.reason).toMatch(/^graded strong \(score \d+\), expected weak: it names \S/);
  });

  it("lists the failing questions of a set, as publishing and an import's preview show them", () => {
    const passing = withSamples([{ answer: capstone.back, verdict: "strong" }]);
    const failing = { ...withSamples([{ answer: "It uses DNS.", verdict: "strong" }]), id: "failing" };
    const items = [passing, failing, { id: "card", kind: "flashcard" as const, front: "f", back: "b", tags: [] }];
    const failures = failingRubricTests(items);
    expect(failures.map((f) => f.itemId)).toEqual(["failing"]);
    expect(rubricTestCounts(failures, items)).toEqual({ total: 2, failing: 1 });
  });

  it("checks expected misconceptions are detected", () => {
    const [result] = runRubricTests(
      withSamples([{ answer: capstone.back, verdict: "strong", misconceptions: ["kube-proxy-answers-dns"] }]),
    );
    expect(result?.pass).toBe(false);
    expect(result?.reason).toMatch(/misconception not detected: kube-proxy-answers-dns/);
  });

  it("reports an invalid inline scenario instead of grading", () => {
    const [result] = runRubricTests(withSamples([{ answer: "x", verdict: "weak" }], { nodes: "nope" }));
    expect(result).toMatchObject({ pass: false, actual: null });
    expect(result?.reason).toMatch(/scenario is invalid/);
  });

  it("no samples, no tests", () => {
    expect(runRubricTests({ ...capstone, rubric: null })).toEqual([]);
  });
});
