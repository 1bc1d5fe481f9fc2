// Traffic from outside and from nodes (lib/sim/README.md, "Traffic from outside"): every hop computed at the node
// where the packet is, with the packet as it is there. Rule texts are upstream's (pkg/proxy/iptables
// proxier_test.go TestOverallIPTablesRules, services ns2/svc2 and ns5/svc5).
import { describe, expect, it } from "vitest";
import {
  iptablesRestore,
  SEED_SCENARIO,
  tracePaths,
  traceScenario,
  validateScenario,
  type ScenarioInput,
  type Trace,
} from "../../../lib/sim";
import { seedVariant } from "./seed-variants";

const NODE_1 = "192.168.0.11";
const NODE_2 = "192.168.0.12";
const kinds = (trace: Trace) => trace.hops.map((h) => h.kind);
const hopsOf = (trace: Trace, kind: string) => trace.hops.filter((h) => h.kind === kind);

/** bar as a NodePort/LoadBalancer Service; bar-1 on node-1, bar-2 on node-2 unless `only` says one node. */
function exposed(
  change: (bar: ScenarioInput["services"][number], input: ScenarioInput) => void,
  request: ScenarioInput["request"],
) {
  return seedVariant((s) => {
    const bar = s.services[0];
    if (bar === undefined) throw new Error("seed has bar");
    bar.ports = [{ name: "https", port: 443, targetPort: 8443, protocol: "TCP", nodePort: 30443 }];
    change(bar, s);
    s.request = request;
  });
}

/** the first seed whose trace satisfies `ok` (the load balancer's and kube-proxy's draws vary with it) */
function traceWhere(scenario: ReturnType<typeof exposed>, ok: (t: Trace) => boolean): Trace {
  for (let seed = 1; seed < 200; seed++) {
    const trace = traceScenario(scenario, { seed });
    if (ok(trace)) return trace;
  }
  throw new Error("no seed gives the wanted path");
}

describe("regression: routing is worked out at the node where the packet is", () => {
  const scenario = exposed(
    (bar) => {
      bar.type = "NodePort";
    },
    { from: "app/foo", url: `https://${NODE_2}:30443/` },
  );

  it("a NodePort on node-2's address from a pod on node-1: node-1 passes it, node-2 DNATs it", () => {
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.connection?.nodes).toEqual(["node-1", "node-2"]);
    const pass = hopsOf(trace, "proxy.pass")[0];
    expect(pass?.at).toBe("node node-1");
    expect(pass?.summary).toContain("--dst-type LOCAL");
    expect(hopsOf(trace, "proxy.dnat")[0]?.at).toBe("node node-2");
    expect(hopsOf(trace, "proxy.service")[0]?.detail["chain"]).toBe("KUBE-NODEPORTS");
    // the pod's source leaves node-1 masqueraded by the CNI (the destination is outside the cluster CIDR)
    expect(hopsOf(trace, "net.masquerade")[0]?.packet?.src.startsWith(`${NODE_1}:`)).toBe(true);
  });

  it("node-2 delivers to its own pod over its bridge, or sends VXLAN from its own address to node-1", () => {
    const local = traceWhere(scenario, (t) => t.connection?.backendNode === "node-2");
    const route = hopsOf(local, "net.route").at(-1);
    expect(route?.at).toBe("node node-2");
    expect(route?.detail).toMatchObject({ sameNode: true, device: "cni0" });
    const remote = traceWhere(scenario, (t) => t.connection?.backendNode === "node-1");
    const vxlan = hopsOf(remote, "net.route").at(-1);
    expect(vxlan?.at).toBe("node node-2");
    expect(vxlan?.detail["encapsulation"]).toMatchObject({ outer: { src: NODE_2, dst: `${NODE_1}:8472` } });
  });

  it("the reply is un-DNATed on node-2, then node-1 undoes the CNI masquerade", () => {
    const trace = traceWhere(scenario, (t) => t.connection?.backendNode === "node-1");
    const reverse = hopsOf(trace, "conntrack.reverse");
    expect(reverse.map((h) => h.at)).toEqual(["node node-2", "node node-1"]);
    expect(reverse[0]?.packet?.src).toBe(`${NODE_2}:30443`);
    expect(reverse[1]?.packet?.dst.startsWith("10.244.1.10:")).toBe(true);
    expect(kinds(trace).slice(-1)).toEqual(["app.response"]);
  });
});

