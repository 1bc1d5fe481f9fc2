// kube-proxy's IPv6 rules on the real kernel: a network namespace stands for node-1 with
// `hopdrill iptables --family ipv6` loaded by ip6tables-restore, or `hopdrill rules --mode nftables --family
// ipv6` (table ip6 kube-proxy) by nft -f (cni0 holds node-1's IPv6 pod network, a bridge without ports stands for
// the route to the other node's IPv6 pod CIDR). Connections opened from the node to the IPv6 ClusterIP (nat
// OUTPUT) must be DNATed to the Service's IPv6 endpoints, as conntrack records (iptables: counted in the
// Service's rule and split over the KUBE-SEP chains); with no IPv6 endpoint the filter rule REJECTs them.
import { afterAll, describe, expect, it } from "vitest";
import {
  iptablesRestore,
  nftablesRuleset,
  tracePaths,
  validateScenario,
  type Scenario,
  type ScenarioInput,
} from "../../../lib/sim";
import { bigIntToIPv6, ipv6ToBigInt } from "../../../lib/sim/cidr";
import { iptablesRuleset, ruleText } from "../../../lib/sim/kube-proxy";
import { dualStackInput } from "../sim/seed-variants";
import { inNs, kernelSkipReason, Namespaces, shellIn } from "./netns";
import { counters } from "./rule-counters";

const skip = kernelSkipReason(["ip", "ip6tables-restore", "ip6tables-save", "bash", "timeout"]);
if (skip !== null) console.warn(`kernel ip6tables tests skipped: ${skip}`);
const skipNft = kernelSkipReason(["ip", "nft", "bash", "timeout"]);
if (skipNft !== null) console.warn(`kernel nftables IPv6 tests skipped: ${skipNft}`);

const CONNECTIONS = 24;
const CLUSTER_IP = "fd00:10:96::1";

