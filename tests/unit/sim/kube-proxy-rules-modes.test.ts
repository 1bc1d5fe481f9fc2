// `hopdrill rules --mode nftables|ipvs` (lib/sim/README.md, "kube-proxy"): the text kube-proxy's nftables and IPVS
// modes program. Rule forms from pkg/proxy/nftables proxier_test.go (TestOverallNFTablesRules) and
// pkg/proxy/ipvs proxier.go; the kernel test loads the nftables ruleset with nft -f.
import { describe, expect, it } from "vitest";
import { ipvsRules, nftablesRuleset } from "../../../lib/sim";
import { oneService } from "./kube-proxy-fixtures";

// upstream's svc1: ns1/svc1 port p80, ClusterIP 172.30.0.41, one endpoint 10.180.0.1:80, local detector 10.0.0.0/8
const svc1 = oneService(
  {
    namespace: "ns1",
    name: "svc1",
    clusterIP: "172.30.0.41",
    selector: { app: "svc1" },
    ports: [{ name: "p80", port: 80 }],
  },
  [{ namespace: "ns1", name: "ep1", node: "node-2", ip: "10.180.0.1", labels: { app: "svc1" } }],
  {
    clusterCIDR: "10.0.0.0/8",
    serviceCIDR: "172.30.0.0/16",
    nodes: [
      { name: "node-1", ip: "192.168.0.2", podCIDR: "10.0.1.0/24" },
      { name: "node-2", ip: "192.168.0.3", podCIDR: "10.180.0.0/24" },
    ],
    pods: [{ namespace: "ns1", name: "ep1", node: "node-2", ip: "10.180.0.1", labels: { app: "svc1" } }],
  },
);

describe("nftables ruleset", () => {
  const text = nftablesRuleset(svc1, "node-1").split("\n");

  it.each([
    'add table ip kube-proxy { comment "rules for kube-proxy" ; }',
    "add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }",
    "add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips",
    "add rule ip kube-proxy services fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports",
    "add rule ip kube-proxy masquerading masquerade fully-random",
    "add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80",
    "add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade",
    "add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }",
    "add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade",
    "add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80",
    "add element ip kube-proxy cluster-ips { 172.30.0.41 }",
    "add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }",
    "add element ip kube-proxy nodeport-ips { 192.168.0.2 }",
    'add rule ip kube-proxy cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"',
  ])("%s", (line) => {
    expect(text).toContain(line);
  });

  it("declares every set, map and chain before the first rule that names it (nft -f resolves in order)", () => {
    const firstRule = text.findIndex((l) => l.startsWith("add rule"));
    const lastDeclaration = text.findLastIndex(
      (l) => l.startsWith("add chain") || l.startsWith("add map") || l.startsWith("add set"),
    );
    expect(lastDeclaration).toBeLessThan(firstRule);
    expect(text.findIndex((l) => l.startsWith("add element"))).toBeGreaterThan(
      text.findLastIndex((l) => l.startsWith("add rule")),
    );
  });

  it("a Service without endpoints is an element of no-endpoint-services that goes to reject-chain", () => {
    const empty = oneService({ selector: { app: "nobody" } }, []);
    expect(nftablesRuleset(empty, "node-1")).toContain(
      "add element ip kube-proxy no-endpoint-services { 10.96.0.50 . tcp . 80 : goto reject-chain }",
    );
  });
});

describe("IPVS rules", () => {
  const text = ipvsRules(svc1, "node-1").split("\n");

  it.each([
    "-A -t 172.30.0.41:80 -s rr",
    "-a -t 172.30.0.41:80 -r 10.180.0.1:80 -m -w 1",
    'add KUBE-CLUSTER-IP 172.30.0.41,tcp:80 comment "Kubernetes service cluster ip + port for masquerade purpose"',
    'add KUBE-LOOP-BACK 10.180.0.1,tcp:80,10.180.0.1 comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"',
    '-A KUBE-SERVICES ! -s 10.0.0.0/8 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
    "ip addr add 172.30.0.41/32 dev kube-ipvs0",
  ])("%s", (line) => {
    expect(text).toContain(line);
  });
});
