import { describe, expect, it } from "vitest";
import { runRubricTests, SEED_SET } from "../../../lib/content";
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
    expect(result?.reason).toMatch(/^graded weak \(score \d+\), expected strong; missing: /);
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
