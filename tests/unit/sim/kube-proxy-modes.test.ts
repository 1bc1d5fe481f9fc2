// IPVS and nftables modes (lib/sim/README.md "kube-proxy"; pkg/proxy/ipvs, pkg/proxy/nftables/proxier.go).
import { describe, expect, it } from "vitest";
import { nftEndpointChainName, nftServiceChainName, proxyConnection } from "../../../lib/sim/kube-proxy";
import { seededRandom } from "../../../lib/sim/random";
import { NODE_1, fromHost, fromPod, oneService, seedLike } from "./kube-proxy-fixtures";

const foo = (dstIP: string, dstPort: number) => fromPod("10.244.1.10", "node-1", dstIP, dstPort);
const bar = { namespace: "app", name: "bar", portName: "https" };

describe("IPVS", () => {
  const scenario = seedLike({ kubeProxy: { mode: "ipvs" } });

  it("DNATs through the virtual server on kube-ipvs0 with no per-service chains", () => {
    const d = proxyConnection(scenario, foo("10.96.12.34", 443), seededRandom(4));
    expect(d.mode).toBe("ipvs");
    expect(d.verdict).toBe("dnat");
    expect(d.chains).toEqual([]);
    expect(d.service).toEqual(bar);
    expect(["10.244.1.5:8443", "10.244.2.7:8443"]).toContain(d.dnatTo);
    expect(d.hops.map((h) => h.kind)).toEqual(["proxy.service", "proxy.endpoint", "proxy.dnat"]);
    expect(d.hops[0]?.summary).toContain("kube-ipvs0");
    expect(d.hops[0]?.detail["scheduler"]).toBe("rr");
    expect(d.hops[1]?.summary).toContain("round robin");
    expect(d.candidates).toEqual([
      { endpoint: "10.244.1.5:8443", probability: 0.5 },
      { endpoint: "10.244.2.7:8443", probability: 0.5 },
    ]);
  });

  it("refuses the connection when the virtual server has no real servers", () => {
    const d = proxyConnection(
      oneService({}, [], { kubeProxy: { mode: "ipvs" } }),
      fromPod("10.244.1.100", "node-1", "10.96.0.50", 80),
      seededRandom(1),
    );
    expect(d.verdict).toBe("reject");
    expect(d.hops.map((h) => h.kind)).toEqual(["proxy.reject"]);
  });

  it("masquerades a hostNetwork client (KUBE-CLUSTER-IP ipset) and a hairpin (KUBE-LOOP-BACK)", () => {
    expect(proxyConnection(scenario, fromHost(NODE_1, "10.96.12.34", 443), seededRandom(1)).masquerade).toBe(true);
    for (let s = 0; s < 20; s++) {
      const d = proxyConnection(scenario, fromPod("10.244.1.5", "node-1", "10.96.12.34", 443), seededRandom(s));
      expect(d.masquerade).toBe(d.dnatTo === "10.244.1.5:8443");
    }
  });
});

describe("nftables", () => {
  const scenario = seedLike({ kubeProxy: { mode: "nftables" } });

  it("dispatches through the services verdict map to service- and endpoint- chains with the real hash names", () => {
    const d = proxyConnection(scenario, foo("10.96.12.34", 443), seededRandom(4));
    expect(d.mode).toBe("nftables");
    expect(d.verdict).toBe("dnat");
    expect(d.chains[0]).toBe("services");
    expect(d.chains[1]).toBe(nftServiceChainName(bar, "tcp"));
    expect(d.chains[1]).toMatch(/^service-[A-Z2-7]{8}-app\/bar\/tcp\/https$/);
    expect(d.chains[2]).toBe(nftEndpointChainName(bar, "tcp", d.dnatTo ?? ""));
    expect(d.chains[2]).toMatch(/^endpoint-[A-Z2-7]{8}-app\/bar\/tcp\/https__10\.244\.\d\.\d\/8443$/);
    expect(d.hops[1]?.detail["rule"]).toMatch(
      /^numgen random mod 2 vmap \{ 0 : goto endpoint-.+ , 1 : goto endpoint-.+ \}$/,
    );
    expect(d.candidates.map((c) => c.probability)).toEqual([0.5, 0.5]);
  });

  it("rejects a Service without endpoints through @no-endpoint-services", () => {
    const empty = oneService({}, [], { kubeProxy: { mode: "nftables" } });
    const d = proxyConnection(empty, fromPod("10.244.1.100", "node-1", "10.96.0.50", 80), seededRandom(1));
    expect(d.verdict).toBe("reject");
    // pod traffic: nat-prerouting (services) finds nothing, then filter-forward's check rejects
    expect(d.chains).toEqual(["services", "service-endpoints-check", "reject-chain"]);
    // locally generated: filter-output runs before nat-output, so the services chain is never reached
    const local = proxyConnection(empty, fromHost(NODE_1, "10.96.0.50", 80), seededRandom(1));
    expect(local.chains).toEqual(["service-endpoints-check", "reject-chain"]);
  });

  it("rejects a wrong port of a valid ClusterIP and drops an unallocated ClusterIP (iptables mode does neither)", () => {
    const wrongPort = proxyConnection(scenario, foo("10.96.12.34", 80), seededRandom(1));
    expect(wrongPort.verdict).toBe("reject");
    expect(wrongPort.hops[0]?.detail["rule"]).toBe("ip daddr @cluster-ips reject");
    const unallocated = proxyConnection(scenario, foo("10.96.99.99", 443), seededRandom(1));
    expect(unallocated.verdict).toBe("drop");
    expect(unallocated.hops[0]?.detail["rule"]).toBe("ip daddr { 10.96.0.0/12 } drop");
    const iptables = seedLike();
    expect(proxyConnection(iptables, foo("10.96.12.34", 80), seededRandom(1)).verdict).toBe("none");
    expect(proxyConnection(iptables, foo("10.96.99.99", 443), seededRandom(1)).verdict).toBe("none");
  });

  it("draws uniformly: three endpoints about 1/3 each", () => {
    const three = oneService(
      {},
      ["10.244.1.3", "10.244.1.4", "10.244.2.5"].map((ip, i) => ({
        namespace: "app",
        name: `svc-${i}`,
        node: "node-1",
        ip,
        labels: { app: "svc" },
      })),
      { kubeProxy: { mode: "nftables" } },
    );
    const rng = seededRandom(11);
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const to = proxyConnection(three, fromPod("10.244.1.100", "node-1", "10.96.0.50", 80), rng).dnatTo ?? "";
      counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    expect([...counts.values()].every((c) => c > 870 && c < 1130)).toBe(true);
  });

  it("masquerades locally generated traffic (ip saddr != clusterCIDR jump mark-for-masquerade)", () => {
    const d = proxyConnection(scenario, fromHost(NODE_1, "10.96.12.34", 443), seededRandom(2));
    expect(d.hook).toBe("OUTPUT");
    expect(d.masquerade).toBe(true);
    expect(d.chains).toContain("mark-for-masquerade");
  });
});