describe("regression: a hostNetwork endpoint is a node address, not behind the overlay", () => {
  const scenario = seedVariant((s) => {
    s.pods = s.pods.filter((p) => p.name !== "bar-1" && p.name !== "bar-2");
    s.pods.push({
      namespace: "app",
      name: "bar-host",
      node: "node-2",
      ip: NODE_2,
      hostNetwork: true,
      labels: { app: "bar" },
    });
  });

  it("DNAT to node-2's IP: over the node network unencapsulated, no veth, received in node-2's own namespace", () => {
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.connection?.backend).toBe(`${NODE_2}:8443`);
    expect(trace.connection?.backendPod).toBe("app/bar-host");
    const routes = hopsOf(trace, "net.route");
    expect(routes[0]?.detail).toMatchObject({ nodeNetwork: true, encapsulation: null });
    expect(routes[1]?.detail).toMatchObject({ local: true });
    expect(routes.map((r) => r.summary).join(" ")).not.toMatch(/VXLAN|flannel\.1|veth to/);
    expect(hopsOf(trace, "pod.receive")[0]?.detail["hostNetwork"]).toBe(true);
    // the pod's source is masqueraded to node-1's address on the way (it leaves the cluster CIDR)
    expect(trace.connection?.seenSource?.startsWith(`${NODE_1}:`)).toBe(true);
  });
});

describe("clients on nodes", () => {
  it("node/node-1 → ClusterIP: nat OUTPUT, masqueraded (the node's address is outside the cluster CIDR)", () => {
    const scenario = seedVariant((s) => {
      s.request = { from: "node/node-1", url: "https://bar.app.svc.cluster.local/" };
    });
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.resolvConf.nameservers).toEqual(["169.254.169.253"]);
    expect(trace.dns.queries[0]?.name).toBe("bar.app.svc.cluster.local.");
    // the node's resolver is not cluster DNS: the cluster name does not resolve upstream
    expect(trace.dns.result.error).toBe("EAI_NONAME");
  });

  it("node/node-1 → ClusterIP by address: nat OUTPUT and the KUBE-SVC masquerade rule for off-cluster sources", () => {
    const trace = traceScenario(
      seedVariant((s) => {
        s.request = { from: "node/node-1", url: "https://10.96.12.34/" };
      }),
      { seed: 1 },
    );
    expect(hopsOf(trace, "proxy.service")[0]?.detail["hook"]).toBe("OUTPUT");
    expect(trace.connection?.snat).toBe(true);
    expect(trace.connection?.outcome).toBe("established");
  });
});

describe("clients outside the cluster: NodePort and externalTrafficPolicy", () => {
  const nodePort = (policy: "Cluster" | "Local", node: string) =>
    exposed(
      (bar, s) => {
        bar.type = "NodePort";
        bar.externalTrafficPolicy = policy;
        s.pods = s.pods.filter((p) => p.name !== "bar-1"); // bar-2 on node-2 only
      },
      { from: "external/203.0.113.50", url: `https://${node}:30443/` },
    );

  it("Local, node without a local endpoint: KUBE-EXTERNAL-SERVICES drops it, the connect times out", () => {
    const trace = traceScenario(nodePort("Local", NODE_1), { seed: 1 });
    expect(trace.connection?.outcome).toBe("timeout");
    const drop = hopsOf(trace, "proxy.drop")[0];
    expect(drop?.detail["rule"]).toBe(
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "app/bar:https has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30443 -j DROP',
    );
  });

  it("Local, node with the endpoint: the pod sees the client's own address", () => {
    const trace = traceScenario(nodePort("Local", NODE_2), { seed: 1 });
    expect(trace.connection?.outcome).toBe("established");
    expect(trace.connection?.seenSource?.startsWith("203.0.113.50:")).toBe(true);
    expect(trace.connection?.snat).toBe(false);
    expect(trace.proxy?.chains.some((c) => c.startsWith("KUBE-SVL-"))).toBe(true);
  });

  it("Local, node with the endpoint: the reply comes up from the pod into node-2's stack, not down a veth to the client", () => {
    const trace = traceScenario(nodePort("Local", NODE_2), { seed: 1 });
    const [up, out] = hopsOf(trace, "net.route-back");
    expect(up?.at).toBe("node node-2");
    expect(up?.detail["towards"]).toBe("203.0.113.50");
    expect(up?.summary).toContain("into node-2's own network stack");
    expect(up?.summary).not.toContain("veth to 203.0.113.50");
    expect(out?.detail["outside"]).toBe(true);
    // between them conntrack on node-2 restores the node port as the reply's source
    expect(hopsOf(trace, "conntrack.reverse")[0]?.packet?.src).toBe(`${NODE_2}:30443`);
  });

  it("Cluster: KUBE-EXT marks for masquerade and node-1 forwards to node-2 with its flannel.1 address as source", () => {
    const trace = traceScenario(nodePort("Cluster", NODE_1), { seed: 1 });
    expect(trace.connection?.backendNode).toBe("node-2");
    expect(trace.connection?.seenSource?.startsWith("10.244.1.0:")).toBe(true);
    expect(trace.proxy?.chains.slice(0, 3)).toEqual([
      "KUBE-SERVICES",
      "KUBE-NODEPORTS",
      expect.stringMatching(/^KUBE-EXT-/) as string,
    ]);
  });
});

