// Packet-flow tests in the manner of kube-proxy's own (proxier_test.go runPacketFlowTests): a packet from a
// source to a destination, and the outcome the generated rules give it. Expectations come from kube-proxy's documented rules (lib/sim/README.md "kube-proxy").
import { describe, expect, it } from "vitest";
import { iptablesRestore, masqueradeAddress, proxyConnection, type ProxyDecision } from "../../../lib/sim/kube-proxy";
import { seededRandom } from "../../../lib/sim/random";
import { NODE_1, NODE_2, fromHost, fromPod, oneService, seedLike } from "./kube-proxy-fixtures";

const seed = seedLike();
const foo = (dstIP: string, dstPort: number, protocol: "tcp" | "udp" = "tcp") =>
  fromPod("10.244.1.10", "node-1", dstIP, dstPort, protocol);

function firstSeedWhere(run: (seed: number) => ProxyDecision, want: (d: ProxyDecision) => boolean): ProxyDecision {
  for (let s = 0; s < 200; s++) {
    const decision = run(s);
    if (want(decision)) return decision;
  }
  throw new Error("no seed gives the wanted outcome");
}

describe("pod → ClusterIP with endpoints (the seed question)", () => {
  const decision = proxyConnection(seed, foo("10.96.12.34", 443), seededRandom(7));

  it("matches the Service, walks KUBE-SERVICES → KUBE-SVC → KUBE-SEP and DNATs to an endpoint", () => {
    expect(decision.mode).toBe("iptables");
    expect(decision.verdict).toBe("dnat");
    expect(decision.service).toEqual({ namespace: "app", name: "bar", portName: "https" });
    expect(decision.hook).toBe("PREROUTING");
    expect(decision.chains.slice(0, 2)).toEqual(["KUBE-SERVICES", "KUBE-SVC-5ZJGYN7BN7Z5DHZA"]);
    expect(decision.chains[2]).toMatch(/^KUBE-SEP-[A-Z2-7]{16}$/);
    expect(decision.chains).toHaveLength(3);
    expect(["10.244.1.5:8443", "10.244.2.7:8443"]).toContain(decision.dnatTo);
  });

  it("gives each endpoint 1/2", () => {
    expect(decision.candidates).toEqual([
      { endpoint: "10.244.1.5:8443", probability: 0.5 },
      { endpoint: "10.244.2.7:8443", probability: 0.5 },
    ]);
  });

  it("does not NAT the source of pod traffic", () => {
    expect(decision.masquerade).toBe(false);
    expect(decision.packetAfterNat).toEqual({ src: "10.244.1.10:40000", dst: decision.dnatTo, protocol: "tcp" });
    expect(decision.packetBeforeNat).toEqual({ src: "10.244.1.10:40000", dst: "10.96.12.34:443", protocol: "tcp" });
  });

  it("reports service, endpoint and dnat hops with the rule text that did it", () => {
    expect(decision.hops.map((h) => h.kind)).toEqual(["proxy.service", "proxy.endpoint", "proxy.dnat"]);
    const [service, endpoint, dnat] = decision.hops;
    expect(service?.detail["rule"]).toBe(
      '-A KUBE-SERVICES -m comment --comment "app/bar:https cluster IP" -m tcp -p tcp -d 10.96.12.34 --dport 443 -j KUBE-SVC-5ZJGYN7BN7Z5DHZA',
    );
    expect(endpoint?.summary).toBe(
      `kube-proxy's rule KUBE-SVC-5ZJGYN7BN7Z5DHZA picked ${decision.dnatTo} (probability 0.5).`,
    );
    expect(dnat?.packet?.dst).toBe(decision.dnatTo);
    expect(String(dnat?.detail["rule"])).toContain(`-j DNAT --to-destination ${decision.dnatTo}`);
    for (const hop of decision.hops) expect(hop.at).toBe("node node-1");
  });

  it("reaches both endpoints depending on the seed, and the same seed always gives the same one", () => {
    const picks = new Set(
      Array.from({ length: 40 }, (_, s) => proxyConnection(seed, foo("10.96.12.34", 443), seededRandom(s)).dnatTo),
    );
    expect(picks).toEqual(new Set(["10.244.1.5:8443", "10.244.2.7:8443"]));
    expect(proxyConnection(seed, foo("10.96.12.34", 443), seededRandom(7))).toEqual(decision);
  });

  it("spreads three endpoints about evenly (1/3 each, as the 0.3333333333/0.5000000000 rules give)", () => {
    const scenario = oneService(
      {},
      ["10.244.1.3", "10.244.1.4", "10.244.2.5"].map((ip, i) => ({
        namespace: "app",
        name: `svc-${i}`,
        node: i < 2 ? "node-1" : "node-2",
        ip,
        labels: { app: "svc" },
      })),
    );
    const counts = new Map<string, number>();
    const rng = seededRandom(99);
    const runs = 3000;
    for (let i = 0; i < runs; i++) {
      const to = proxyConnection(scenario, fromPod("10.244.1.100", "node-1", "10.96.0.50", 80), rng).dnatTo ?? "";
      counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    expect(counts.size).toBe(3);
    for (const count of counts.values()) {
      expect(count / runs).toBeGreaterThan(0.29);
      expect(count / runs).toBeLessThan(0.38);
    }
  });
});

describe("DNS to the kube-dns ClusterIP", () => {
  it("takes KUBE-SVC-TCOU7JCQXEZGVUNU for UDP 53 and DNATs to a CoreDNS pod", () => {
    const d = proxyConnection(seed, foo("10.96.0.10", 53, "udp"), seededRandom(3));
    expect(d.chains[1]).toBe("KUBE-SVC-TCOU7JCQXEZGVUNU");
    expect(["10.244.1.2:53", "10.244.2.2:53"]).toContain(d.dnatTo);
    expect(d.packetAfterNat.protocol).toBe("udp");
  });
});

describe("no usable endpoints", () => {
  it("REJECTs in the filter table: connection refused at once", () => {
    const d = proxyConnection(oneService({}, []), fromPod("10.244.1.100", "node-1", "10.96.0.50", 80), seededRandom(1));
    expect(d.verdict).toBe("reject");
    expect(d.service).toEqual({ namespace: "app", name: "svc", portName: "http" });
    expect(d.hops.map((h) => h.kind)).toEqual(["proxy.reject"]);
    expect(d.hops[0]?.detail["rule"]).toBe(
      '-A KUBE-SERVICES -m comment --comment "app/svc:http has no endpoints" -m tcp -p tcp -d 10.96.0.50 --dport 80 -j REJECT',
    );
    expect(d.hops[0]?.summary).toContain("ECONNREFUSED");
    expect(d.endpoint).toBeNull();
    expect(d.dnatTo).toBeNull();
  });

  it("DROPs for internalTrafficPolicy Local without an endpoint on the client's node: the connect times out", () => {
    const scenario = oneService({ internalTrafficPolicy: "Local" }, [
      { namespace: "app", name: "remote", node: "node-2", ip: "10.244.2.3", labels: { app: "svc" } },
    ]);
    const d = proxyConnection(scenario, fromPod("10.244.1.100", "node-1", "10.96.0.50", 80), seededRandom(1));
    expect(d.verdict).toBe("drop");
    expect(d.hops.map((h) => h.kind)).toEqual(["proxy.drop"]);
    expect(String(d.hops[0]?.detail["rule"])).toContain('"app/svc:http has no local endpoints"');
  });

  it("uses the local endpoint only for internalTrafficPolicy Local (KUBE-SVL)", () => {
    const scenario = oneService({ internalTrafficPolicy: "Local" }, [
      { namespace: "app", name: "near", node: "node-1", ip: "10.244.1.3", labels: { app: "svc" } },
      { namespace: "app", name: "far", node: "node-2", ip: "10.244.2.3", labels: { app: "svc" } },
    ]);
    for (let s = 0; s < 10; s++) {
      const d = proxyConnection(scenario, fromPod("10.244.1.100", "node-1", "10.96.0.50", 80), seededRandom(s));
      expect(d.dnatTo).toBe("10.244.1.3:8080");
      expect(d.chains[1]).toMatch(/^KUBE-SVL-/);
      expect(d.candidates).toEqual([{ endpoint: "10.244.1.3:8080", probability: 1 }]);
    }
  });
});

describe("locally generated traffic (hostNetwork client)", () => {
  it("enters through nat OUTPUT, is marked by ! -s clusterCIDR and masqueraded", () => {
    const d = proxyConnection(seed, fromHost(NODE_1, "10.96.12.34", 443), seededRandom(5));
    expect(d.hook).toBe("OUTPUT");
    expect(d.verdict).toBe("dnat");
    expect(d.masquerade).toBe(true);
    expect(d.chains).toContain("KUBE-MARK-MASQ");
    expect(d.hops.map((h) => h.kind)).toEqual(["proxy.service", "proxy.endpoint", "proxy.dnat", "proxy.masquerade"]);
    const snat = masqueradeAddress(seed, "node-1", d.endpoint?.node ?? null);
    expect(d.packetAfterNat.src).toBe(`${snat}:40000`);
    expect(d.hops[0]?.summary).toContain("nat OUTPUT");
  });

  it("masquerades to the outgoing interface: flannel.1 (pod CIDR network address) across nodes, cni0 on the same node", () => {
    expect(masqueradeAddress(seed, "node-1", "node-2")).toBe("10.244.1.0");
    expect(masqueradeAddress(seed, "node-1", "node-1")).toBe("10.244.1.1");
    expect(masqueradeAddress(seedLike({ cni: { mode: "host-gw" } }), "node-1", "node-2")).toBe(NODE_1.ip);
  });
});

describe("hairpin", () => {
  it("masquerades a pod that reaches itself through its Service (KUBE-SEP -s podIP -j KUBE-MARK-MASQ)", () => {
    const d = firstSeedWhere(
      (s) => proxyConnection(seed, fromPod("10.244.1.5", "node-1", "10.96.12.34", 443), seededRandom(s)),
      (x) => x.dnatTo === "10.244.1.5:8443",
    );
    expect(d.masquerade).toBe(true);
    expect(d.packetAfterNat.src).toBe("10.244.1.1:40000");
    const masq = d.hops.find((h) => h.kind === "proxy.masquerade");
    expect(masq?.summary).toContain("hairpin");
    expect(masq?.detail["markedBy"]).toEqual([
      "-A KUBE-SEP-GXCU2OJ5NOCAJG3G -m comment --comment app/bar:https -s 10.244.1.5 -j KUBE-MARK-MASQ",
    ]);
  });

  it("does not masquerade when the same pod is sent to the other endpoint", () => {
    const d = firstSeedWhere(
      (s) => proxyConnection(seed, fromPod("10.244.1.5", "node-1", "10.96.12.34", 443), seededRandom(s)),
      (x) => x.dnatTo === "10.244.2.7:8443",
    );
    expect(d.masquerade).toBe(false);
  });
});

describe("ClientIP session affinity", () => {
  it("checks the recent lists first (no entry for a new client), then picks at random and records the client", () => {
    const scenario = seedLike({
      services: [{ ...seedLike().services[0]!, sessionAffinity: "ClientIP" }],
    });
    const d = proxyConnection(scenario, foo("10.96.12.34", 443), seededRandom(2));
    expect(d.verdict).toBe("dnat");
    expect(d.candidates.map((c) => c.probability)).toEqual([0.5, 0.5]);
    expect(d.hops[1]?.summary).toContain("affinity");
    expect(String(d.hops[2]?.detail["rule"])).toMatch(
      /-m recent --name KUBE-SEP-[A-Z2-7]{16} --set -m tcp -p tcp -j DNAT/,
    );
  });
});

describe("NodePort", () => {
  const pods = [{ namespace: "app", name: "far", node: "node-2", ip: "10.244.2.3", labels: { app: "svc" } }];
  const nodePort = (policy: "Cluster" | "Local") =>
    oneService(
      {
        type: "NodePort",
        externalTrafficPolicy: policy,
        ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 30080 }],
      },
      pods,
    );
  const external = {
    // arrives at node-1 from outside the cluster
    client: { ip: "203.0.113.9", node: "node-1", pod: null, hostNetwork: false },
    srcPort: 50000,
    dstIP: NODE_1.ip,
    dstPort: 30080,
    protocol: "tcp" as const,
  };

  it("Cluster policy: KUBE-NODEPORTS → KUBE-EXT masquerades external clients", () => {
    const d = proxyConnection(nodePort("Cluster"), external, seededRandom(1));
    expect(d.node).toBe("node-1");
    expect(d.chains.slice(0, 3)).toEqual([
      "KUBE-SERVICES",
      "KUBE-NODEPORTS",
      expect.stringMatching(/^KUBE-EXT-/) as string,
    ]);
    expect(d.verdict).toBe("dnat");
    expect(d.masquerade).toBe(true);
    expect(d.dnatTo).toBe("10.244.2.3:8080");
  });

  it("Local policy: external traffic to a node without a local endpoint is dropped", () => {
    const d = proxyConnection(nodePort("Local"), external, seededRandom(1));
    expect(d.verdict).toBe("drop");
    expect(String(d.hops[0]?.detail["rule"])).toContain("-A KUBE-EXTERNAL-SERVICES");
  });

  it("Local policy: pod traffic is short-circuited to KUBE-SVC and keeps its source", () => {
    const d = proxyConnection(nodePort("Local"), fromPod("10.244.1.100", "node-1", NODE_1.ip, 30080), seededRandom(1));
    expect(d.verdict).toBe("dnat");
    expect(d.chains).toContain(d.chains.find((c) => c.startsWith("KUBE-SVC-")));
    expect(d.masquerade).toBe(false);
  });

  it("Local policy: external traffic to the node that has the endpoint keeps the client IP", () => {
    const d = proxyConnection(
      nodePort("Local"),
      { ...external, client: { ...external.client, node: "node-2" }, dstIP: NODE_2.ip },
      seededRandom(1),
    );
    expect(d.node).toBe("node-2");
    expect(d.verdict).toBe("dnat");
    expect(d.masquerade).toBe(false);
    expect(d.packetAfterNat.src).toBe("203.0.113.9:50000");
    expect(d.chains.some((c) => c.startsWith("KUBE-SVL-"))).toBe(true);
  });
});

