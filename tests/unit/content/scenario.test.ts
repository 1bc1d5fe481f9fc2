import { describe, expect, it } from "vitest";
import {
  describeScenario,
  parseScenarioItem,
  placementOf,
  scenarioAnswer,
  scenarioVariant,
  serviceKindOf,
} from "../../../lib/content";
import { generatorOptionsSchema } from "../../../lib/schemas/question-set";
import { SEED_SET } from "../../../lib/content/seed-set";
import { seedScenario, traceScenario } from "../../../lib/sim/index";

const options = (input: Record<string, unknown>) => generatorOptionsSchema.parse(input);

describe("scenario variants", () => {
  it("are reproducible from their seed", () => {
    const a = scenarioVariant(1234, options({ difficulty: "medium" }));
    const b = scenarioVariant(1234, options({ difficulty: "medium" }));
    expect(a?.trace).toEqual(b?.trace);
  });

  it("vary from seed to seed", () => {
    const urls = new Set(
      Array.from(
        { length: 12 },
        (_, seed) => scenarioVariant(seed, options({ difficulty: "medium" }))?.scenario.request.url,
      ),
    );
    expect(urls.size).toBeGreaterThan(3);
  });

  it("honour proxy modes and resolvers exactly, and service kinds and placement when the generator can make them", () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const v = scenarioVariant(
        seed * 7919,
        options({
          difficulty: "easy",
          proxyModes: ["ipvs"],
          resolvers: ["musl"],
          serviceKinds: ["ClusterIP"],
          placement: "cross-node",
        }),
      );
      expect(v).not.toBeNull();
      expect(v!.scenario.kubeProxy.mode).toBe("ipvs");
      expect(v!.trace.proxy?.mode).toBe("ipvs");
      const client = v!.scenario.pods.find((p) => `${p.namespace}/${p.name}` === v!.scenario.request.from);
      expect(client?.resolver).toBe("musl");
      expect(v!.matchesOptions).toBe(true);
      expect(serviceKindOf(v!.trace)).toBe("ClusterIP");
      expect(placementOf(v!.trace)).toBe("cross-node");
    }
  });

  it("fall back to a valid variant, flagged, when no seed matches", () => {
    // difficulty easy never generates an ExternalName Service (lib/sim/generate.ts target table)
    const v = scenarioVariant(5, options({ difficulty: "easy", serviceKinds: ["ExternalName"] }));
    expect(v).not.toBeNull();
    expect(v!.matchesOptions).toBe(false);
  });
});

describe("scenario prose and answers", () => {
  const trace = traceScenario(seedScenario(), { seed: 1 });

  it("describe the request and the Services in the front", () => {
    const text = describeScenario(trace);
    expect(text).toContain("`foo`");
    expect(text).toContain("`https://bar/`");
    expect(text).toContain("`app/bar`");
  });

  it("answer dns-names with every queried name in order", () => {
    const answer = scenarioAnswer(trace, "dns-names");
    const positions = trace.dns.queries.map((q) => answer.indexOf(q.name));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
  });

  it("answer returned-ip, chain-path, outcome and full-path from the trace", () => {
    expect(scenarioAnswer(trace, "returned-ip")).toContain(trace.dns.result.addresses[0]!);
    for (const chain of trace.proxy?.chains ?? []) expect(scenarioAnswer(trace, "chain-path")).toContain(chain);
    expect(scenarioAnswer(trace, "outcome")).toContain(trace.connection!.outcome);
    const full = scenarioAnswer(trace, "full-path");
    for (const hop of trace.hops) expect(full).toContain(hop.kind);
  });

  it("the seed set's scenario items parse", () => {
    const items = SEED_SET.items.filter((i) => i.kind === "scenario");
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const item of items) {
      if (item.kind !== "scenario") continue;
      expect(parseScenarioItem(JSON.stringify({ template: item.template, generator: item.generator }))).not.toBeNull();
    }
    expect(parseScenarioItem("not json")).toBeNull();
  });
});