describe("LoadBalancer: ingress status, the load balancer's choice of node, source ranges", () => {
  const lb = (policy: "Cluster" | "Local", extra: (bar: ScenarioInput["services"][number]) => void = () => {}) =>
    exposed(
      (bar, s) => {
        bar.type = "LoadBalancer";
        bar.externalTrafficPolicy = policy;
        bar.status = { loadBalancer: { ingress: [{ ip: "198.51.100.10" }] } };
        s.pods = s.pods.filter((p) => p.name !== "bar-1");
        extra(bar);
      },
      { from: "external/203.0.113.50", url: "https://198.51.100.10/" },
    );

  it("Local: the load balancer only picks nodes whose health check node port answers 200", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const trace = traceScenario(lb("Local"), { seed });
      const select = hopsOf(trace, "lb.select")[0];
      expect(select?.detail["chosen"]).toBe("node-2");
      expect(trace.connection?.seenSource?.startsWith("203.0.113.50:")).toBe(true);
      expect(hopsOf(trace, "proxy.service")[0]?.detail["rule"]).toContain('"app/bar:https loadbalancer IP"');
    }
  });

  it("Cluster: every node is healthy; the pod sees a node's address (masqueraded), not the client's", () => {
    const trace = traceWhere(lb("Cluster"), (t) => hopsOf(t, "lb.select")[0]?.detail["chosen"] === "node-1");
    expect(trace.connection?.seenSource?.startsWith("203.0.113.50:")).toBe(false);
    expect(trace.connection?.snat).toBe(true);
  });

  it("loadBalancerSourceRanges: a client outside the ranges falls off KUBE-FW and KUBE-PROXY-FIREWALL drops it", () => {
    const scenario = lb("Cluster", (bar) => {
      bar.loadBalancerSourceRanges = ["192.0.2.0/24"];
    });
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.connection?.outcome).toBe("timeout");
    expect(hopsOf(trace, "proxy.drop")[0]?.detail["rule"]).toMatch(
      /^-A KUBE-PROXY-FIREWALL -m comment --comment "app\/bar:https traffic not accepted by KUBE-FW-[A-Z2-7]{16}" -m tcp -p tcp -d 198\.51\.100\.10 --dport 443 -j DROP$/,
    );
    const allowed = lb("Cluster", (bar) => {
      bar.loadBalancerSourceRanges = ["203.0.113.0/24"];
    });
    const ok = traceScenario(allowed, { seed: 1 });
    expect(ok.connection?.outcome).toBe("established");
    expect(ok.proxy?.chains.some((c) => c.startsWith("KUBE-FW-"))).toBe(true);
  });

  it("the health check node port answers 200 where there is a local endpoint and 503 elsewhere", () => {
    const base = lb("Local");
    const port = base.services.find((s) => s.name === "bar")?.healthCheckNodePort;
    expect(port).toBe(30000); // the API server's allocation: the first free node port
    const probe = (node: string) =>
      traceScenario(
        seedVariant((s) => {
          Object.assign(s, structuredClone(base));
          s.request = { from: "external/203.0.113.50", url: `http://${node}:${port}/healthz` };
        }),
        { seed: 1 },
      );
    expect(hopsOf(probe(NODE_2), "proxy.health-check")[0]?.detail).toMatchObject({
      status: "200 OK",
      localEndpoints: 1,
    });
    expect(hopsOf(probe(NODE_1), "proxy.health-check")[0]?.detail).toMatchObject({ status: "503 Service Unavailable" });
  });

  it("ipMode Proxy: kube-proxy writes no loadbalancer IP rule; the load balancer connects to nodeIP:nodePort itself", () => {
    const scenario = lb("Local", (bar) => {
      bar.status = { loadBalancer: { ingress: [{ ip: "198.51.100.10", ipMode: "Proxy" }] } };
    });
    expect(iptablesRestore(scenario, "node-2")).not.toContain("loadbalancer IP");
    const trace = traceScenario(scenario, { seed: 1 });
    expect(hopsOf(trace, "lb.select")[0]?.packet?.dst).toBe(`${NODE_2}:30443`);
    expect(trace.connection?.seenSource?.startsWith("198.51.100.10:")).toBe(true);
    expect(hopsOf(trace, "conntrack.reverse").at(-1)?.at).toBe("loadbalancer 198.51.100.10");
  });

  it("a pod calling the load balancer IP is captured on its own node (short-circuit), never leaving the cluster", () => {
    const scenario = lb("Local");
    const trace = traceScenario(
      seedVariant((s) => {
        Object.assign(s, structuredClone(scenario));
        s.request = { from: "app/foo", url: "https://198.51.100.10/" };
      }),
      { seed: 1 },
    );
    expect(hopsOf(trace, "lb.select")).toEqual([]);
    expect(hopsOf(trace, "proxy.dnat")[0]?.at).toBe("node node-1");
    // pod traffic to an external destination of a Local Service goes to KUBE-SVC (all endpoints)
    expect(trace.proxy?.chains.some((c) => c.startsWith("KUBE-SVC-"))).toBe(true);
  });
});

