import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { questionSetSchema, type GeneratorOptions } from "../../../lib/schemas/question-set";
import { SEED_SET } from "../../../lib/content/seed-set";
import {
  fitsGeneratorOptions,
  modelAnswer,
  planQuestions,
  questionPrompt,
  questionScenario,
  scenarioProse,
} from "../../../lib/interview";
import { seedScenario, traceScenario } from "../../../lib/sim/index";

const items = questionSetSchema.parse(SEED_SET).items;
const freeform = items.filter((i) => i.kind === "freeform");
const counter = () => {
  let n = 1000;
  return () => (n += 7);
};
const first = (max: number) => max - 1; // deterministic "random" index for the shuffle

describe("planning questions", () => {
  it("never asks flashcards, and a set with only flashcards gives no questions", () => {
    const plan = planQuestions(items, 10, first, counter());
    expect(plan).toHaveLength(10);
    expect(plan.map((q): string => q.item.kind)).not.toContain("flashcard");
    expect(
      planQuestions(
        items.filter((i) => i.kind === "flashcard"),
        3,
        first,
        counter(),
      ),
    ).toEqual([]);
  });

  it("asks a free-form item on its own scenario once, then on generated variants", () => {
    const plan = planQuestions(freeform, 3, first, counter());
    expect(plan.map((q) => q.difficulty)).toEqual([null, "easy", "medium"]);
    expect(new Set(plan.map((q) => q.scenarioSeed)).size).toBe(3);
  });

  it("gives scenario items a generated scenario that fits their generator options", () => {
    const scenarioItems = items.filter((i) => i.kind === "scenario");
    expect(scenarioItems.length).toBeGreaterThan(0);
    const plan = planQuestions(scenarioItems, 6, first, counter());
    for (const q of plan) {
      expect(q.difficulty).toBe(q.item.kind === "scenario" ? q.item.generator.difficulty : null);
      const scenario = questionScenario(q.item, q.scenarioSeed, q.difficulty);
      expect(scenario).not.toBeNull();
      if (scenario && q.item.kind === "scenario") {
        expect(fitsGeneratorOptions(scenario.trace, q.item.generator)).toBe(true);
      }
    }
  });

  it("is reproducible from the stored seed: the same seed gives the same prompt and trace", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000_000 }), (seed) => {
        const item = freeform[0];
        if (!item) return;
        const a = questionScenario(item, seed, "medium");
        const b = questionScenario(item, seed, "medium");
        expect(a?.trace).toEqual(b?.trace);
        if (a && b) {
          const planned = { item, scenarioSeed: seed, difficulty: "medium" as const };
          expect(questionPrompt(planned, a.trace)).toBe(questionPrompt(planned, b.trace));
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe("generator options", () => {
  const trace = traceScenario(seedScenario(), { seed: 1 });
  const any: GeneratorOptions = {
    difficulty: "easy",
    serviceKinds: [],
    proxyModes: [],
    placement: "any",
    resolvers: [],
  };

  it("an empty option list accepts anything", () => {
    expect(fitsGeneratorOptions(trace, { ...any })).toBe(true);
  });

  it("filters on proxy mode, resolver, service kind and placement (seed: iptables, glibc, ClusterIP)", () => {
    expect(fitsGeneratorOptions(trace, { ...any, proxyModes: ["iptables"] })).toBe(true);
    expect(fitsGeneratorOptions(trace, { ...any, proxyModes: ["ipvs"] })).toBe(false);
    expect(fitsGeneratorOptions(trace, { ...any, resolvers: ["glibc"] })).toBe(true);
    expect(fitsGeneratorOptions(trace, { ...any, resolvers: ["musl"] })).toBe(false);
    expect(fitsGeneratorOptions(trace, { ...any, serviceKinds: ["ClusterIP"] })).toBe(true);
    expect(fitsGeneratorOptions(trace, { ...any, serviceKinds: ["headless"] })).toBe(false);
    const sameNode = trace.connection?.backendNode === "node-1";
    expect(fitsGeneratorOptions(trace, { ...any, placement: "same-node" })).toBe(sameNode);
    expect(fitsGeneratorOptions(trace, { ...any, placement: "cross-node" })).toBe(!sameNode);
  });
});

describe("prose and model answers", () => {
  const trace = traceScenario(seedScenario(), { seed: 1 });

  it("states the seed scenario's key facts (the series' first post)", () => {
    const prose = scenarioProse(trace);
    expect(prose).toContain("`app/foo`");
    expect(prose).toContain("namespace **app**");
    expect(prose).toContain('http.get("https://bar/")');
    expect(prose).toContain("**iptables** mode");
    expect(prose).toContain("`10.96.12.34`");
    expect(prose).toContain("`10.96.0.10`");
  });

  it("uses the item's answer on its own scenario, the trace's hops on a generated one", () => {
    const item = freeform[0];
    if (!item) throw new Error("seed set has a free-form item");
    expect(modelAnswer(item, null, trace)).toBe(item.back);
    const generated = modelAnswer(item, "easy", trace);
    expect(generated.split("\n")).toHaveLength(trace.hops.length);
    expect(generated).toContain(trace.hops[0]?.summary ?? "?");
  });
});
