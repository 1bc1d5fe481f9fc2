// Known answers for an IPv6 connection through kube-proxy's ip6tables rules and flannel's IPv6 VXLAN
// (flannel-v6.1): the packet as "[ip]:port" (net.JoinHostPort), DNAT to the pods' IPv6 endpoints, same-node
// delivery over cni0, cross-node over flannel-v6.1, hairpin masquerade to cni0's IPv6 address, and the reply
// reversed by conntrack on the client's node.
import { describe, expect, it } from "vitest";
import { tracePaths, traceScenario, validateScenario, type Scenario, type Trace } from "../../../lib/sim";
import { inCidr, joinHostPort, splitHostPort } from "../../../lib/sim/kube-proxy/addresses";
import { dualStackInput } from "./seed-variants";

function dual(fooIsBackend = false, mode: "iptables" | "nftables" = "iptables"): Scenario {
  const result = validateScenario(
    dualStackInput((i) => {
      i.services[0]!.ipFamilyPolicy = "PreferDualStack";
      i.kubeProxy = { mode };
      if (fooIsBackend) i.pods[0]!.labels = { app: "bar" };
    }, true),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const hop = (t: Trace, kind: string) => t.hops.find((h) => h.kind === kind);
const byBackend = (paths: readonly Trace[], backend: string) => paths.find((t) => t.connection?.backend === backend);

describe("IPv6 addresses in packets", () => {
  it.each([
    ["10.244.2.7:8443", "10.244.2.7", 8443],
    ["[fd00:10:244:2::7]:8443", "fd00:10:244:2::7", 8443],
    ["[::1]:80", "::1", 80],
  ] as const)("%s splits into %s and %i, and joins back", (text, ip, port) => {
    expect(splitHostPort(text)).toEqual({ ip, port });
    expect(joinHostPort(ip, port)).toBe(text);
  });

  it.each([
    ["fd00:10:244::/56", "fd00:10:244:1::5", true],
    ["fd00:10:244:1::/64", "fd00:10:244:2::7", false],
    ["10.0.0.0/8", "fd00::1", false],
    ["::/0", "10.0.0.1", false],
    ["0.0.0.0/0", "fd00::1", false],
    ["fd00:10:96::1", "fd00:10:96::1", true],
  ] as const)("%s contains %s: %s (a rule of one family never matches the other)", (cidr, ip, expected) => {
    expect(inCidr(cidr, ip)).toBe(expected);
  });
});

describe("an IPv6 connection to a dual-stack Service (iptables, flannel VXLAN)", () => {
  const paths = tracePaths(dual(), { seed: 1 });

  it("kube-proxy's ip6tables rules choose among the pods' IPv6 endpoints", () => {
    expect(paths.map((t) => t.connection?.backend).sort()).toEqual([
      "[fd00:10:244:1::5]:8443",
      "[fd00:10:244:2::7]:8443",
    ]);
    for (const t of paths) {
      expect(t.connection?.dst).toBe("[fd00:10:96::1]:443");
      expect(t.connection?.outcome).toBe("established");
      expect(t.connection?.snat).toBe(false);
      expect(t.connection?.seenSource).toMatch(/^\[fd00:10:244:1::10\]:\d+$/);
      expect(t.proxy?.candidates).toEqual([
        { endpoint: "[fd00:10:244:1::5]:8443", probability: 0.5 },
        { endpoint: "[fd00:10:244:2::7]:8443", probability: 0.5 },
      ]);
      expect(t.proxy?.chains.slice(0, 2)).toEqual(["KUBE-SERVICES", "KUBE-SVC-5ZJGYN7BN7Z5DHZA"]);
    }
    expect(byBackend(paths, "[fd00:10:244:1::5]:8443")?.proxy?.chains[2]).toBe("KUBE-SEP-B2ATTQKT4CWV3QPQ");
  });

  it("same node: cni0's IPv6 route; other node: flannel-v6.1 to the node's IPv6 pod CIDR", () => {
    const same = byBackend(paths, "[fd00:10:244:1::5]:8443")!;
    expect(hop(same, "net.route")?.detail.route).toBe("fd00:10:244:1::/64 dev cni0");
    expect(hop(same, "net.route")?.summary).toContain("cni0 bridge (fd00:10:244:1::1)");
    const other = byBackend(paths, "[fd00:10:244:2::7]:8443")!;
    expect(hop(other, "net.route")?.detail.route).toBe(
      "fd00:10:244:2::/64 via fd00:10:244:2:: dev flannel-v6.1 onlink",
    );
    expect(hop(other, "pod.receive")?.summary).toContain("the client pod app/foo's own address");
  });

  it("conntrack on the client's node rewrites the reply's source back to the IPv6 ClusterIP", () => {
    for (const t of paths) {
      const reverse = hop(t, "conntrack.reverse");
      expect(reverse?.at).toBe("node node-1");
      expect(reverse?.packet?.src).toBe("[fd00:10:96::1]:443");
      expect(hop(t, "app.response")?.packet?.src).toBe("[fd00:10:96::1]:443");
    }
  });

  it("hairpin: the client is its own endpoint, so the source is masqueraded to cni0's IPv6 address", () => {
    const hairpin = byBackend(tracePaths(dual(true), { seed: 1 }), "[fd00:10:244:1::10]:8443")!;
    expect(hairpin.connection?.snat).toBe(true);
    expect(hairpin.connection?.seenSource).toMatch(/^\[fd00:10:244:1::1\]:\d+$/);
    expect(hop(hairpin, "proxy.masquerade")?.summary).toContain("the address of cni0 on node-1");
  });

  it("the same scenario's IPv4 connection (a musl client) is the single-stack one", () => {
    const v4 = traceScenario(
      (() => {
        const r = validateScenario(
          dualStackInput((i) => {
            i.services[0]!.ipFamilyPolicy = "PreferDualStack";
            i.pods[0]!.resolver = "musl";
          }, true),
        );
        if (!r.ok) throw new Error("invalid");
        return r.value;
      })(),
      { seed: 1 },
    );
    expect(v4.connection?.dst).toBe("10.96.12.34:443");
    expect(v4.proxy?.candidates.map((c) => c.endpoint)).toEqual(["10.244.1.5:8443", "10.244.2.7:8443"]);
  });
});

describe("an IPv6 connection in nftables mode (table ip6 kube-proxy)", () => {
  const paths = tracePaths(dual(false, "nftables"), { seed: 1 });

  it("the ip6 table's service-ips map and numgen draw pick among the pods' IPv6 endpoints", () => {
    expect(paths.map((t) => t.connection?.backend).sort()).toEqual([
      "[fd00:10:244:1::5]:8443",
      "[fd00:10:244:2::7]:8443",
    ]);
    for (const t of paths) {
      expect(t.proxy?.mode).toBe("nftables");
      expect(t.proxy?.chains.slice(0, 2)).toEqual(["services", "service-46FROBLT-app/bar/tcp/https"]);
      expect(t.connection?.outcome).toBe("established");
      expect(JSON.stringify(hop(t, "proxy.service")?.detail)).toContain(
        "ip6 daddr . meta l4proto . th dport vmap @service-ips",
      );
    }
    const chains = byBackend(paths, "[fd00:10:244:1::5]:8443")?.proxy?.chains ?? [];
    expect(chains).toContain("endpoint-GUSSLO4K-app/bar/tcp/https__fd00.10.244.1..5/8443");
  });

  it("hairpin masquerades to cni0's IPv6 address", () => {
    const hairpin = byBackend(tracePaths(dual(true, "nftables"), { seed: 1 }), "[fd00:10:244:1::10]:8443")!;
    expect(hairpin.connection?.seenSource).toMatch(/^\[fd00:10:244:1::1\]:\d+$/);
  });
});
