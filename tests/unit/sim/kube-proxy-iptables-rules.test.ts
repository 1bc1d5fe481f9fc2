// The rules kube-proxy writes, checked line by line against the forms documented in lib/sim/README.md "kube-proxy" and the
// expected output of upstream's TestOverallIPTablesRules (pkg/proxy/iptables/proxier_test.go). Expected lines
// are written out by hand from those sources.
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../../lib/schemas/scenario";
import { iptablesRestore, probabilityString } from "../../../lib/sim/kube-proxy";
import { oneService, seedLike, type PodInput } from "./kube-proxy-fixtures";

function section(text: string, table: "filter" | "nat"): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(`*${table}`);
  const end = lines.indexOf("COMMIT", start);
  return lines.slice(start + 1, end);
}

const kubeRules = (lines: string[]) => lines.filter((l) => l.startsWith("-A KUBE-")).sort();
const kubeChains = (lines: string[]) => lines.filter((l) => l.startsWith(":KUBE-")).sort();

describe("TestOverallIPTablesRules, as far as scenarios can express it", () => {
  // Upstream's services ns1, ns2 (NodePort, externalTrafficPolicy Local, endpoint on another node), ns3
  // (NodePort), ns5 (NodePort, ClientIP affinity) and ns6 (no endpoints); cluster CIDR 10.0.0.0/8.
  // LoadBalancer ingress IPs, external IPs and health-check node ports are not part of our scenario model.
  const pod = (ns: string, ip: string): PodInput => ({
    namespace: ns,
    name: `${ns}-pod`,
    node: "node-2",
    ip,
    labels: { app: ns },
  });
  const scenario = scenarioSchema.parse({
    clusterCIDR: "10.0.0.0/8",
    serviceCIDR: "172.30.0.0/16",
    nodes: [
      { name: "node-1", ip: "192.168.0.2", podCIDR: "10.181.0.0/24" },
      { name: "node-2", ip: "192.168.0.3", podCIDR: "10.180.0.0/24" },
    ],
    pods: [pod("ns1", "10.180.0.1"), pod("ns2", "10.180.0.2"), pod("ns3", "10.180.0.3"), pod("ns5", "10.180.0.3")],
    services: [
      {
        namespace: "ns1",
        name: "svc1",
        clusterIP: "172.30.0.41",
        selector: { app: "ns1" },
        ports: [{ name: "p80", port: 80 }],
      },
      {
        namespace: "ns2",
        name: "svc2",
        type: "NodePort",
        externalTrafficPolicy: "Local",
        clusterIP: "172.30.0.42",
        selector: { app: "ns2" },
        ports: [{ name: "p80", port: 80, nodePort: 3001 }],
      },
      {
        namespace: "ns3",
        name: "svc3",
        type: "NodePort",
        clusterIP: "172.30.0.43",
        selector: { app: "ns3" },
        ports: [{ name: "p80", port: 80, nodePort: 3003 }],
      },
      {
        namespace: "ns5",
        name: "svc5",
        type: "NodePort",
        clusterIP: "172.30.0.45",
        selector: { app: "ns5" },
        sessionAffinity: "ClientIP",
        ports: [{ name: "p80", port: 80, nodePort: 3002 }],
      },
      {
        namespace: "ns6",
        name: "svc6",
        clusterIP: "172.30.0.46",
        selector: { app: "ns6" },
        ports: [{ name: "p80", port: 80, targetPort: 80 }],
      },
    ],
    request: { from: "ns1/ns1-pod", url: "http://svc1.ns1/" },
  });
  const text = iptablesRestore(scenario, "node-1");

  it("is two tables in iptables-restore form", () => {
    expect(text.startsWith("*filter\n")).toBe(true);
    expect(text.endsWith("COMMIT\n")).toBe(true);
    expect(text.match(/^COMMIT$/gm)).toHaveLength(2);
    expect(text.indexOf("*nat\n")).toBeGreaterThan(text.indexOf("*filter\n"));
  });

  it("writes the filter rules upstream expects", () => {
    expect(kubeChains(section(text, "filter"))).toEqual(
      [
        ":KUBE-NODEPORTS - [0:0]",
        ":KUBE-SERVICES - [0:0]",
        ":KUBE-EXTERNAL-SERVICES - [0:0]",
        ":KUBE-FIREWALL - [0:0]",
        ":KUBE-FORWARD - [0:0]",
        ":KUBE-PROXY-FIREWALL - [0:0]",
      ].sort(),
    );
    expect(kubeRules(section(text, "filter"))).toEqual(
      [
        '-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT',
        '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP',
        '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
        "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      ].sort(),
    );
  });

  it("writes the nat chains upstream expects", () => {
    expect(kubeChains(section(text, "nat"))).toEqual(
      [
        ":KUBE-NODEPORTS - [0:0]",
        ":KUBE-SERVICES - [0:0]",
        ":KUBE-EXT-GNZBNJ2PO5MGZ6GT - [0:0]",
        ":KUBE-EXT-NUKIZ6OKUXPJNT4C - [0:0]",
        ":KUBE-EXT-X27LE4BHSL4DOUIK - [0:0]",
        ":KUBE-MARK-MASQ - [0:0]",
        ":KUBE-POSTROUTING - [0:0]",
        ":KUBE-SEP-I77PXRDZVX7PMWMN - [0:0]",
        ":KUBE-SEP-OYPFS5VJICHGATKP - [0:0]",
        ":KUBE-SEP-RS4RBKLTHTF2IUXJ - [0:0]",
        ":KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]",
        ":KUBE-SVC-GNZBNJ2PO5MGZ6GT - [0:0]",
        ":KUBE-SVC-NUKIZ6OKUXPJNT4C - [0:0]",
        ":KUBE-SVC-X27LE4BHSL4DOUIK - [0:0]",
        ":KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]",
      ].sort(),
    );
  });

  it("writes the nat rules upstream expects", () => {
    expect(kubeRules(section(text, "nat"))).toEqual(
      [
        "-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT",
        "-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK",
        "-A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp --dport 3002 -j KUBE-EXT-NUKIZ6OKUXPJNT4C",
        '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
        '-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
        '-A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK',
        '-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C',
        '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
        '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
        '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
        '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
        '-A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment "masquerade traffic for ns5/svc5:p80 external destinations" -j KUBE-MARK-MASQ',
        "-A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C",
        '-A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ',
        "-A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK",
        "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
        "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
        "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
        // upstream's fake iptables lacks --random-fully; real nodes have it (proxier.go HasRandomFully)
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
        "-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ",
        "-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80",
        "-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ",
        "-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80",
        "-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ",
        "-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80",
        "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ",
        "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80",
        '-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ',
        '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN',
        '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN',
        '-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
      ].sort(),
    );
  });

  it("keeps the NodePorts jump as the last rule of KUBE-SERVICES", () => {
    const services = section(text, "nat").filter((l) => l.startsWith("-A KUBE-SERVICES "));
    expect(services[services.length - 1]).toContain("-j KUBE-NODEPORTS");
  });

  it("writes the jump rules from the built-in chains that kube-proxy ensures", () => {
    const nat = section(text, "nat");
    expect(nat).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(nat).toContain('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(nat).toContain('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING');
    expect(section(text, "filter")).toContain(
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    );
  });
});

describe("the seed Service (kube-proxy's iptables forms)", () => {
  const nat = section(iptablesRestore(seedLike(), "node-1"), "nat");

  it("captures the ClusterIP, masquerades off-cluster sources and splits 50/50 between two endpoints", () => {
    const svc = "KUBE-SVC-5ZJGYN7BN7Z5DHZA";
    expect(nat).toContain(
      `-A KUBE-SERVICES -m comment --comment "app/bar:https cluster IP" -m tcp -p tcp -d 10.96.12.34 --dport 443 -j ${svc}`,
    );
    const svcRules = nat.filter((l) => l.startsWith(`-A ${svc} `));
    expect(svcRules[0]).toBe(
      `-A ${svc} -m comment --comment "app/bar:https cluster IP" -m tcp -p tcp -d 10.96.12.34 --dport 443 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ`,
    );
    expect(svcRules[1]).toMatch(
      /^-A KUBE-SVC-5ZJGYN7BN7Z5DHZA -m comment --comment "app\/bar:https -> 10\.244\.1\.5:8443" -m statistic --mode random --probability 0\.5000000000 -j KUBE-SEP-[A-Z2-7]{16}$/,
    );
    expect(svcRules[2]).toBe(
      `-A ${svc} -m comment --comment "app/bar:https -> 10.244.2.7:8443" -j KUBE-SEP-IOL2EBIPX7COWDSM`,
    );
    expect(svcRules).toHaveLength(3);
  });

  it("writes a hairpin masquerade and a DNAT rule per endpoint", () => {
    expect(nat).toContain(
      "-A KUBE-SEP-IOL2EBIPX7COWDSM -m comment --comment app/bar:https -s 10.244.2.7 -j KUBE-MARK-MASQ",
    );
    expect(nat).toContain(
      "-A KUBE-SEP-IOL2EBIPX7COWDSM -m comment --comment app/bar:https -m tcp -p tcp -j DNAT --to-destination 10.244.2.7:8443",
    );
  });

  it("sends DNS over UDP through KUBE-SVC-TCOU7JCQXEZGVUNU with -m udp", () => {
    expect(nat).toContain(
      '-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp -p udp -d 10.96.0.10 --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU',
    );
  });
});

const endpointPods = (ips: readonly string[], extra: Partial<PodInput> = {}): PodInput[] =>
  ips.map((ip, i) => ({ namespace: "app", name: `svc-${i}`, node: "node-1", ip, labels: { app: "svc" }, ...extra }));

describe("load-balancing rules", () => {
  it("prints 1/(n-i) with 10 decimals on all but the last rule", () => {
    expect(probabilityString(3)).toBe("0.3333333333");
    expect(probabilityString(2)).toBe("0.5000000000");
    const nat = section(
      iptablesRestore(oneService({}, endpointPods(["10.244.1.3", "10.244.1.4", "10.244.1.5"])), "node-1"),
      "nat",
    );
    const picks = nat.filter((l) => l.startsWith("-A KUBE-SVC-") && l.includes(" -> "));
    expect(picks.map((l) => /--probability (\S+)/.exec(l)?.[1] ?? "none")).toEqual([
      "0.3333333333",
      "0.5000000000",
      "none",
    ]);
  });

  it("orders endpoints by the string ip:port, so 10.0.0.10:80 comes before 10.0.0.2:80", () => {
    const scenario = oneService(
      { ports: [{ name: "http", port: 80, targetPort: 80 }] },
      endpointPods(["10.0.0.2", "10.0.0.10"], { node: "node-1" }),
      { clusterCIDR: "10.0.0.0/16", nodes: [{ name: "node-1", ip: "192.168.0.11", podCIDR: "10.0.0.0/24" }] },
    );
    const picks = section(iptablesRestore(scenario, "node-1"), "nat").filter((l) => l.includes(" -> "));
    expect(picks[0]).toContain('"app/svc:http -> 10.0.0.10:80"');
    expect(picks[1]).toContain('"app/svc:http -> 10.0.0.2:80"');
  });

  it("uses serving-and-terminating endpoints only when none is ready", () => {
    const nat = section(
      iptablesRestore(
        oneService({}, [
          ...endpointPods(["10.244.1.3"], { terminating: true }),
          { namespace: "app", name: "unready", node: "node-1", ip: "10.244.1.4", labels: { app: "svc" }, ready: false },
        ]),
        "node-1",
      ),
      "nat",
    );
    expect(nat.filter((l) => l.includes("-j DNAT"))).toEqual([
      expect.stringContaining("--to-destination 10.244.1.3:8080") as string,
    ]);
  });

  it("writes no comments on per-endpoint rules above 1000 endpoints (largeClusterMode)", () => {
    const ips = Array.from({ length: 1001 }, (_, i) => `10.244.${1 + Math.floor(i / 250)}.${(i % 250) + 1}`);
    const nat = section(iptablesRestore(oneService({}, endpointPods(ips)), "node-1"), "nat");
    const sep = nat.filter((l) => l.startsWith("-A KUBE-SEP-"));
    expect(sep[0]).toMatch(/^-A KUBE-SEP-[A-Z2-7]{16} -s 10\.244\.\d+\.\d+ -j KUBE-MARK-MASQ$/);
    expect(nat.filter((l) => l.includes(" -> "))).toEqual([]);
  });
});

describe("no endpoints and Local policies", () => {
  it("REJECTs in filter KUBE-SERVICES and writes no nat rules when a Service has no endpoints", () => {
    const text = iptablesRestore(oneService({}, []), "node-1");
    expect(section(text, "filter")).toContain(
      '-A KUBE-SERVICES -m comment --comment "app/svc:http has no endpoints" -m tcp -p tcp -d 10.96.0.50 --dport 80 -j REJECT',
    );
    expect(section(text, "nat").filter((l) => l.includes("app/svc"))).toEqual([]);
  });

  it("uses KUBE-SVL with only this node's endpoints for internalTrafficPolicy Local", () => {
    const scenario = oneService({ internalTrafficPolicy: "Local" }, [
      ...endpointPods(["10.244.1.3"]),
      ...endpointPods(["10.244.2.3"], { node: "node-2", name: "remote" }),
    ]);
    const nat = section(iptablesRestore(scenario, "node-1"), "nat");
    const svl = nat.find((l) => l.startsWith("-A KUBE-SERVICES ") && l.includes("app/svc:http"));
    expect(svl).toMatch(/-j KUBE-SVL-[A-Z2-7]{16}$/);
    expect(nat.filter((l) => l.startsWith("-A KUBE-SVL-") && l.includes(" -> "))).toEqual([
      expect.stringContaining("-> 10.244.1.3:8080") as string,
    ]);
    expect(nat.some((l) => l.startsWith(":KUBE-SVC-"))).toBe(false);
  });

  it("DROPs (has no local endpoints) when internalTrafficPolicy is Local and this node has none", () => {
    const scenario = oneService({ internalTrafficPolicy: "Local" }, endpointPods(["10.244.2.3"], { node: "node-2" }));
    const text = iptablesRestore(scenario, "node-1");
    expect(section(text, "filter")).toContain(
      '-A KUBE-SERVICES -m comment --comment "app/svc:http has no local endpoints" -m tcp -p tcp -d 10.96.0.50 --dport 80 -j DROP',
    );
    // the node that has the endpoint captures the ClusterIP normally
    expect(section(iptablesRestore(scenario, "node-2"), "nat").join("\n")).toMatch(
      /-d 10\.96\.0\.50 --dport 80 -j KUBE-SVL-/,
    );
  });

  it("routes NodePort traffic through KUBE-EXT to KUBE-SVL for externalTrafficPolicy Local, pod traffic to KUBE-SVC", () => {
    const scenario = oneService(
      {
        type: "NodePort",
        externalTrafficPolicy: "Local",
        ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 30080 }],
      },
      [...endpointPods(["10.244.1.3"]), ...endpointPods(["10.244.2.3"], { node: "node-2", name: "remote" })],
    );
    const nat = section(iptablesRestore(scenario, "node-1"), "nat");
    const ext = nat.filter((l) => l.startsWith("-A KUBE-EXT-"));
    expect(ext[0]).toMatch(/"pod traffic for app\/svc:http external destinations" -s 10\.244\.0\.0\/16 -j KUBE-SVC-/);
    expect(ext[ext.length - 1]).toMatch(/^-A KUBE-EXT-([A-Z2-7]{16}) -j KUBE-SVL-\1$/);
    expect(nat).toContainEqual(
      expect.stringMatching(
        /^-A KUBE-NODEPORTS -m comment --comment app\/svc:http -m tcp -p tcp --dport 30080 -j KUBE-EXT-/,
      ),
    );
  });
});

describe("multi-service node snapshot", () => {
  it("matches the reviewed rules file", async () => {
    const scenario = seedLike({
      services: [
        ...seedLike().services,
        {
          namespace: "app",
          name: "empty",
          clusterIP: "10.96.12.40",
          selector: { app: "nobody" },
          ports: [{ name: "http", port: 80 }],
        },
        {
          namespace: "app",
          name: "sticky",
          type: "NodePort",
          clusterIP: "10.96.12.41",
          selector: { app: "bar" },
          sessionAffinity: "ClientIP",
          sessionAffinityTimeoutSeconds: 600,
          ports: [{ name: "web", port: 80, targetPort: 8443, nodePort: 30443 }],
        },
        {
          namespace: "app",
          name: "local",
          clusterIP: "10.96.12.42",
          selector: { app: "bar" },
          internalTrafficPolicy: "Local",
          ports: [{ port: 8080, targetPort: 8443, protocol: "UDP" }],
        },
      ],
    });
    await expect(iptablesRestore(scenario, "node-1")).toMatchFileSnapshot("__snapshots__/kube-proxy-node-1.iptables");
  });
});
