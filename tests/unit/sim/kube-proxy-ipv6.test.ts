// Known answers for kube-proxy's IPv6 proxiers. iptables (pkg/proxy/iptables/proxier.go run per family by the
// MetaProxier): the same chain names and rule shapes for a Service's IPv6 ClusterIP and its pods' IPv6
// endpoints. KUBE-SVC/KUBE-EXT hash "servicePortName + protocol", so they are the IPv4 chains' names; KUBE-SEP
// hashes the endpoint as BaseEndpointInfo.String() prints it (net.JoinHostPort: "[fd00::5]:8443"), so its names
// are the family's own. No localhost NodePorts for IPv6: no KUBE-FIREWALL, and `! -d ::1/128` on the NodePort jump.
import { describe, expect, it } from "vitest";
import {
  iptablesRestore,
  nftablesRuleset,
  validateScenario,
  type Scenario,
  type ScenarioInput,
} from "../../../lib/sim";
import { nftEndpointChainName } from "../../../lib/sim/kube-proxy";
import { sha256Base32 } from "../../../lib/sim/hash";
import { dualStackInput, seedVariant } from "./seed-variants";

function valid(input: ScenarioInput): Scenario {
  const result = validateScenario(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const dualBar = (change: (i: ScenarioInput) => void = () => {}, podsToo = true) =>
  valid(
    dualStackInput((i) => {
      i.services[0]!.ipFamilyPolicy = "PreferDualStack";
      change(i);
    }, podsToo),
  );

const lines = (text: string) => text.trimEnd().split("\n");

describe("ip6tables rules of a dual-stack Service", () => {
  const v6 = iptablesRestore(dualBar(), "node-1", "IPv6");

  it("captures the IPv6 ClusterIP and DNATs to the pods' IPv6 addresses, in kube-proxy's rule text", () => {
    const sep1 = `KUBE-SEP-${sha256Base32("app/bar:httpstcp[fd00:10:244:1::5]:8443").slice(0, 16)}`;
    const sep2 = `KUBE-SEP-${sha256Base32("app/bar:httpstcp[fd00:10:244:2::7]:8443").slice(0, 16)}`;
    expect(sep1).toBe("KUBE-SEP-B2ATTQKT4CWV3QPQ");
    expect(lines(v6)).toEqual(
      expect.arrayContaining([
        '-A KUBE-SERVICES -m comment --comment "app/bar:https cluster IP" -m tcp -p tcp -d fd00:10:96::1 --dport 443 -j KUBE-SVC-5ZJGYN7BN7Z5DHZA',
        '-A KUBE-SVC-5ZJGYN7BN7Z5DHZA -m comment --comment "app/bar:https cluster IP" -m tcp -p tcp -d fd00:10:96::1 --dport 443 ! -s fd00:10:244::/56 -j KUBE-MARK-MASQ',
        `-A KUBE-SVC-5ZJGYN7BN7Z5DHZA -m comment --comment "app/bar:https -> [fd00:10:244:1::5]:8443" -m statistic --mode random --probability 0.5000000000 -j ${sep1}`,
        `-A KUBE-SVC-5ZJGYN7BN7Z5DHZA -m comment --comment "app/bar:https -> [fd00:10:244:2::7]:8443" -j ${sep2}`,
        `-A ${sep1} -m comment --comment app/bar:https -s fd00:10:244:1::5 -j KUBE-MARK-MASQ`,
        `-A ${sep1} -m comment --comment app/bar:https -m tcp -p tcp -j DNAT --to-destination [fd00:10:244:1::5]:8443`,
        '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS',
      ]),
    );
  });

  it("the Service chain keeps its IPv4 name; the endpoint chains are the family's own", () => {
    const v4 = iptablesRestore(dualBar(), "node-1");
    expect(v4).toContain(":KUBE-SVC-5ZJGYN7BN7Z5DHZA - [0:0]");
    const sepChains = (text: string) => lines(text).filter((l) => l.startsWith(":KUBE-SEP-"));
    const bar4 = sepChains(v4).filter((c) => !v6.includes(c));
    expect(sepChains(v6).length).toBe(2);
    expect(sepChains(v6).every((c) => !v4.includes(c))).toBe(true);
    expect(bar4.length).toBeGreaterThan(0);
  });

  it("has no localhost-NodePort protection (KUBE-FIREWALL) and no single-stack Service (kube-dns)", () => {
    expect(v6).not.toContain("KUBE-FIREWALL");
    expect(v6).not.toContain("127.0.0.0/8");
    expect(v6).not.toContain("kube-system/kube-dns");
    expect(v6).not.toMatch(/\b10\.\d+\.\d+\.\d+/);
  });

  it("the IPv4 rules do not change when the cluster becomes dual-stack", () => {
    expect(iptablesRestore(dualBar(), "node-1")).toBe(iptablesRestore(seedVariant(), "node-1"));
  });

  it("an IPv6-only Service is in the ip6tables rules only", () => {
    const s = dualBar((i) =>
      Object.assign(i.services[0]!, { clusterIP: null, ipFamilyPolicy: null, ipFamilies: ["IPv6"] }),
    );
    expect(iptablesRestore(s, "node-1")).not.toContain("app/bar");
    expect(iptablesRestore(s, "node-1", "IPv6")).toContain("-d fd00:10:96::1 --dport 443 -j KUBE-SVC-5ZJGYN7BN7Z5DHZA");
  });

  it("pods without an IPv6 address are no IPv6 endpoints: the IPv6 ClusterIP is rejected", () => {
    const v6NoPods = iptablesRestore(
      dualBar(() => {}, false),
      "node-1",
      "IPv6",
    );
    expect(lines(v6NoPods)).toContain(
      '-A KUBE-SERVICES -m comment --comment "app/bar:https has no endpoints" -m tcp -p tcp -d fd00:10:96::1 --dport 443 -j REJECT',
    );
    expect(v6NoPods).not.toContain("KUBE-SEP-");
  });

  it("without an IPv6 cluster CIDR there is no off-cluster masquerade rule (no local detector)", () => {
    const s = dualBar((i) => {
      i.clusterCIDRs = [];
      i.nodes.forEach((n) => (n.podCIDRs = []));
    }, false);
    const text = iptablesRestore(s, "node-1", "IPv6");
    expect(text).toContain("-d fd00:10:96::1");
    expect(text).not.toContain("KUBE-MARK-MASQ\n-A KUBE-SVC");
    expect(text).not.toContain("! -s");
  });
});

describe("nftables IPv6 rules (table ip6 kube-proxy)", () => {
  const v6 = nftablesRuleset(dualBar(), "node-1", "IPv6");
  // pkg/proxy/nftables servicePortEndpointChainNameBase: SplitHostPort, then an IPv6 address's colons as dots
  const ep1Base = "app/bar/tcp/https__fd00.10.244.1..5/8443";
  const ep1 = `endpoint-${sha256Base32(ep1Base).slice(0, 8)}-${ep1Base}`;

  it("names an IPv6 endpoint chain with dots for the address's colons", () => {
    expect(
      nftEndpointChainName({ namespace: "app", name: "bar", portName: "https" }, "tcp", "[fd00:10:244:1::5]:8443"),
    ).toBe(ep1);
  });

  it("writes the ip6 table with IPv6 address types, ip6 matches and DNAT to the bracketed endpoint", () => {
    expect(lines(v6)).toEqual(
      expect.arrayContaining([
        'add table ip6 kube-proxy { comment "rules for kube-proxy" ; }',
        'add set ip6 kube-proxy cluster-ips { type ipv6_addr ; comment "Active ClusterIPs" ; }',
        'add rule ip6 kube-proxy cluster-ips-check ip6 daddr { fd00:10:96::/112 } drop comment "Drop traffic to unallocated ClusterIPs"',
        "add rule ip6 kube-proxy services fib daddr type local ip6 daddr != ::1 meta l4proto . th dport vmap @service-nodeports",
        `add rule ip6 kube-proxy ${ep1} meta l4proto tcp dnat to [fd00:10:244:1::5]:8443`,
        `add rule ip6 kube-proxy ${ep1} ip6 saddr fd00:10:244:1::5 jump mark-for-masquerade`,
        "add element ip6 kube-proxy cluster-ips { fd00:10:96::1 }",
      ]),
    );
    expect(v6).not.toMatch(/\bip (daddr|saddr)\b/);
    expect(v6).not.toContain("ipv4_addr");
    expect(v6).not.toContain("nodeport-ips {  }");
    expect(v6).not.toContain("add element ip6 kube-proxy nodeport-ips");
  });

  it("the IPv4 table does not change when the cluster becomes dual-stack", () => {
    expect(nftablesRuleset(dualBar(), "node-1")).toBe(nftablesRuleset(seedVariant(), "node-1"));
  });
});