describe("regression: a NodePort sent to another node's address is not handled by the sender's node", () => {
  it("node-1's KUBE-NODEPORTS jump needs --dst-type LOCAL, which node-2's address is not: no DNAT on node-1", () => {
    const scenario = oneService(
      { type: "NodePort", ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 30080 }] },
      [{ namespace: "app", name: "far", node: "node-2", ip: "10.244.2.3", labels: { app: "svc" } }],
    );
    const d = proxyConnection(scenario, fromPod("10.244.1.100", "node-1", NODE_2.ip, 30080), seededRandom(1));
    expect(d.node).toBe("node-1");
    expect(d.verdict).toBe("none");
    expect(d.chains).toEqual([]);
    expect(d.packetAfterNat.dst).toBe(`${NODE_2.ip}:30080`);
  });
});

describe("not a Service", () => {
  it("leaves a packet to a pod IP alone (headless Services resolve to pod IPs)", () => {
    const d = proxyConnection(seed, foo("10.244.2.7", 8443), seededRandom(1));
    expect(d.verdict).toBe("none");
    expect(d.service).toBeNull();
    expect(d.hops).toEqual([]);
    expect(d.packetAfterNat).toEqual(d.packetBeforeNat);
    expect(d.note).toBeNull();
  });

  it("in iptables mode neither rejects nor drops a wrong port of a ClusterIP: nothing matches", () => {
    const d = proxyConnection(seed, foo("10.96.12.34", 80), seededRandom(1));
    expect(d.verdict).toBe("none");
    expect(d.note).toContain("nothing answers");
  });
});

describe("rules and walk agree", () => {
  it("every chain the walk entered is declared in the node's rules, and the DNAT target is in them", () => {
    const text = iptablesRestore(seed, "node-1");
    for (let s = 0; s < 20; s++) {
      const d = proxyConnection(seed, fromHost(NODE_1, "10.96.12.34", 443), seededRandom(s));
      for (const chain of d.chains) expect(text).toContain(`:${chain} - [0:0]`);
      expect(text).toContain(`--to-destination ${d.dnatTo}`);
    }
  });
});
