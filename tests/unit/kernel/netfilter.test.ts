// The kube-proxy rules and the trace on the real kernel (lib/sim/README.md, "Proved on the kernel"): for a table of
// scenarios, a network namespace stands for node-1 with `hopdrill iptables` (or the nftables ruleset) loaded,
// a second one for the client pod (veth into the node) and a third for a client outside the cluster. Connections
// are opened from the client's address; the kernel's rule counters, the DNAT targets and conntrack's entries
// must be what the trace says. Endpoints are addresses behind dummy devices (cni0 for node-1's pods, flannel.1
// for the other nodes; bridges without ports, as this kernel may lack the dummy module), so each SYN goes unanswered and its conntrack entry stays for inspection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  iptablesRestore,
  nftablesRuleset,
  tracePaths,
  validateScenario,
  type Scenario,
  type ScenarioInput,
  type Trace,
} from "../../../lib/sim";
import { SEED_SCENARIO } from "../../../lib/sim";
import { inNs, kernelSkipReason, Namespaces, shellIn } from "./netns";
import { counters } from "./rule-counters";

const skip = kernelSkipReason(["ip", "iptables-restore", "iptables-save", "nft", "conntrack", "bash", "timeout"]);
if (skip !== null) console.warn(`kernel netfilter tests skipped: ${skip}`);

const NODE_IP = "192.168.0.11";
const OUTSIDE_IP = "203.0.113.50";
const CONNECTIONS = 24;

function scenarioOf(change: (s: ScenarioInput) => void): Scenario {
  const input = structuredClone(SEED_SCENARIO);
  change(input);
  const valid = validateScenario(input);
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  return valid.value;
}

interface Lab {
  readonly node: string;
  readonly pod: string;
  readonly outside: string;
}

/** node-1's namespace as the scenario's node-1, the client pod and an outside client wired to it. */
function lab(namespaces: Namespaces, scenario: Scenario): Lab {
  const node = namespaces.create();
  const pod = namespaces.create();
  const outside = namespaces.create();
  const n = (args: string[]) => inNs(node, "ip", args);
  for (const key of ["net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"]) {
    inNs(node, "sysctl", ["-qw", key]);
  }
  // node-1's pod network: cni0 holds the pod CIDR's first host, flannel.1 the network address (routes to other nodes)
  n(["link", "add", "cni0", "type", "bridge"]);
  n(["addr", "add", "10.244.1.1/24", "dev", "cni0"]);
  n(["link", "set", "cni0", "up"]);
  n(["link", "add", "flannel.1", "type", "bridge"]);
  n(["addr", "add", "10.244.1.0/32", "dev", "flannel.1"]);
  n(["link", "set", "flannel.1", "up"]);
  for (const other of scenario.nodes.filter((x) => x.name !== "node-1")) {
    n(["route", "add", other.podCIDR, "dev", "flannel.1"]);
  }
  // the client pod foo (10.244.1.10) on its veth
  namespaces.link(node, "vpod", pod, "eth0");
  inNs(pod, "ip", ["addr", "add", "10.244.1.10/32", "dev", "eth0"]);
  inNs(pod, "ip", ["route", "add", "10.244.1.1", "dev", "eth0", "scope", "link"]);
  inNs(pod, "ip", ["route", "add", "default", "via", "10.244.1.1", "dev", "eth0"]);
  n(["route", "add", "10.244.1.10/32", "dev", "vpod"]);
  // the node network and an outside client
  namespaces.link(node, "vout", outside, "eth0");
  n(["addr", "add", `${NODE_IP}/24`, "dev", "vout"]);
  n(["route", "add", "default", "dev", "vout"]);
  n(["route", "add", "203.0.113.0/24", "dev", "vout"]);
  inNs(outside, "ip", ["addr", "add", `${OUTSIDE_IP}/24`, "dev", "eth0"]);
  inNs(outside, "ip", ["route", "add", "192.168.0.0/24", "dev", "eth0"]);
  inNs(outside, "ip", ["route", "add", "default", "via", NODE_IP]);
  return { node, pod, outside };
}

/**
 * Opens CONNECTIONS connections at once from `ns` (each SYN is the first packet of a new connection). Over a veth
 * the REJECT's ICMP error can come back while connect() still holds the socket (Linux then keeps it as a soft
 * error until the SYN is retransmitted after 1 s), so a refusal is awaited for 1.5 s.
 */
function connect(ns: string, ip: string, port: number, seconds = 0.6): string {
  const line = `for i in $(seq ${CONNECTIONS}); do (timeout ${seconds} bash -c 'exec 3<>/dev/tcp/${ip}/${port}' 2>&1 &); done; sleep ${seconds + 0.3}`;
  return shellIn(ns, line, 10_000).out;
}

interface Entry {
  readonly origDst: string;
  /** the reply tuple's source: the DNAT target */
  readonly target: string;
  /** the reply tuple's destination: the source the endpoint sees */
  readonly seen: string;
}

