import { describe, expect, it } from "vitest";
import { scenarioQuestion, serviceKindOf, type ScenarioTemplate } from "../../../lib/content";
import { generatorOptionsSchema } from "../../../lib/schemas/question-set";
import { seedScenario, traceScenario } from "../../../lib/sim";

const any = generatorOptionsSchema.parse({});

function question(template: ScenarioTemplate, options: Partial<typeof any> = {}, seed = 1) {
  const result = scenarioQuestion(template, { ...any, ...options }, "Explain your answer.", seed);
  if (!result.ok) throw new Error(result.message);
  return result.question;
}

describe("scenarioQuestion", () => {
  it("is reproducible from its seed", () => {
    expect(question("full-path", {}, 42)).toEqual(question("full-path", {}, 42));
  });

  it("describes the scenario, asks the template's question, then the author's prose", () => {
    const q = question("dns-names");
    expect(q.questionText).toContain(`Pod \`${q.scenario.request.from}\``);
    expect(q.questionText).toContain(q.scenario.request.url);
    expect(q.questionText).toMatch(
      /Which DNS names does the pod's resolver query, in order\?\n\nExplain your answer\.$/,
    );
  });

  it("computes each template's answer from the trace", () => {
    const names = question("dns-names", {}, 7);
    expect(names.answer).toEqual(names.trace.dns.queries.map((q) => `${q.name} (${q.types.join(" + ")}) → ${q.rcode}`));
    const ips = question("returned-ip", { serviceKinds: ["ClusterIP"] }, 7);
    expect(ips.answer).toEqual(ips.trace.dns.result.addresses);
    const chains = question("chain-path", { serviceKinds: ["ClusterIP"], proxyModes: ["iptables"] }, 7);
    // kube-proxy iptables mode: every Service packet enters through KUBE-SERVICES, then KUBE-SVC-…, KUBE-SEP-…
    expect(chains.answer[0]).toBe("KUBE-SERVICES");
    expect(chains.answer.some((chain) => chain.startsWith("KUBE-SVC-"))).toBe(true);
    expect(chains.answer.some((chain) => chain.startsWith("KUBE-SEP-"))).toBe(true);
    const full = question("full-path", {}, 7);
    expect(full.answer).toEqual(full.trace.hops.map((hop) => hop.summary));
  });

  it.each([
    [{ proxyModes: ["ipvs" as const] }, (q: ReturnType<typeof question>) => q.scenario.kubeProxy.mode === "ipvs"],
    [
      { resolvers: ["musl" as const] },
      (q: ReturnType<typeof question>) =>
        q.scenario.pods.some((p) => `${p.namespace}/${p.name}` === q.scenario.request.from && p.resolver === "musl"),
    ],
    [{ serviceKinds: ["headless" as const] }, (q: ReturnType<typeof question>) => q.serviceKind === "headless"],
    [
      { serviceKinds: ["no-endpoints" as const], difficulty: "hard" as const },
      (q: ReturnType<typeof question>) => q.serviceKind === "no-endpoints",
    ],
    [{ placement: "cross-node" as const }, (q: ReturnType<typeof question>) => q.placement === "cross-node"],
    [{ placement: "same-node" as const }, (q: ReturnType<typeof question>) => q.placement === "same-node"],
  ])("honours generator options %j", (options, holds) => {
    for (const seed of [1, 2, 3]) expect(holds(question("outcome", options, seed))).toBe(true);
  });

  it("classifies the seed scenario (ClusterIP Service bar) as ClusterIP", () => {
    expect(serviceKindOf(traceScenario(seedScenario(), { seed: 1 }))).toBe("ClusterIP");
  });

  it("says so when no scenario can match", () => {
    const result = scenarioQuestion(
      "outcome",
      { ...any, serviceKinds: ["headless"], placement: "same-node", difficulty: "easy" },
      "",
      1,
    );
    if (result.ok) expect(result.question.serviceKind).toBe("headless");
    else expect(result.message).toMatch(/No generated scenario matched/);
  });
});