function scenario(podsToo: boolean): Scenario {
  const change = (s: ScenarioInput) => (s.services[0]!.ipFamilyPolicy = "PreferDualStack");
  const result = validateScenario(dualStackInput(change, podsToo));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

/** node-1 with its IPv6 rules loaded; returns the namespace and the text loaded. */
function node(
  namespaces: Namespaces,
  s: Scenario,
  mode: "iptables" | "nftables" = "iptables",
): { ns: string; restore: string } {
  const ns = namespaces.create();
  const restore = mode === "iptables" ? iptablesRestore(s, "node-1", "IPv6") : nftablesRuleset(s, "node-1", "IPv6");
  if (mode === "iptables") inNs(ns, "ip6tables-restore", [], restore);
  else inNs(ns, "nft", ["-f", "-"], restore);
  for (const [device, address] of [
    ["cni0", "fd00:10:244:1::1/64"],
    ["flannel6", null],
  ] as const) {
    inNs(ns, "ip", ["link", "add", device, "type", "bridge"]);
    if (address !== null) inNs(ns, "ip", ["-6", "addr", "add", address, "dev", device, "nodad"]);
    inNs(ns, "ip", ["link", "set", device, "up"]);
  }
  inNs(ns, "ip", ["-6", "route", "add", "fd00:10:244:2::/64", "dev", "flannel6"]);
  inNs(ns, "ip", ["-6", "route", "add", "default", "dev", "cni0"]);
  return { ns, restore };
}

/**
 * The client pod app/foo (fd00:10:244:1::10) in its own namespace on a veth into node-1, as the trace has it:
 * its SYNs enter node-1 through nat PREROUTING, the hook the trace walks.
 */
function podOn(namespaces: Namespaces, node: string): string {
  const pod = namespaces.create();
  inNs(node, "sysctl", ["-qw", "net.ipv6.conf.all.forwarding=1"]);
  namespaces.link(node, "vpod", pod, "eth0");
  inNs(node, "ip", ["-6", "addr", "add", "fd00:10:244:1::1/128", "dev", "vpod", "nodad"]);
  inNs(node, "ip", ["-6", "route", "add", "fd00:10:244:1::10/128", "dev", "vpod"]);
  inNs(pod, "ip", ["-6", "addr", "add", "fd00:10:244:1::10/128", "dev", "eth0", "nodad"]);
  inNs(pod, "ip", ["-6", "route", "add", "fd00:10:244:1::1", "dev", "eth0"]);
  inNs(pod, "ip", ["-6", "route", "add", "default", "via", "fd00:10:244:1::1", "dev", "eth0"]);
  return pod;
}

/**
 * Opens CONNECTIONS connections to the IPv6 ClusterIP at once; returns what bash printed. The REJECT's ICMPv6
 * error is a soft error until the SYN is retransmitted after 1 s, so a refusal is awaited for 1.5 s.
 */
function connect(ns: string, port: number, seconds = 0.6): string {
  const line = `for i in $(seq ${CONNECTIONS}); do (timeout ${seconds} bash -c 'exec 3<>/dev/tcp/${CLUSTER_IP}/${port}' 2>&1 &); done; sleep ${seconds + 0.6}`;
  return shellIn(ns, line, 10_000).out;
}

/** conntrack's DNAT targets ("[ip]:port", canonical) of the connections to the IPv6 ClusterIP. */
function dnatTargets(ns: string): string[] {
  const canonical = (ip: string) => bigIntToIPv6(ipv6ToBigInt(ip) ?? 0n);
  const targets: string[] = [];
  for (const line of shellIn(ns, "cat /proc/net/nf_conntrack").out.split("\n")) {
    const m = /src=\S+ dst=(\S+) sport=\d+ dport=(\d+) .*?src=(\S+) dst=\S+ sport=(\d+)/.exec(line);
    if (m === null || canonical(m[1] ?? "") !== CLUSTER_IP) continue;
    targets.push(`[${canonical(m[3] ?? "")}]:${m[4]}`);
  }
  return targets;
}

const ENDPOINTS = ["[fd00:10:244:1::5]:8443", "[fd00:10:244:2::7]:8443"];

describe.skipIf(skip !== null)("ip6tables rules in the kernel", () => {
  const namespaces = new Namespaces("hd6t");
  afterAll(() => namespaces.removeAll());

  it("ip6tables-restore accepts the rules; connections are split over the IPv6 endpoints' KUBE-SEP chains", () => {
    const s = scenario(true);
    const { ns, restore } = node(namespaces, s);
    connect(ns, 443);
    const counts = counters(ns, restore, "ip6tables-save");
    const nat = iptablesRuleset(s, "node-1", "IPv6").nat.rules;
    const capture = nat.find((r) => r.chain === "KUBE-SERVICES" && ruleText(r).includes(`-d ${CLUSTER_IP} `));
    expect(capture).toBeDefined();
    expect(counts.get(ruleText(capture!))).toBe(CONNECTIONS);
    const dnats = nat.filter((r) => r.target.kind === "DNAT");
    expect(dnats.map((r) => (r.target.kind === "DNAT" ? r.target.to : ""))).toEqual([
      "[fd00:10:244:1::5]:8443",
      "[fd00:10:244:2::7]:8443",
    ]);
    const perEndpoint = dnats.map((r) => counts.get(ruleText(r)) ?? 0);
    expect(perEndpoint.reduce((a, b) => a + b, 0)).toBe(CONNECTIONS);
    // each has probability 1/2: all 24 on one endpoint would happen once in 8 million runs
    for (const n of perEndpoint) expect(n).toBeGreaterThan(0);
    expect([...new Set(dnatTargets(ns))].sort()).toEqual(ENDPOINTS);
  });

  it("with no IPv6 endpoint the filter rule REJECTs: the connect is refused", () => {
    const s = scenario(false);
    const { ns, restore } = node(namespaces, s);
    const out = connect(ns, 443, 1.5);
    expect(out).toContain("Connection refused");
    const reject = iptablesRuleset(s, "node-1", "IPv6").filter.rules.find((r) => r.target.kind === "REJECT");
    expect(reject).toBeDefined();
    // the first SYN and its retransmission are both rejected
    expect(counters(ns, restore, "ip6tables-save").get(ruleText(reject!))).toBeGreaterThanOrEqual(CONNECTIONS);
  });
});

describe.skipIf(skip !== null || skipNft !== null)("the IPv6 trace against the kernel", () => {
  const namespaces = new Namespaces("hd6p");
  afterAll(() => namespaces.removeAll());

  it.each(["iptables", "nftables"] as const)(
    "%s: connections from the pod's IPv6 address reach the trace's candidates, through PREROUTING",
    (mode) => {
      const s = validateScenario(
        dualStackInput((i) => {
          i.services[0]!.ipFamilyPolicy = "PreferDualStack";
          i.kubeProxy = { mode };
        }, true),
      );
      if (!s.ok) throw new Error(JSON.stringify(s.errors));
      const paths = tracePaths(s.value, { seed: 1 });
      const lab = node(namespaces, s.value, mode);
      const pod = podOn(namespaces, lab.ns);
      connect(pod, 443);
      const targets = dnatTargets(lab.ns);
      expect(targets.length).toBe(CONNECTIONS);
      // every path's backend is reached, and nothing else is
      expect([...new Set(targets)].sort()).toEqual(paths.map((t) => t.connection?.backend).sort());
      expect(
        paths.every((t) =>
          t.hops.some(
            (h) =>
              h.kind === "proxy.service" &&
              (h.summary.includes("nat PREROUTING") || h.summary.includes("nat-prerouting")),
          ),
        ),
      ).toBe(true);
    },
  );
});

describe.skipIf(skipNft !== null)("nftables IPv6 rules (table ip6 kube-proxy) in the kernel", () => {
  const namespaces = new Namespaces("hd6n");
  afterAll(() => namespaces.removeAll());

  it("nft -f accepts the table; connections to the IPv6 ClusterIP are DNATed to both IPv6 endpoints", () => {
    const { ns } = node(namespaces, scenario(true), "nftables");
    connect(ns, 443);
    const targets = dnatTargets(ns);
    expect(targets.length).toBe(CONNECTIONS);
    expect([...new Set(targets)].sort()).toEqual(ENDPOINTS);
  });

  it("with no IPv6 endpoint the no-endpoint-services map rejects: the connect is refused", () => {
    const { ns } = node(namespaces, scenario(false), "nftables");
    expect(connect(ns, 443, 1.5)).toContain("Connection refused");
  });
});
