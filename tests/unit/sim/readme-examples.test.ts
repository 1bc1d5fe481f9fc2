// The outside-client scenario the READMEs show (README.md "The `hopdrill` command", lib/sim/README.md "Traffic
// from outside") is valid and does what their text says, and the scenario fields the READMEs document are the
// schema's own names, so the docs cannot drift from the code unnoticed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  parseScenarioText,
  traceScenario,
  validateScenario,
  type Scenario,
  type ScenarioInput,
} from "../../../lib/sim";
import { nodeSchema, podSchema, scenarioSchema, serviceSchema } from "../../../lib/schemas/scenario";

const read = (file: string) => readFileSync(path.resolve(file), "utf8");

/** The YAML blocks of a Markdown file that are scenarios (they start with `nodes:`). */
function scenarioBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```yaml\n(nodes:[\s\S]*?)```/g)].map((m) => m[1] ?? "");
}

function scenarioOf(text: string, change: (input: ScenarioInput) => void = () => {}): Scenario {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const input = parsed.value as ScenarioInput;
  change(input);
  const valid = validateScenario(input);
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  return valid.value;
}

describe.each(["README.md", "lib/sim/README.md"])("the outside-client example of %s", (file) => {
  const blocks = scenarioBlocks(read(file));

  it("is there once, and the load balancer sends it to node-2 where bar-1 sees the client's own address", () => {
    expect(blocks).toHaveLength(1);
    const scenario = scenarioOf(blocks[0]!);
    for (let seed = 1; seed <= 5; seed++) {
      const trace = traceScenario(scenario, { seed });
      expect(trace.hops.find((h) => h.kind === "lb.select")?.detail["chosen"]).toBe("node-2");
      expect(trace.connection?.outcome).toBe("established");
      expect(trace.connection?.backendPod).toBe("app/bar-1");
      expect(trace.connection?.seenSource).toMatch(/^203\.0\.113\.50:\d+$/);
      expect(trace.proxy?.chains.some((c) => c.startsWith("KUBE-FW-"))).toBe(true);
    }
  });

  it("a client outside loadBalancerSourceRanges times out instead", () => {
    const scenario = scenarioOf(
      blocks[0]!,
      (input) => (input.request = { ...input.request, from: "external/192.0.2.9" }),
    );
    expect(traceScenario(scenario, { seed: 1 }).connection?.outcome).toBe("timeout");
  });
});

describe("lib/sim/README.md's words on the example", () => {
  const block = scenarioBlocks(read("lib/sim/README.md"))[0]!;

  it("the health check node port left out is allocated as 30000", () => {
    expect(scenarioOf(block).services.find((s) => s.name === "bar")?.healthCheckNodePort).toBe(30000);
  });

  it("from node/node-1 to node-2's NodePort: node-2 DNATs, and with Local bar-1 sees node-1's address", () => {
    const scenario = scenarioOf(block, (input) => {
      input.request = { from: "node/node-1", url: "https://192.168.0.12:31443/" };
    });
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.hops.find((h) => h.kind === "proxy.dnat")?.at).toBe("node node-2");
    expect(trace.proxy?.chains).toContain("KUBE-NODEPORTS");
    expect(trace.connection?.seenSource).toMatch(/^192\.168\.0\.11:\d+$/);
  });
});

describe("the scenario fields the READMEs document are the schema's", () => {
  const simReadme = read("lib/sim/README.md");
  const readme = read("README.md");
  const fields: readonly [string, readonly string[]][] = [
    ["scenario", Object.keys(scenarioSchema.shape)],
    ["node", Object.keys(nodeSchema.shape)],
    ["pod", Object.keys(podSchema.shape)],
    ["service", Object.keys(serviceSchema.shape)],
  ];
  const documented = [
    ["service", "externalIPs"],
    ["service", "loadBalancerSourceRanges"],
    ["service", "externalTrafficPolicy"],
    ["service", "healthCheckNodePort"],
    ["service", "status"],
    ["service", "ipFamilies"],
    ["service", "ipFamilyPolicy"],
    ["service", "trafficDistribution"],
    ["pod", "hostAliases"],
    ["pod", "setHostnameAsFQDN"],
    ["pod", "podIPs"],
    ["node", "podCIDRs"],
    ["node", "labels"],
    ["scenario", "externalDNS"],
    ["scenario", "clusterCIDRs"],
    ["scenario", "serviceCIDRs"],
  ] as const;

  it.each(documented)("%s.%s is a schema field, named in both READMEs", (owner, name) => {
    expect(fields.find(([o]) => o === owner)?.[1]).toContain(name);
    // in code spans, alone or as a path (`nodes[].podCIDRs`)
    expect(simReadme).toMatch(new RegExp(`\`[^\`\n]*\\b${name}\\b[^\`\n]*\``));
    expect(readme).toContain(name);
  });

  it("the request.from forms and the Corefile options are named in both", () => {
    for (const text of [simReadme, readme]) {
      for (const form of ["node/", "external/", "forward", "stubDomains", "rewrite", "cache", "autopath"]) {
        expect(text).toContain(form);
      }
    }
  });
});
