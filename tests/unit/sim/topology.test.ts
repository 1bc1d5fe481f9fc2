// Topology-aware routing (lib/sim/README.md, "kube-proxy"): trafficDistribution PreferClose hints every endpoint
// for its node's zone (pkg/controller/endpointslice/trafficdist), and kube-proxy keeps the endpoints hinted for
// its own zone only when every ready endpoint has a hint and one is for its zone. Known answers follow upstream's
// pkg/proxy/topology_test.go TestCategorizeEndpoints cases ("hints enabled", "hints, but no zone hints for this
// zone", "missing zone label on the node", "only some endpoints have hints", "not-ready endpoints are ignored",
// "externalTrafficPolicy Local ignores hints").
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../../lib/schemas/scenario";
import { iptablesRestore, ipvsRules, nftablesRuleset, traceScenario, validateScenario } from "../../../lib/sim";
import type { Scenario } from "../../../lib/sim";

const ZONE = "topology.kubernetes.io/zone";
type NodeInput = ScenarioInput["nodes"][number];
type ServiceInput = ScenarioInput["services"][number];

const node = (name: string, n: number, zone: string | null): NodeInput => ({
  name,
  ip: `192.168.0.${10 + n}`,
  podCIDR: `10.1.${n}.0/24`,
  labels: zone === null ? {} : { [ZONE]: zone },
});

/** upstream's four endpoints 10.1.2.3 (zone-a), 10.1.2.4 (zone-b), 10.1.2.5 (zone-c), 10.1.2.6 (zone-a) */
function zonedScenario(
  opts: {
    clientZone?: string | null;
    zones?: readonly (string | null)[];
    ready?: readonly boolean[];
    service?: Partial<ServiceInput>;
    mode?: "iptables" | "ipvs" | "nftables";
  } = {},
): Scenario {
  const zones = opts.zones ?? ["zone-a", "zone-b", "zone-c", "zone-a"];
  const nodes = [node("client-node", 1, opts.clientZone === undefined ? "zone-a" : opts.clientZone)];
  const pods: ScenarioInput["pods"] = [
    { namespace: "ns1", name: "client", node: "client-node", ip: "10.1.1.9", labels: { app: "client" } },
  ];
  zones.forEach((zone, i) => {
    nodes.push(node(`node-${i}`, 2 + i, zone));
    pods.push({
      namespace: "ns1",
      name: `ep-${3 + i}`,
      node: `node-${i}`,
      ip: `10.1.${2 + i}.${3 + i}`,
      labels: { app: "svc1" },
      ready: opts.ready?.[i] ?? true,
    });
  });
  const result = validateScenario({
    clusterCIDR: "10.1.0.0/16",
    serviceCIDR: "172.30.0.0/16",
    dns: { clusterDNS: "172.30.0.10" },
    kubeProxy: { mode: opts.mode ?? "iptables" },
    nodes,
    pods,
    services: [
      {
        namespace: "ns1",
        name: "svc1",
        clusterIP: "172.30.0.41",
        selector: { app: "svc1" },
        ports: [{ name: "p80", port: 80 }],
        trafficDistribution: "PreferClose",
        ...opts.service,
      },
    ],
    request: { from: "ns1/client", url: "http://svc1.ns1/" },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const candidates = (s: Scenario) => traceScenario(s, { seed: 1 }).proxy?.candidates.map((c) => c.endpoint) ?? [];
const endpointHop = (s: Scenario) => traceScenario(s, { seed: 1 }).hops.find((h) => h.kind === "proxy.endpoint");
const ALL = ["10.1.2.3:80", "10.1.3.4:80", "10.1.4.5:80", "10.1.5.6:80"];

describe("kube-proxy and zone hints", () => {
  it("hints enabled: only the endpoints hinted for the node's zone", () => {
    const s = zonedScenario();
    expect(candidates(s)).toEqual(["10.1.2.3:80", "10.1.5.6:80"]);
    expect(traceScenario(s, { seed: 1 }).proxy?.candidates.map((c) => c.probability)).toEqual([0.5, 0.5]);
    expect(endpointHop(s)?.summary).toContain("(zone zone-a) uses only the 2 of 4 hinted for zone-a");
    expect(endpointHop(s)?.detail["topology"]).toMatchObject({ zone: "zone-a", filtered: true });
  });

  it("without trafficDistribution there are no hints: every endpoint", () => {
    const s = zonedScenario({ service: { trafficDistribution: null } });
    expect(candidates(s)).toEqual(ALL);
    expect(endpointHop(s)?.detail["topology"]).toBeNull();
  });

  it("hints, but none for this zone: every endpoint", () => {
    const s = zonedScenario({ clientZone: "zone-d" });
    expect(candidates(s)).toEqual(ALL);
    expect(endpointHop(s)?.summary).toContain("no ready endpoint is hinted for zone zone-d");
  });

  it("the node has no zone label: every endpoint", () => {
    const s = zonedScenario({ clientZone: null });
    expect(candidates(s)).toEqual(ALL);
    expect(endpointHop(s)?.summary).toContain(`client-node has no ${ZONE} label`);
  });

  it("only some endpoints have hints: every endpoint", () => {
    const s = zonedScenario({ zones: ["zone-a", "zone-b", null, "zone-a"] });
    expect(candidates(s)).toEqual(ALL);
    expect(endpointHop(s)?.summary).toContain("ep-5 (node node-2) has none");
  });

  it("a not-ready endpoint without a hint does not switch the hints off", () => {
    const s = zonedScenario({ zones: ["zone-a", "zone-b", null, "zone-a"], ready: [true, true, false, true] });
    expect(candidates(s)).toEqual(["10.1.2.3:80", "10.1.5.6:80"]);
  });

  it("internalTrafficPolicy Local ignores hints: the node's own endpoints", () => {
    const s = zonedScenario({ service: { internalTrafficPolicy: "Local" } });
    // the client's node has no endpoint: Local drops, whatever the zone says
    expect(traceScenario(s, { seed: 1 }).connection?.outcome).toBe("timeout");
  });

  it("the rules hold only the zone's endpoints, in every mode", () => {
    const ipt = iptablesRestore(zonedScenario(), "client-node");
    expect(ipt).toContain('--comment "ns1/svc1:p80 -> 10.1.2.3:80"');
    expect(ipt).toContain('--comment "ns1/svc1:p80 -> 10.1.5.6:80"');
    expect(ipt).not.toContain("10.1.3.4:80");
    // another node, another zone: its own endpoint only
    const zoneB = iptablesRestore(zonedScenario(), "node-1");
    expect(zoneB).toContain('--comment "ns1/svc1:p80 -> 10.1.3.4:80"');
    expect(zoneB).not.toContain("10.1.2.3:80");
    const nft = nftablesRuleset(zonedScenario({ mode: "nftables" }), "client-node");
    expect(nft).toContain("dnat to 10.1.5.6:80");
    expect(nft).not.toContain("dnat to 10.1.4.5:80");
    const ipvs = ipvsRules(zonedScenario({ mode: "ipvs" }), "client-node");
    expect(ipvs).toContain("-r 10.1.2.3:80");
    expect(ipvs).not.toContain("-r 10.1.3.4:80");
  });
});