function conntrack(ns: string, origDst: string): Entry[] {
  const out = shellIn(ns, "conntrack -L -p tcp 2>/dev/null").out;
  const entries: Entry[] = [];
  for (const line of out.split("\n")) {
    const m = /src=(\S+) dst=(\S+) sport=(\d+) dport=(\d+) .*?src=(\S+) dst=(\S+) sport=(\d+) dport=(\d+)/.exec(line);
    if (m === null) continue;
    const entry = { origDst: `${m[2]}:${m[4]}`, target: `${m[5]}:${m[7]}`, seen: `${m[6]}:${m[8]}` };
    if (entry.origDst === origDst) entries.push(entry);
  }
  return entries;
}

const ipOf = (address: string | null | undefined): string => (address ?? "").split(":")[0] ?? "";

/** Every path's backend and the source it sees, by backend. */
function expectedPaths(paths: readonly Trace[]): Map<string, string> {
  return new Map(paths.map((t) => [t.connection?.backend ?? "", ipOf(t.connection?.seenSource)]));
}

describe.skipIf(skip !== null)("kube-proxy rules on the kernel (iptables-restore, nft -f, conntrack)", () => {
  const namespaces = new Namespaces("hdnf");
  afterAll(() => namespaces.removeAll());

  const dnatCases: {
    name: string;
    scenario: Scenario;
    from: "pod" | "outside" | "node";
    dst: [string, number];
    mode: "iptables" | "nftables";
  }[] = [
    {
      name: "seed: pod → ClusterIP, split over both endpoints, no SNAT",
      scenario: scenarioOf(() => {}),
      from: "pod",
      dst: ["10.96.12.34", 443],
      mode: "iptables",
    },
    {
      name: "outside → NodePort (Cluster): KUBE-NODEPORTS → KUBE-EXT, masqueraded to cni0 / flannel.1",
      scenario: scenarioOf((s) => {
        const bar = s.services[0];
        if (bar === undefined) return;
        bar.type = "NodePort";
        bar.ports = [{ name: "https", port: 443, targetPort: 8443, nodePort: 30443 }];
        s.request = { from: `external/${OUTSIDE_IP}`, url: `https://${NODE_IP}:30443/` };
      }),
      from: "outside",
      dst: [NODE_IP, 30443],
      mode: "iptables",
    },
    {
      name: "node process → ClusterIP: nat OUTPUT, masqueraded",
      scenario: scenarioOf((s) => {
        s.request = { from: "node/node-1", url: "https://10.96.12.34/" };
      }),
      from: "node",
      dst: ["10.96.12.34", 443],
      mode: "iptables",
    },
    {
      name: "outside → load balancer IP inside loadBalancerSourceRanges: KUBE-FW → KUBE-EXT",
      scenario: scenarioOf((s) => {
        const bar = s.services[0];
        if (bar === undefined) return;
        bar.type = "LoadBalancer";
        bar.loadBalancerSourceRanges = ["203.0.113.0/24"];
        bar.status = { loadBalancer: { ingress: [{ ip: "198.51.100.10" }] } };
        s.request = { from: `external/${OUTSIDE_IP}`, url: "https://198.51.100.10/" };
      }),
      from: "outside",
      dst: ["198.51.100.10", 443],
      mode: "iptables",
    },
    {
      name: "nftables: pod → ClusterIP",
      scenario: scenarioOf((s) => {
        s.kubeProxy = { mode: "nftables" };
      }),
      from: "pod",
      dst: ["10.96.12.34", 443],
      mode: "nftables",
    },
    {
      name: "nftables: outside → NodePort (Cluster), masqueraded",
      scenario: scenarioOf((s) => {
        s.kubeProxy = { mode: "nftables" };
        const bar = s.services[0];
        if (bar === undefined) return;
        bar.type = "NodePort";
        bar.ports = [{ name: "https", port: 443, targetPort: 8443, nodePort: 30443 }];
        s.request = { from: `external/${OUTSIDE_IP}`, url: `https://${NODE_IP}:30443/` };
      }),
      from: "outside",
      dst: [NODE_IP, 30443],
      mode: "nftables",
    },
  ];

  const results = new Map<string, { entries: Entry[]; counts: Map<string, number> | null; paths: Trace[] }>();
  beforeAll(() => {
    for (const c of dnatCases) {
      const l = lab(namespaces, c.scenario);
      const restore = iptablesRestore(c.scenario, "node-1");
      if (c.mode === "iptables") inNs(l.node, "iptables-restore", [], restore);
      else inNs(l.node, "nft", ["-f", "-"], nftablesRuleset(c.scenario, "node-1"));
      const from = c.from === "pod" ? l.pod : c.from === "outside" ? l.outside : l.node;
      connect(from, c.dst[0], c.dst[1]);
      results.set(c.name, {
        entries: conntrack(l.node, `${c.dst[0]}:${c.dst[1]}`),
        counts: c.mode === "iptables" ? counters(l.node, restore) : null,
        // the lab is node-1's kernel: the paths a load balancer sends to another node are not walked here
        paths: tracePaths(c.scenario, { seed: 1 }).filter((p) => (p.connection?.nodes[0] ?? "node-1") === "node-1"),
      });
    }
  });

  it.each(dnatCases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const result = results.get(name);
    if (result === undefined) throw new Error("setup did not run");
    const { entries, counts, paths } = result;
    const expected = expectedPaths(paths);
    const candidates = paths[0]?.proxy?.candidates.map((x) => x.endpoint).sort() ?? [];
    expect(entries.length).toBe(CONNECTIONS);
    // conntrack's DNAT targets are exactly the trace's candidates (24 draws over 2 endpoints hit both)
    expect([...new Set(entries.map((e) => e.target))].sort()).toEqual(candidates);
    // and each endpoint sees the source the trace says it sees
    for (const entry of entries) expect(ipOf(entry.seen)).toBe(expected.get(entry.target));
    if (counts !== null) {
      // every rule the seeded trace's path matched counted packets; the DNAT rules split all of them
      const path = paths[0];
      for (const hop of path?.hops ?? []) {
        const rule = hop.detail["rule"];
        if (typeof rule === "string" && hop.kind.startsWith("proxy.") && hop.kind !== "proxy.masquerade") {
          expect(counts.get(rule) ?? 0, rule).toBeGreaterThan(0);
        }
      }
      const dnat = [...counts].filter(
        ([rule]) => rule.includes("-j DNAT") && rule.includes(c.dst[1] === 443 ? ":8443" : ":"),
      );
      expect(dnat.reduce((n, [, packets]) => n + packets, 0)).toBe(CONNECTIONS);
      for (const chain of path?.proxy?.chains ?? []) {
        const jumps = [...counts].filter(([rule]) => rule.endsWith(`-j ${chain}`));
        if (jumps.length > 0)
          expect(
            jumps.reduce((n, [, p]) => n + p, 0),
            chain,
          ).toBeGreaterThan(0);
      }
    }
  });

  const dropCases: { name: string; scenario: Scenario; dst: [string, number]; refused: boolean }[] = [
    {
      name: "externalTrafficPolicy Local, no endpoint on node-1: KUBE-EXTERNAL-SERVICES drops (timeout)",
      scenario: scenarioOf((s) => {
        const bar = s.services[0];
        if (bar === undefined) return;
        bar.type = "NodePort";
        bar.externalTrafficPolicy = "Local";
        bar.ports = [{ name: "https", port: 443, targetPort: 8443, nodePort: 30443 }];
        s.pods = s.pods.filter((p) => p.name !== "bar-1");
        s.request = { from: `external/${OUTSIDE_IP}`, url: `https://${NODE_IP}:30443/` };
      }),
      dst: [NODE_IP, 30443],
      refused: false,
    },
    {
      name: "loadBalancerSourceRanges without the client: KUBE-PROXY-FIREWALL drops (timeout)",
      scenario: scenarioOf((s) => {
        const bar = s.services[0];
        if (bar === undefined) return;
        bar.type = "LoadBalancer";
        bar.loadBalancerSourceRanges = ["192.0.2.0/24"];
        bar.status = { loadBalancer: { ingress: [{ ip: "198.51.100.10" }] } };
        s.request = { from: `external/${OUTSIDE_IP}`, url: "https://198.51.100.10/" };
      }),
      dst: ["198.51.100.10", 443],
      refused: false,
    },
    {
      name: "no endpoints: the filter table REJECTs (connection refused at once)",
      scenario: scenarioOf((s) => {
        s.pods = s.pods.filter((p) => !p.name.startsWith("bar"));
        s.request = { from: "app/foo", url: "https://10.96.12.34/" };
      }),
      dst: ["10.96.12.34", 443],
      refused: true,
    },
  ];

  it.each(dropCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const l = lab(namespaces, c.scenario);
    const restore = iptablesRestore(c.scenario, "node-1");
    inNs(l.node, "iptables-restore", [], restore);
    // the no-endpoints case is a pod's connection (the ClusterIP is not routed from outside)
    const from = c.refused ? l.pod : l.outside;
    const out = connect(from, c.dst[0], c.dst[1], c.refused ? 1.5 : 0.6);
    const trace = tracePaths(c.scenario, { seed: 1 })[0];
    const hop = trace.hops.find((h) => h.kind === (c.refused ? "proxy.reject" : "proxy.drop"));
    const rule = hop?.detail["rule"];
    expect(typeof rule).toBe("string");
    expect(counters(l.node, restore).get(rule as string) ?? 0).toBeGreaterThanOrEqual(CONNECTIONS);
    if (c.refused) {
      expect(trace.connection?.outcome).toBe("refused");
      expect(out).toContain("Connection refused");
    } else {
      expect(trace.connection?.outcome).toBe("timeout");
      expect(conntrack(l.node, `${c.dst[0]}:${c.dst[1]}`)).toEqual([]);
    }
  });
});
