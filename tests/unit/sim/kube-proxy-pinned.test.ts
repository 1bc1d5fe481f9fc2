// A pinned endpoint (ConnectionAttempt.endpoint): kube-proxy's choice is made as if the random draw had
// picked it, in every proxy mode, and the decision is otherwise what a free draw landing there gives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  nftEndpointChainName,
  proxyConnection,
  servicePortEndpointChainName,
  type ConnectionAttempt,
} from "../../../lib/sim/kube-proxy";
import { seededRandom } from "../../../lib/sim/random";
import { fromPod, oneService, seedLike } from "./kube-proxy-fixtures";

const MODES = ["iptables", "ipvs", "nftables"] as const;
const SAME_NODE = "10.244.1.5:8443"; // bar-1 on node-1, next to foo
const CROSS_NODE = "10.244.2.7:8443"; // bar-2 on node-2
const bar = { namespace: "app", name: "bar", portName: "https" };
const toBar = (endpoint?: string | null): ConnectionAttempt => ({
  ...fromPod("10.244.1.10", "node-1", "10.96.12.34", 443),
  endpoint,
});

describe.each(MODES)("a pinned endpoint in %s mode", (mode) => {
  const scenario = seedLike({ kubeProxy: { mode } });

  it.each([SAME_NODE, CROSS_NODE])("DNATs to %s whatever the seed, with the candidates unchanged", (endpoint) => {
    for (let seed = 0; seed < 20; seed++) {
      const d = proxyConnection(scenario, toBar(endpoint), seededRandom(seed));
      expect(d.verdict).toBe("dnat");
      expect(d.dnatTo).toBe(endpoint);
      expect(d.packetAfterNat.dst).toBe(endpoint);
      expect(`${d.endpoint?.ip}:8443`).toBe(endpoint);
      expect(d.endpoint?.node).toBe(endpoint === SAME_NODE ? "node-1" : "node-2");
      expect(d.candidates).toEqual([
        { endpoint: SAME_NODE, probability: 0.5 },
        { endpoint: CROSS_NODE, probability: 0.5 },
      ]);
      expect(d.masquerade).toBe(false);
      const summary = d.hops.find((h) => h.kind === "proxy.endpoint")?.summary;
      expect(summary).toContain(`picked ${mode === "ipvs" ? "real server " : ""}${endpoint} (probability 0.5`);
    }
  });

  it("gives the free decision when the pin is the endpoint the seed picks", () => {
    for (let seed = 0; seed < 40; seed++) {
      const free = proxyConnection(scenario, toBar(), seededRandom(seed));
      expect(proxyConnection(scenario, toBar(free.dnatTo), seededRandom(seed))).toEqual(free);
      expect(proxyConnection(scenario, toBar(null), seededRandom(seed))).toEqual(free);
    }
  });

  it("leaves the random source where a free choice leaves it", () => {
    for (let seed = 0; seed < 20; seed++) {
      const free = seededRandom(seed);
      const pinned = seededRandom(seed);
      const chosen = proxyConnection(scenario, toBar(), free).dnatTo;
      const other = chosen === SAME_NODE ? CROSS_NODE : SAME_NODE;
      proxyConnection(scenario, toBar(chosen), pinned);
      expect(pinned.int(0, 1_000_000)).toBe(free.int(0, 1_000_000));
      if (mode !== "iptables") {
        // one draw whatever it lands on (IPVS rr position, nftables numgen)
        const again = seededRandom(seed);
        const fresh = seededRandom(seed);
        proxyConnection(scenario, toBar(other), again);
        proxyConnection(scenario, toBar(), fresh);
        expect(again.int(0, 1_000_000)).toBe(fresh.int(0, 1_000_000));
      }
    }
  });

  it("cannot be honoured for an address that is no candidate", () => {
    const d = proxyConnection(scenario, toBar("10.244.9.9:8443"), seededRandom(3));
    expect(d.verdict).toBe("dnat");
    expect(d.dnatTo).not.toBe("10.244.9.9:8443");
    expect([SAME_NODE, CROSS_NODE]).toContain(d.dnatTo);
  });
});

