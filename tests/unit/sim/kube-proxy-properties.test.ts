// Invariants over generated Services (fast-check): whatever the endpoints, readiness, policies and client,
// the decision is consistent with the EndpointSlice model and with the rules it claims to have walked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../../lib/schemas/scenario";
import { endpointsOf, usableEndpoints } from "../../../lib/sim/endpoints";
import { iptablesRestore, proxyConnection } from "../../../lib/sim/kube-proxy";
import { seededRandom } from "../../../lib/sim/random";
import { NODE_1, NODE_2 } from "./kube-proxy-fixtures";

const endpointArb = fc.record({
  node: fc.constantFrom("node-1", "node-2"),
  host: fc.integer({ min: 2, max: 250 }),
  ready: fc.boolean(),
  terminating: fc.boolean(),
});

const caseArb = fc.record({
  endpoints: fc.uniqueArray(endpointArb, { maxLength: 9, selector: (e) => `${e.node}/${e.host}` }),
  mode: fc.constantFrom("iptables" as const, "ipvs" as const, "nftables" as const),
  internalTrafficPolicy: fc.constantFrom("Cluster" as const, "Local" as const),
  affinity: fc.boolean(),
  protocol: fc.constantFrom("TCP" as const, "UDP" as const),
  hostClient: fc.boolean(),
  clientNode: fc.constantFrom("node-1", "node-2"),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
});

type CaseInput = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function build(c: CaseInput) {
  const scenario = scenarioSchema.parse({
    kubeProxy: { mode: c.mode },
    nodes: [NODE_1, NODE_2],
    pods: [
      { namespace: "app", name: "client-1", node: "node-1", ip: "10.244.1.1" },
      { namespace: "app", name: "client-2", node: "node-2", ip: "10.244.2.1" },
      ...c.endpoints.map((e, i) => ({
        namespace: "app",
        name: `ep-${i}`,
        node: e.node,
        ip: `10.244.${e.node === "node-1" ? 1 : 2}.${e.host}`,
        labels: { app: "svc" },
        ready: e.ready,
        terminating: e.terminating,
      })),
    ],
    services: [
      {
        namespace: "app",
        name: "svc",
        clusterIP: "10.96.0.50",
        selector: { app: "svc" },
        internalTrafficPolicy: c.internalTrafficPolicy,
        sessionAffinity: c.affinity ? "ClientIP" : "None",
        ports: [{ name: "p", port: 80, targetPort: 8080, protocol: c.protocol }],
      },
    ],
    request: { from: "app/client-1", url: "http://svc/" },
  });
  const node = c.clientNode === "node-1" ? NODE_1 : NODE_2;
  const client = c.hostClient
    ? { ip: node.ip, node: node.name, pod: null, hostNetwork: true }
    : {
        ip: c.clientNode === "node-1" ? "10.244.1.1" : "10.244.2.1",
        node: node.name,
        pod: "app/client",
        hostNetwork: false,
      };
  const attempt = {
    client,
    srcPort: 33333,
    dstIP: "10.96.0.50",
    dstPort: 80,
    protocol: c.protocol.toLowerCase() as "tcp" | "udp",
  };
  return { scenario, attempt, node: node.name };
}

describe("proxy decisions over generated Services", () => {
  it("endpoint probabilities sum to 1 and the chosen backend is a usable endpoint allowed by the policy", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { scenario, attempt, node } = build(c);
        const d = proxyConnection(scenario, attempt, seededRandom(c.seed));
        const service = scenario.services[0]!;
        const usable = usableEndpoints(endpointsOf(scenario, service));
        const allowed =
          c.internalTrafficPolicy === "Local" ? usableLocal(endpointsOf(scenario, service), node) : usable;
        if (allowed.length === 0) {
          expect(d.verdict).not.toBe("dnat");
          expect(["reject", "drop"]).toContain(d.verdict);
          // REJECT when nothing is usable anywhere, DROP when only the Local policy leaves nothing
          if (c.mode !== "ipvs") expect(d.verdict).toBe(usable.length === 0 ? "reject" : "drop");
          return;
        }
        expect(d.verdict).toBe("dnat");
        const sum = d.candidates.reduce((total, candidate) => total + candidate.probability, 0);
        expect(sum).toBeCloseTo(1, 9);
        expect(d.candidates.map((x) => x.endpoint).sort()).toEqual(allowed.map((e) => `${e.ip}:8080`).sort());
        expect(d.endpoint).not.toBeNull();
        expect(allowed.map((e) => e.ip)).toContain(d.endpoint?.ip);
        expect(d.dnatTo).toBe(`${d.endpoint?.ip}:8080`);
        expect(d.packetAfterNat.dst).toBe(d.dnatTo);
        // masquerade exactly for off-cluster sources and hairpin
        expect(d.masquerade).toBe(c.hostClient || d.endpoint?.ip === attempt.client.ip);
      }),
      { numRuns: 300 },
    );
  });

  it("in iptables mode the walk visits only chains the node's rules declare, and its DNAT target is in them", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { scenario, attempt, node } = build({ ...c, mode: "iptables" });
        const d = proxyConnection(scenario, attempt, seededRandom(c.seed));
        const text = iptablesRestore(scenario, node);
        for (const chain of d.chains) expect(text).toContain(`\n:${chain} - [0:0]\n`);
        if (d.dnatTo !== null) expect(text).toContain(`-j DNAT --to-destination ${d.dnatTo}\n`);
        for (const hop of d.hops) {
          const rule = hop.detail["rule"];
          if (typeof rule === "string" && rule.startsWith("-A ")) expect(text).toContain(`${rule}\n`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic for a seed", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { scenario, attempt } = build(c);
        expect(proxyConnection(scenario, attempt, seededRandom(c.seed))).toEqual(
          proxyConnection(scenario, attempt, seededRandom(c.seed)),
        );
      }),
      { numRuns: 100 },
    );
  });
});

/** topology.go: this node's ready endpoints, else its serving-and-terminating ones */
function usableLocal(endpoints: ReturnType<typeof endpointsOf>, node: string) {
  const local = endpoints.filter((e) => e.node === node);
  const ready = local.filter((e) => e.ready);
  return ready.length > 0 ? ready : local.filter((e) => e.serving && e.terminating);
}
