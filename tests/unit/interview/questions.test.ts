import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatorOptionsSchema, questionSetSchema } from "../../../lib/schemas/question-set";
import {
  interviewLead,
  PATH_ONLY_LEAD,
  SCENARIO_TEMPLATES,
  scenarioProse,
  scenarioVariant,
  SEED_SET,
} from "../../../lib/content";
import {
  modelAnswer,
  planQuestions,
  questionPrompt,
  questionScenario,
  SCENARIO_GENERATOR_VERSION,
} from "../../../lib/interview";
import { generateScenario, seedScenario, traceScenario, validateScenario } from "../../../lib/sim/index";
import { conceptsFor, gradeAnswer } from "../../../lib/grade/index";

const items = questionSetSchema.parse(SEED_SET).items;
const freeform = items.filter((i) => i.kind === "freeform");
const counter = () => {
  let n = 1000;
  return () => (n += 7);
};
const first = (max: number) => max - 1; // deterministic "random" index for the shuffle

// difficulty easy never generates a musl client or an nftables cluster (lib/sim/generate.ts)
const withOptions = {
  id: "opts",
  kind: "scenario" as const,
  front: "q",
  back: "",
  tags: [],
  template: "outcome" as const,
  generator: generatorOptionsSchema.parse({ difficulty: "easy", resolvers: ["musl"], proxyModes: ["nftables"] }),
};

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

  it("gives scenario items the variant of their seed and options that flashcards and the admin sample show", () => {
    const scenarioItems = items.filter((i) => i.kind === "scenario");
    expect(scenarioItems.length).toBeGreaterThan(0);
    const plan = planQuestions(scenarioItems, 6, first, counter());
    for (const q of plan) {
      if (q.item.kind !== "scenario") throw new Error("planned a scenario item");
      expect(q.difficulty).toBe(q.item.generator.difficulty);
      const scenario = questionScenario(q.item, q.scenarioSeed, q.difficulty);
      expect(scenario?.trace).toEqual(scenarioVariant(q.scenarioSeed, q.item.generator)?.trace);
    }
  });

  it("asks scenario questions with a client outside the cluster, graded on the outside path", () => {
    const outside = {
      ...withOptions,
      id: "outside",
      template: "client-source" as const,
      generator: generatorOptionsSchema.parse({ difficulty: "medium", client: "outside" }),
    };
    const plan = planQuestions([outside], 3, first, counter());
    expect(plan.map((q) => q.item.id)).toEqual(["outside", "outside", "outside"]);
    expect(planQuestions([outside, ...freeform], 4, first, counter()).map((q) => q.item.id)).toContain("outside");
    for (const q of plan) {
      const scenario = questionScenario(q.item, q.scenarioSeed, q.difficulty);
      expect(scenario?.trace.scenario.request.from).toMatch(/^external\//);
      if (scenario === null) continue;
      // no lookup to explain from outside: the grade asks for the way in, not for resolv.conf or CoreDNS
      const ids = conceptsFor(scenario.trace).map((c) => c.id);
      expect(ids).toContain("lb-to-node");
      expect(ids).not.toContain("resolv-conf");
      expect(ids).not.toContain("dns-query");
      const graded = gradeAnswer(modelAnswer(q.item, q.difficulty, scenario.trace), scenario.paths);
      expect(graded.ok).toBe(true);
    }
  });

  it("asks a client-source question as part of the path, without repeating what it asks", () => {
    expect(interviewLead("client-source", "Which source address does the backend pod see?")).toBe(PATH_ONLY_LEAD);
    expect(interviewLead("client-source", "What happens with externalTrafficPolicy Local?")).toBe(
      SCENARIO_TEMPLATES["client-source"].interviewLead,
    );
  });

  it("honours a scenario item's proxy modes and resolvers, even where the generator never makes them", () => {
    for (const q of planQuestions([withOptions], 8, first, counter())) {
      const trace = questionScenario(q.item, q.scenarioSeed, q.difficulty)?.trace;
      const client = trace?.scenario.pods.find((p) => `${p.namespace}/${p.name}` === trace.scenario.request.from);
      expect(trace?.scenario.kubeProxy.mode).toBe("nftables");
      expect(client?.resolver).toBe("musl");
    }
  });

  it("replays questions stored before the generator version with the generator's scenario as it was", () => {
    const seed = 1234;
    const generated = validateScenario(generateScenario(seed, "easy"));
    if (!generated.ok) throw new Error("seed 1234 generates a valid scenario");
    const legacy = questionScenario(withOptions, seed, "easy", 1)?.trace;
    expect(legacy).toEqual(traceScenario(generated.value, { seed }));
    expect(legacy?.scenario.kubeProxy.mode).not.toBe("nftables");
    expect(SCENARIO_GENERATOR_VERSION).toBe(2);
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

describe("prose and model answers", () => {
  const trace = traceScenario(seedScenario(), { seed: 1 });

  it("asks a free-form question as written above its scenario, a scenario question below it, then what is left to ask", () => {
    const item = freeform[0];
    const scenarioItem = items.find((i) => i.kind === "scenario" && i.template === "dns-names");
    if (!item || scenarioItem?.kind !== "scenario") throw new Error("seed set has both kinds");
    const prose = scenarioProse(trace);
    expect(questionPrompt({ item, scenarioSeed: 1, difficulty: null }, trace)).toBe(
      `${item.front}\n\n**Scenario**\n\n${prose}`,
    );
    // the seed's question already asks which names are queried: the lead only asks for the path (regression:
    // "Which DNS names…" used to be followed by "Explain the path, starting with which DNS names…")
    expect(scenarioItem.front).toMatch(/^Which DNS names does the client's resolver query/);
    expect(questionPrompt({ item: scenarioItem, scenarioSeed: 1, difficulty: "medium" }, trace)).toBe(
      `**Scenario**\n\n${prose}\n\n${scenarioItem.front}\n\nAnswer it as part of the whole path, hop by hop.`,
    );
    const vague = { ...scenarioItem, front: "Explain each name." };
    expect(questionPrompt({ item: vague, scenarioSeed: 1, difficulty: "medium" }, trace)).toBe(
      `**Scenario**\n\n${prose}\n\nExplain each name.\n\n` +
        "Explain the path, starting with which DNS names the resolver queries and in what order.",
    );
  });

  it.each([
    // [template, the author's question, the lead that follows it]
    ["dns-names", "Which DNS names does the resolver try, in order?", PATH_ONLY_LEAD],
    ["dns-names", "What does the resolver look up first?", SCENARIO_TEMPLATES["dns-names"].interviewLead],
    ["dns-names", "Walk the path hop by hop, with each name queried.", null],
    ["returned-ip", "Which IP address does the DNS query return?", PATH_ONLY_LEAD],
    ["returned-ip", "What does the client do first?", SCENARIO_TEMPLATES["returned-ip"].interviewLead],
    ["chain-path", "Which iptables chains does the packet walk?", PATH_ONLY_LEAD],
    ["outcome", "Is the connection refused, or does it time out?", PATH_ONLY_LEAD],
    ["outcome", "How does the request end?", PATH_ONLY_LEAD],
    ["outcome", "What happens?", SCENARIO_TEMPLATES.outcome.interviewLead],
    ["full-path", "Which DNS names are queried?", null],
  ] as const)("%s after %j: %j", (template, question, lead) => {
    expect(interviewLead(template, question)).toBe(lead);
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