describe("the rule path of a pinned choice", () => {
  it("iptables: walks the statistic rules to the pinned KUBE-SEP chain, each draw consistent with its probability", () => {
    const scenario = seedLike();
    for (const endpoint of [SAME_NODE, CROSS_NODE]) {
      for (let seed = 0; seed < 20; seed++) {
        const d = proxyConnection(scenario, toBar(endpoint), seededRandom(seed));
        expect(d.chains.at(-1)).toBe(servicePortEndpointChainName("app/bar:https", "tcp", endpoint));
        const draws = d.hops.find((h) => h.kind === "proxy.endpoint")?.detail["draws"] as {
          probability: number;
          value: number;
          matched: boolean;
        }[];
        // two endpoints: one statistic rule (0.5) for the first, the last rule has none
        expect(draws).toHaveLength(1);
        const draw = draws[0]!;
        expect(draw.probability).toBe(0.5);
        expect(draw.matched).toBe(endpoint === SAME_NODE);
        expect(draw.value < draw.probability).toBe(draw.matched);
        expect(draw.value).toBeGreaterThanOrEqual(0);
        expect(draw.value).toBeLessThan(1);
      }
    }
  });

  it("iptables: with three endpoints the pinned last one failed both statistic rules (1/3, then 1/2)", () => {
    const pods = [2, 3, 4].map((host) => ({
      namespace: "app",
      name: `svc-${host}`,
      node: "node-1",
      ip: `10.244.1.${host}`,
      labels: { app: "svc" },
    }));
    const scenario = oneService({}, pods);
    const attempt = { ...fromPod("10.244.1.100", "node-1", "10.96.0.50", 80), endpoint: "10.244.1.4:8080" };
    const d = proxyConnection(scenario, attempt, seededRandom(5));
    expect(d.dnatTo).toBe("10.244.1.4:8080");
    const draws = d.hops.find((h) => h.kind === "proxy.endpoint")?.detail["draws"] as {
      probability: number;
      value: number;
      matched: boolean;
    }[];
    expect(draws.map((x) => [Number(x.probability.toFixed(4)), x.matched])).toEqual([
      [0.3333, false],
      [0.5, false],
    ]);
    for (const draw of draws) expect(draw.value).toBeGreaterThanOrEqual(draw.probability);
  });

  it("nftables: the numgen draw names the pinned element and its endpoint chain", () => {
    const scenario = seedLike({ kubeProxy: { mode: "nftables" } });
    const d = proxyConnection(scenario, toBar(CROSS_NODE), seededRandom(1));
    expect(d.chains.at(-1)).toBe(nftEndpointChainName(bar, "tcp", CROSS_NODE));
    const endpointHop = d.hops.find((h) => h.kind === "proxy.endpoint");
    expect(endpointHop?.detail["draw"]).toBe(1);
    expect(endpointHop?.summary).toContain("numgen random mod 2 gave 1");
  });

  it("IPVS: the real server is the pinned one, with no chains", () => {
    const scenario = seedLike({ kubeProxy: { mode: "ipvs" } });
    const d = proxyConnection(scenario, toBar(SAME_NODE), seededRandom(1));
    expect(d.chains).toEqual([]);
    expect(d.hops.find((h) => h.kind === "proxy.endpoint")?.detail["chosen"]).toBe(SAME_NODE);
  });
});

describe("pinned draws over generated endpoint sets (fast-check)", () => {
  it("every candidate can be pinned and the pin equal to the free choice changes nothing", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MODES),
        fc.uniqueArray(fc.integer({ min: 2, max: 250 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (mode, hosts, seed) => {
          const pods = hosts.map((host) => ({
            namespace: "app",
            name: `svc-${host}`,
            node: host % 2 === 0 ? "node-1" : "node-2",
            ip: `10.244.${host % 2 === 0 ? 1 : 2}.${host}`,
            labels: { app: "svc" },
          }));
          const scenario = oneService({}, pods, { kubeProxy: { mode } });
          const attempt = fromPod("10.244.1.100", "node-1", "10.96.0.50", 80);
          const free = proxyConnection(scenario, attempt, seededRandom(seed));
          expect(proxyConnection(scenario, { ...attempt, endpoint: free.dnatTo }, seededRandom(seed))).toEqual(free);
          for (const candidate of free.candidates) {
            const pinned = proxyConnection(scenario, { ...attempt, endpoint: candidate.endpoint }, seededRandom(seed));
            expect(pinned.dnatTo).toBe(candidate.endpoint);
            expect(pinned.candidates).toEqual(free.candidates);
            expect(pinned.packetBeforeNat).toEqual(free.packetBeforeNat);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
