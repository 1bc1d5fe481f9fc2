// Every valid path of a request: traceScenario with a pinned endpoint, and tracePaths (one trace per endpoint
// kube-proxy can choose for the application's connection).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  generateScenario,
  seedScenario,
  servicePortChainName,
  traceScenario,
  tracePaths,
  validateScenario,
  type Difficulty,
  type Hop,
  type HopKind,
  type Scenario,
  type Trace,
} from "../../../lib/sim";
import { nftEndpointChainName, servicePortEndpointChainName } from "../../../lib/sim/kube-proxy";
import { podIn, seedVariant, serviceIn } from "./seed-variants";

const SAME_NODE = "10.244.1.5:8443"; // bar-1 on node-1, next to foo
const CROSS_NODE = "10.244.2.7:8443"; // bar-2 on node-2

const hop = (trace: Trace, kind: HopKind): Hop => {
  const found = trace.hops.find((h) => h.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} hop`);
  return found;
};
/** The part of a trace before the application's connect: request, resolv.conf, DNS. */
const beforeConnect = (trace: Trace) => ({
  resolvConf: trace.resolvConf,
  dns: trace.dns,
  hops: trace.hops.slice(
    0,
    trace.hops.findIndex((h) => h.kind === "app.connect"),
  ),
});
const pinned = (scenario: Scenario, seed: number, endpoint: string): Trace => {
  const result = traceScenario(scenario, { seed, endpoint });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
};
/** A seed whose free draw picks `endpoint` in the seed scenario. */
const seedPicking = (scenario: Scenario, endpoint: string): number => {
  for (let seed = 0; seed < 100; seed++) {
    if (traceScenario(scenario, { seed }).connection?.backend === endpoint) return seed;
  }
  throw new Error(`no seed picks ${endpoint}`);
};

describe("the seed scenario's two endpoints", () => {
  const scenario = seedScenario();

  it("same node: bar-1 on node-1 is reached over the cni0 bridge, no encapsulation, and conntrack reverses the DNAT", () => {
    const trace = pinned(scenario, 1, SAME_NODE);
    expect(trace.connection).toEqual({
      dst: "10.96.12.34:443",
      protocol: "tcp",
      snat: false,
      outcome: "established",
      backend: SAME_NODE,
      backendPod: "app/bar-1",
      backendNode: "node-1",
      seenSource: hop(trace, "app.connect").packet?.src,
      nodes: ["node-1"],
    });
    const route = hop(trace, "net.route");
    expect(route.at).toBe("node node-1");
    expect(route.detail).toMatchObject({ sameNode: true, device: "cni0", encapsulation: null });
    expect(route.packet).toEqual({
      src: `10.244.1.10:${route.packet?.src.split(":")[1]}`,
      dst: SAME_NODE,
      protocol: "tcp",
    });
    expect(hop(trace, "pod.receive").at).toBe("pod app/bar-1");
    expect(hop(trace, "net.route-back").detail).toMatchObject({ sameNode: true, conntrackNode: "node-1" });
    expect(hop(trace, "conntrack.reverse").detail["dnat"]).toEqual({ from: SAME_NODE, to: "10.96.12.34:443" });
  });

  it("cross node: bar-2 on node-2 is reached through the VXLAN overlay (VNI 1, UDP 8472 between the node IPs)", () => {
    const trace = pinned(scenario, 1, CROSS_NODE);
    expect(trace.connection).toMatchObject({ backend: CROSS_NODE, backendPod: "app/bar-2", backendNode: "node-2" });
    const route = hop(trace, "net.route");
    expect(route.at).toBe("node node-1");
    expect(route.detail).toMatchObject({
      sameNode: false,
      cni: "vxlan",
      encapsulation: {
        type: "vxlan",
        vni: 1,
        outer: { src: "192.168.0.11", dst: "192.168.0.12:8472", protocol: "udp" },
      },
    });
    expect(hop(trace, "pod.receive").at).toBe("pod app/bar-2");
    const back = hop(trace, "net.route-back");
    expect(back.at).toBe("node node-2");
    expect(back.detail).toMatchObject({ sameNode: false, conntrackNode: "node-1" });
    expect(hop(trace, "conntrack.reverse").at).toBe("node node-1");
  });

  it("keeps the probabilities and the service chain; the endpoint chain is the pinned endpoint's", () => {
    for (const endpoint of [SAME_NODE, CROSS_NODE]) {
      const trace = pinned(scenario, 1, endpoint);
      expect(trace.proxy?.candidates).toEqual([
        { endpoint: SAME_NODE, probability: 0.5 },
        { endpoint: CROSS_NODE, probability: 0.5 },
      ]);
      expect(trace.proxy?.chains).toEqual([
        "KUBE-SERVICES",
        servicePortChainName("app/bar:https", "tcp"),
        servicePortEndpointChainName("app/bar:https", "tcp", endpoint),
      ]);
      expect(hop(trace, "proxy.dnat").packet?.dst).toBe(endpoint);
    }
  });

  it("keeps DNS, the source port and every hop before the connect identical to the unpinned trace", () => {
    for (let seed = 0; seed < 20; seed++) {
      const free = traceScenario(scenario, { seed });
      for (const endpoint of [SAME_NODE, CROSS_NODE]) {
        const trace = pinned(scenario, seed, endpoint);
        expect(beforeConnect(trace)).toEqual(beforeConnect(free));
        expect(hop(trace, "app.connect")).toEqual(hop(free, "app.connect"));
        expect(trace.context).toEqual(free.context);
        expect(trace.scenario).toBe(free.scenario);
      }
    }
  });

  it("pinned to the endpoint the seed picks, equals the unpinned trace", () => {
    for (let seed = 0; seed < 40; seed++) {
      const free = traceScenario(scenario, { seed });
      expect(pinned(scenario, seed, free.connection?.backend ?? "")).toEqual(free);
    }
  });

  it("a cross-node answer has a valid path: tracePaths lists the endpoint the seed did not pick", () => {
    // Regression: grading and the diagram only knew the seed's endpoint, so an answer describing the other
    // ready endpoint (cross-node where the seed went same-node) had no path to match.
    const seed = seedPicking(scenario, SAME_NODE);
    const paths = tracePaths(scenario, { seed });
    expect(paths.map((p) => p.connection?.backend)).toEqual([SAME_NODE, CROSS_NODE]);
    expect(paths[0]).toEqual(traceScenario(scenario, { seed }));
    expect(paths[1]).toEqual(pinned(scenario, seed, CROSS_NODE));
    const other = tracePaths(scenario, { seed: seedPicking(scenario, CROSS_NODE) });
    expect(other.map((p) => p.connection?.backend)).toEqual([CROSS_NODE, SAME_NODE]);
  });
});

describe.each(["iptables", "ipvs", "nftables"] as const)("every path in %s mode", (mode) => {
  const scenario = seedVariant((s) => {
    s.kubeProxy = { mode };
  });

  it("gives one trace per candidate, each through its own endpoint and node", () => {
    for (let seed = 0; seed < 10; seed++) {
      const paths = tracePaths(scenario, { seed });
      expect(paths).toHaveLength(2);
      expect(new Set(paths.map((p) => p.connection?.backend))).toEqual(new Set([SAME_NODE, CROSS_NODE]));
      for (const path of paths) {
        const sameNode = path.connection?.backend === SAME_NODE;
        expect(path.connection?.backendNode).toBe(sameNode ? "node-1" : "node-2");
        expect(hop(path, "net.route").detail["sameNode"]).toBe(sameNode);
        expect(path.proxy?.mode).toBe(mode);
        expect(path.proxy?.candidates.map((c) => c.probability)).toEqual([0.5, 0.5]);
        expect(beforeConnect(path)).toEqual(beforeConnect(paths[0]));
      }
    }
  });

  it("names the pinned endpoint in the rule path (nftables endpoint chain; no chains in IPVS)", () => {
    const trace = pinned(scenario, 3, CROSS_NODE);
    const bar = { namespace: "app", name: "bar", portName: "https" };
    if (mode === "ipvs") expect(trace.proxy?.chains).toEqual([]);
    if (mode === "nftables") expect(trace.proxy?.chains.at(-1)).toBe(nftEndpointChainName(bar, "tcp", CROSS_NODE));
    if (mode === "iptables") {
      expect(trace.proxy?.chains.at(-1)).toBe(servicePortEndpointChainName("app/bar:https", "tcp", CROSS_NODE));
    }
    expect(hop(trace, "proxy.endpoint").summary).toContain(CROSS_NODE);
  });
});

describe("a pinned endpoint kube-proxy cannot choose is an error value", () => {
  it("names the candidates when the address is none of them", () => {
    expect(traceScenario(seedScenario(), { seed: 1, endpoint: "10.244.9.9:8443" })).toEqual({
      ok: false,
      errors: [
        {
          path: "endpoint",
          message:
            "10.244.9.9:8443 is not an endpoint kube-proxy can choose for 10.96.12.34:443; the candidates are 10.244.1.5:8443, 10.244.2.7:8443",
        },
      ],
    });
    // the pod IP without the target port is not an endpoint either
    expect(traceScenario(seedScenario(), { seed: 1, endpoint: "10.244.1.5" }).ok).toBe(false);
  });

  it("says there is one path for a headless Service, and tracePaths gives that one", () => {
    const headless = seedVariant((s) => {
      serviceIn(s, "bar").clusterIP = "None";
    });
    const result = traceScenario(headless, { seed: 1, endpoint: SAME_NODE });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain("only one path");
    expect(tracePaths(headless, { seed: 1 })).toEqual([traceScenario(headless, { seed: 1 })]);
  });

  it("says kube-proxy has no endpoint when none is ready (the connection is refused)", () => {
    const empty = seedVariant((s) => {
      podIn(s, "bar-1").ready = false;
      podIn(s, "bar-2").ready = false;
    });
    const result = traceScenario(empty, { seed: 1, endpoint: SAME_NODE });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: "endpoint",
          message:
            "10.244.1.5:8443 cannot be chosen: kube-proxy has no usable endpoint for 10.96.12.34:443 (the connection is refused)",
        },
      ],
    });
    expect(tracePaths(empty, { seed: 1 })).toHaveLength(1);
  });

  it("says no connection is attempted when the name does not resolve", () => {
    const missing = seedVariant((s) => {
      s.request.url = "https://nope/";
    });
    const result = traceScenario(missing, { seed: 1, endpoint: SAME_NODE });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain("the lookup fails (EAI_NONAME)");
    expect(tracePaths(missing, { seed: 1 })).toHaveLength(1);
  });

  it("gives one path for an ExternalName Service and for a pod IP", () => {
    const external = seedVariant((s) => {
      const bar = serviceIn(s, "bar");
      bar.type = "ExternalName";
      bar.externalName = "api.example.com";
      bar.clusterIP = null;
      s.externalDNS = { "api.example.com": ["203.0.113.7"] };
    });
    expect(tracePaths(external, { seed: 2 })).toHaveLength(1);
    const podIP = seedVariant((s) => {
      s.request.url = "https://10.244.2.7:8443/";
    });
    expect(tracePaths(podIP, { seed: 2 })).toEqual([traceScenario(podIP, { seed: 2 })]);
  });
});

const DIFFICULTIES: readonly Difficulty[] = ["easy", "medium", "hard"];

describe("every path over generated scenarios (fast-check)", () => {
  it("the seeded path first, one path per candidate, each a pinned trace that shares DNS with the seed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom(...DIFFICULTIES),
        fc.integer({ min: 0, max: 1_000_000 }),
        (generated, difficulty, seed) => {
          const valid = validateScenario(generateScenario(generated, difficulty));
          expect(valid.ok).toBe(true);
          if (!valid.ok) return;
          const scenario = valid.value;
          const free = traceScenario(scenario, { seed });
          const paths = tracePaths(scenario, { seed });
          expect(paths[0]).toEqual(free);
          const candidates = free.proxy?.candidates ?? [];
          const chosen = free.connection?.backend ?? null;
          if (candidates.length === 0 || free.proxy === null) {
            expect(paths).toHaveLength(1);
            return;
          }
          expect(paths).toHaveLength(candidates.length);
          expect(paths.map((p) => p.connection?.backend).sort()).toEqual(candidates.map((c) => c.endpoint).sort());
          expect(pinned(scenario, seed, chosen ?? "")).toEqual(free);
          for (const path of paths) {
            expect(beforeConnect(path)).toEqual(beforeConnect(free));
            expect(path.proxy?.candidates).toEqual(candidates);
            expect(path).toEqual(pinned(scenario, seed, path.connection?.backend ?? ""));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