describe("externalIPs", () => {
  it('an outside client to an external IP: KUBE-SERVICES "external IP" → KUBE-EXT on the node the network routes it to', () => {
    const scenario = seedVariant((s) => {
      const bar = s.services[0];
      if (bar === undefined) throw new Error("seed has bar");
      bar.externalIPs = ["198.51.100.20"];
      s.request = { from: "external/203.0.113.50", url: "https://198.51.100.20/" };
    });
    const trace = traceScenario(scenario, { seed: 1 });
    expect(trace.connection?.outcome).toBe("established");
    expect(hopsOf(trace, "proxy.service")[0]?.detail["rule"]).toMatch(
      /^-A KUBE-SERVICES -m comment --comment "app\/bar:https external IP" -m tcp -p tcp -d 198\.51\.100\.20 --dport 443 -j KUBE-EXT-/,
    );
  });
});

describe("TestOverallIPTablesRules vectors (pkg/proxy/iptables/proxier_test.go)", () => {
  // upstream's cluster: localDetector 10.0.0.0/8; the node ports are moved into the default range
  const upstream = seedVariant((s) => {
    s.clusterCIDR = "10.0.0.0/8";
    s.serviceCIDR = "172.30.0.0/16";
    s.dns = { ...s.dns, clusterDNS: "172.30.0.10" };
    s.nodes = [
      { name: "node-1", ip: "192.168.0.2", podCIDR: "10.0.1.0/24" },
      { name: "node-2", ip: "192.168.0.3", podCIDR: "10.180.0.0/24" },
    ];
    s.pods = [
      { namespace: "app", name: "client", node: "node-1", ip: "10.0.1.10" },
      { namespace: "ns2", name: "ep2", node: "node-2", ip: "10.180.0.2", labels: { app: "svc2" } },
      { namespace: "ns5", name: "ep5", node: "node-2", ip: "10.180.0.3", labels: { app: "svc5" } },
    ];
    s.services = [
      {
        namespace: "ns2",
        name: "svc2",
        type: "LoadBalancer",
        clusterIP: "172.30.0.42",
        selector: { app: "svc2" },
        ports: [{ name: "p80", port: 80, protocol: "TCP", nodePort: 30001 }],
        externalIPs: ["192.168.99.22"],
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 30000,
        status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } },
      },
      {
        namespace: "ns5",
        name: "svc5",
        type: "LoadBalancer",
        clusterIP: "172.30.0.45",
        selector: { app: "svc5" },
        ports: [{ name: "p80", port: 80, protocol: "TCP", nodePort: 30002 }],
        loadBalancerSourceRanges: ["203.0.113.0/25"],
        status: { loadBalancer: { ingress: [{ ip: "5.6.7.8" }] } },
      },
    ];
    s.request = { from: "app/client", url: "http://172.30.0.42/" };
  });
  const lines = iptablesRestore(upstream, "node-1").split("\n");

  it.each([
    '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j DROP',
    '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP',
    '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30001 -j DROP',
    '-A KUBE-NODEPORTS -m comment --comment "ns2/svc2:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT',
    '-A KUBE-PROXY-FIREWALL -m comment --comment "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP',
    "-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 30001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT",
    '-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
    '-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
    '-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
    '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
    '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
    '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
    '-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C',
    "-A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp --dport 30002 -j KUBE-EXT-NUKIZ6OKUXPJNT4C",
    '-A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment "masquerade traffic for ns5/svc5:p80 external destinations" -j KUBE-MARK-MASQ',
    "-A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C",
    '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
    '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"',
  ])("%s", (rule) => {
    expect(lines).toContain(rule);
  });

  it("no local endpoint of svc2 on this node: no final KUBE-EXT → KUBE-SVL jump", () => {
    expect(lines.filter((l) => l.startsWith("-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j "))).toEqual([]);
  });
});

describe("the load balancer in IPVS and nftables mode", () => {
  const lb = (mode: "ipvs" | "nftables", ranges: string[], policy: "Cluster" | "Local" = "Cluster") =>
    seedVariant((s) => {
      s.kubeProxy = { mode };
      const bar = s.services[0];
      if (bar === undefined) throw new Error("seed has bar");
      bar.type = "LoadBalancer";
      bar.externalTrafficPolicy = policy;
      bar.loadBalancerSourceRanges = ranges;
      bar.status = { loadBalancer: { ingress: [{ ip: "198.51.100.10" }] } };
      s.request = { from: "external/203.0.113.50", url: "https://198.51.100.10/" };
    });

  it.each(["ipvs", "nftables"] as const)(
    "%s: the load balancer VIP is a virtual server / service-ips element",
    (mode) => {
      const trace = traceScenario(lb(mode, []), { seed: 1 });
      expect(trace.connection?.outcome).toBe("established");
      expect(trace.proxy?.mode).toBe(mode);
      expect(trace.connection?.snat).toBe(true); // externalTrafficPolicy Cluster
    },
  );

  it.each(["ipvs", "nftables"] as const)(
    "%s, externalTrafficPolicy Local: no masquerade, the pod sees the client's own address (regression: ipvs masqueraded it)",
    (mode) => {
      let established = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const trace = traceScenario(lb(mode, [], "Local"), { seed });
        if (trace.connection?.outcome !== "established") continue;
        established++;
        expect(trace.connection.snat).toBe(false);
        expect(trace.connection.seenSource?.startsWith("203.0.113.50:")).toBe(true);
        expect(hopsOf(trace, "proxy.masquerade")).toEqual([]);
      }
      expect(established).toBeGreaterThan(0);
    },
  );

  it("ipvs: a source outside loadBalancerSourceRanges is dropped by KUBE-SOURCE-RANGES-FIREWALL", () => {
    const trace = traceScenario(lb("ipvs", ["192.0.2.0/24"]), { seed: 1 });
    expect(trace.connection?.outcome).toBe("timeout");
    expect(hopsOf(trace, "proxy.drop")[0]?.detail["chain"]).toBe("KUBE-SOURCE-RANGES-FIREWALL");
  });

  it("nftables: a source outside loadBalancerSourceRanges is dropped by the firewall chain", () => {
    const trace = traceScenario(lb("nftables", ["192.0.2.0/24"]), { seed: 1 });
    expect(trace.connection?.outcome).toBe("timeout");
    expect(hopsOf(trace, "proxy.drop")[0]?.detail["rule"]).toBe("ip saddr != { 192.0.2.0/24 } drop");
  });
});

describe("every valid path from outside through a cloud load balancer (tracePaths)", () => {
  const lb = (policy: "Cluster" | "Local", readyBar2 = true) =>
    validateScenario({
      ...structuredClone(SEED_SCENARIO),
      pods: SEED_SCENARIO.pods.map((p) => (p.name === "bar-2" ? { ...p, ready: readyBar2 } : p)),
      services: SEED_SCENARIO.services.map((s) => ({
        ...s,
        type: "LoadBalancer" as const,
        ports: [{ name: "https", port: 443, targetPort: 8443, protocol: "TCP" as const, nodePort: 30443 }],
        externalTrafficPolicy: policy,
        status: { loadBalancer: { ingress: [{ ip: "198.51.100.20" }] } },
      })),
      request: { from: "external/203.0.113.50", url: "https://198.51.100.20/" },
    });
  const paths = (policy: "Cluster" | "Local", readyBar2 = true) => {
    const v = lb(policy, readyBar2);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    return tracePaths(v.value, { seed: 1 }).map((t) => `${t.connection?.nodes[0]} → ${t.connection?.backend}`);
  };

  it("Cluster: each node the load balancer may pick, with each endpoint its rules may choose (the seeded one first)", () => {
    expect(paths("Cluster")).toEqual([
      "node-1 → 10.244.1.5:8443",
      "node-1 → 10.244.2.7:8443",
      "node-2 → 10.244.1.5:8443",
      "node-2 → 10.244.2.7:8443",
    ]);
  });

  it("Local: each healthy node with its own endpoint only; a node failing the health check is no path", () => {
    expect(paths("Local")).toEqual(["node-1 → 10.244.1.5:8443", "node-2 → 10.244.2.7:8443"]);
    expect(paths("Local", false)).toEqual(["node-1 → 10.244.1.5:8443"]);
  });
});
