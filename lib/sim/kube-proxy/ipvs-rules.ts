/**
 * `hopdrill rules --mode ipvs`: what kube-proxy's IPVS mode programs on one node (pkg/proxy/ipvs/proxier.go
 * syncProxyRules and writeIptablesRules): the IPVS virtual and real servers (`ipvsadm-save -n` form), the ipsets
 * its iptables rules match (`ipset save` form) and those helper rules (iptables-restore form). Every ClusterIP,
 * external IP and load balancer IP is also bound to the dummy interface kube-ipvs0. The trace's IPVS walk
 * (ipvs.ts) reads the same plans (service-ports.ts).
 */
import type { IpFamily } from "../cidr";
import type { Scenario } from "../types";
import { joinHostPort, splitHostPort } from "./addresses";
import { MASQUERADE_MARK } from "./iptables-model";
import { servicePortPlans, type PlannedEndpoint, type ServicePortPlan } from "./service-ports";

const IPVS_FLAG: Readonly<Record<string, string>> = { tcp: "-t", udp: "-u", sctp: "--sctp-service" };

interface IpsetDef {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
  readonly entries: string[];
}

/**
 * An ipset's name in a family's proxier (pkg/proxy/ipvs/ipset.go NewIPSet): the IPv6 proxier's sets start
 * "KUBE-6-" instead of "KUBE-" so both families' sets can coexist, cut to ipset's 31-character limit.
 */
export function ipsetName(name: string, family: IpFamily): string {
  return family === "IPv6" && name.startsWith("KUBE-") ? `KUBE-6-${name.slice(5)}`.slice(0, 31) : name;
}

// pkg/proxy/ipvs/ipset.go: the sets kube-proxy creates, with their types
function ipsets(): Map<string, IpsetDef> {
  const defs: [string, string, string][] = [
    ["KUBE-CLUSTER-IP", "hash:ip,port", "Kubernetes service cluster ip + port for masquerade purpose"],
    ["KUBE-LOOP-BACK", "hash:ip,port,ip", "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"],
    ["KUBE-EXTERNAL-IP", "hash:ip,port", "Kubernetes service external ip + port for masquerade and filter purpose"],
    [
      "KUBE-EXTERNAL-IP-LOCAL",
      "hash:ip,port",
      "Kubernetes service external ip + port with externalTrafficPolicy=local",
    ],
    ["KUBE-LOAD-BALANCER", "hash:ip,port", "Kubernetes service lb portal"],
    [
      "KUBE-LOAD-BALANCER-LOCAL",
      "hash:ip,port",
      "Kubernetes service load balancer ip + port with externalTrafficPolicy=local",
    ],
    [
      "KUBE-LOAD-BALANCER-FW",
      "hash:ip,port",
      "Kubernetes service load balancer ip + port for load balancer with sourceRange",
    ],
    [
      "KUBE-LOAD-BALANCER-SOURCE-CIDR",
      "hash:ip,port,net",
      "Kubernetes service load balancer ip + port + source cidr for packet filter purpose",
    ],
    ["KUBE-NODE-PORT-TCP", "bitmap:port", "Kubernetes nodeport TCP port for masquerade purpose"],
    ["KUBE-NODE-PORT-LOCAL-TCP", "bitmap:port", "Kubernetes nodeport TCP port with externalTrafficPolicy=local"],
    ["KUBE-HEALTH-CHECK-NODE-PORT", "bitmap:port", "Kubernetes health check node port"],
    ["KUBE-IPVS-IPS", "hash:ip", "IPVS service ip"],
  ];
  return new Map(defs.map(([name, type, comment]) => [name, { name, type, comment, entries: [] }]));
}

function virtualServer(
  lines: string[],
  proto: string,
  vip: string,
  servers: readonly PlannedEndpoint[],
  affinity: number | null,
) {
  const flag = IPVS_FLAG[proto] ?? "-t";
  // ipvsadm-save -n writes IPv6 services and real servers bracketed: [fd00:10:96::a]:80
  lines.push(`-A ${flag} ${vip} -s rr${affinity === null ? "" : ` -p ${affinity}`}`);
  for (const ep of servers) lines.push(`-a ${flag} ${vip} -r ${ep.address} -m -w 1`);
}

function addPlan(ipvs: string[], sets: Map<string, IpsetDef>, plan: ServicePortPlan, nodeIP: string | null): void {
  const proto = plan.protocol;
  const port = plan.port.port;
  // ipset entries write IPv6 addresses bare: fd00:10:96::a,tcp:80
  const add = (set: string, entry: string) => sets.get(set)?.entries.push(entry);
  const internal = plan.internalPolicyLocal ? plan.localEndpoints : plan.clusterEndpoints;
  const external = plan.externalPolicyLocal ? plan.localEndpoints : plan.clusterEndpoints;
  virtualServer(ipvs, proto, joinHostPort(plan.clusterIP, port), internal, plan.affinitySeconds);
  add("KUBE-CLUSTER-IP", `${plan.clusterIP},${proto}:${port}`);
  add("KUBE-IPVS-IPS", plan.clusterIP);
  for (const ep of plan.reachableEndpoints) {
    const targetPort = splitHostPort(ep.address).port;
    add("KUBE-LOOP-BACK", `${ep.endpoint.ip},${proto}:${targetPort},${ep.endpoint.ip}`);
  }
  for (const ip of plan.externalIPs) {
    virtualServer(ipvs, proto, `${ip}:${port}`, external, plan.affinitySeconds);
    add("KUBE-EXTERNAL-IP", `${ip},${proto}:${port}`);
    if (plan.externalPolicyLocal) add("KUBE-EXTERNAL-IP-LOCAL", `${ip},${proto}:${port}`);
    add("KUBE-IPVS-IPS", ip);
  }
  for (const ip of plan.loadBalancerIPs) {
    virtualServer(ipvs, proto, `${ip}:${port}`, external, plan.affinitySeconds);
    add("KUBE-LOAD-BALANCER", `${ip},${proto}:${port}`);
    if (plan.externalPolicyLocal) add("KUBE-LOAD-BALANCER-LOCAL", `${ip},${proto}:${port}`);
    if (plan.sourceRanges.length > 0) {
      add("KUBE-LOAD-BALANCER-FW", `${ip},${proto}:${port}`);
      for (const range of plan.sourceRanges) add("KUBE-LOAD-BALANCER-SOURCE-CIDR", `${ip},${proto}:${port},${range}`);
    }
    add("KUBE-IPVS-IPS", ip);
  }
  if (plan.nodePort !== null && nodeIP !== null) {
    virtualServer(ipvs, proto, `${nodeIP}:${plan.nodePort}`, external, plan.affinitySeconds);
    if (proto === "tcp") {
      add("KUBE-NODE-PORT-TCP", String(plan.nodePort));
      if (plan.externalPolicyLocal) add("KUBE-NODE-PORT-LOCAL-TCP", String(plan.nodePort));
    }
  }
  if (plan.healthCheckNodePort !== null) add("KUBE-HEALTH-CHECK-NODE-PORT", String(plan.healthCheckNodePort));
}

/**
 * The helper iptables rules of IPVS mode (writeIptablesRules), in iptables-restore form; the IPv6 proxier writes
 * the same rules with ip6tables, matching its own (KUBE-6-) sets, and the off-cluster masquerade rule only when
 * its family has a cluster CIDR (the local detector has none otherwise).
 */
function helperRules(clusterCIDR: string | null, family: IpFamily): string[] {
  const m = MASQUERADE_MARK;
  const lines = [
    "*filter",
    ":KUBE-FORWARD - [0:0]",
    ":KUBE-NODE-PORT - [0:0]",
    ":KUBE-PROXY-FIREWALL - [0:0]",
    ":KUBE-SOURCE-RANGES-FIREWALL - [0:0]",
    ":KUBE-IPVS-FILTER - [0:0]",
    "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${m}/${m} -j ACCEPT`,
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT',
    "-A KUBE-PROXY-FIREWALL -m set --match-set KUBE-LOAD-BALANCER-FW dst,dst -j KUBE-SOURCE-RANGES-FIREWALL",
    "-A KUBE-SOURCE-RANGES-FIREWALL -m set --match-set KUBE-LOAD-BALANCER-SOURCE-CIDR dst,dst,src -j RETURN",
    "-A KUBE-SOURCE-RANGES-FIREWALL -j DROP",
    "-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN",
    "-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN",
    "-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN",
    "-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN",
    "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT",
    "COMMIT",
    "*nat",
    ":KUBE-SERVICES - [0:0]",
    ":KUBE-POSTROUTING - [0:0]",
    ":KUBE-NODE-PORT - [0:0]",
    ":KUBE-LOAD-BALANCER - [0:0]",
    ":KUBE-MARK-MASQ - [0:0]",
    '-A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal" -m set --match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER',
    ...(clusterCIDR === null
      ? []
      : [
          `-A KUBE-SERVICES ! -s ${clusterCIDR} -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ`,
        ]),
    '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -j KUBE-MARK-MASQ',
    "-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT",
    "-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT",
    "-A KUBE-SERVICES -m set --match-set KUBE-LOAD-BALANCER dst,dst -j ACCEPT",
    '-A KUBE-LOAD-BALANCER -m comment --comment "Kubernetes service load balancer ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN',
    "-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ",
    '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN',
    '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
    '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    `-A KUBE-POSTROUTING -m mark ! --mark ${m}/${m} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --xor-mark ${m}`,
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    `-A KUBE-MARK-MASQ -j MARK --or-mark ${m}`,
    "COMMIT",
  ];
  // set names are the only difference between the families' rule texts
  return family === "IPv4"
    ? lines
    : lines.map((line) =>
        line.replace(/--match-set (\S+)/, (_, name: string) => `--match-set ${ipsetName(name, family)}`),
      );
}

/**
 * The node's IPVS state as text: `ipvsadm-save -n`, `ipset save` and the helper iptables rules. With family
 * IPv6, what kube-proxy's IPv6 IPVS proxier programs (a dual-stack cluster runs one per family): virtual and
 * real servers of the Services' IPv6 addresses and the pods' IPv6 endpoints, `family inet6` sets named
 * KUBE-6-…, ip6tables helper rules, /128 addresses on kube-ipvs0. Nodes have no IPv6 address in scenarios and
 * load balancer and external IPs are IPv4, so the IPv6 proxier has no NodePort or external virtual servers.
 * Call it for IPv6 only when hasIPv6Proxier.
 */
export function ipvsRules(scenario: Scenario, nodeName: string, family: IpFamily = "IPv4"): string {
  const node = scenario.nodes.find((n) => n.name === nodeName);
  const v6 = family === "IPv6";
  const ipvs: string[] = [];
  const sets = ipsets();
  for (const plan of servicePortPlans(scenario, nodeName, family)) {
    addPlan(ipvs, sets, plan, v6 ? null : (node?.ip ?? null));
  }
  const ipset: string[] = [];
  for (const set of sets.values()) {
    const name = ipsetName(set.name, family);
    const range = set.type.startsWith("bitmap:port")
      ? " range 0-65535"
      : ` family ${v6 ? "inet6" : "inet"} hashsize 1024 maxelem 65536`;
    ipset.push(`create ${name} ${set.type}${range} comment`);
    for (const entry of [...new Set(set.entries)]) ipset.push(`add ${name} ${entry} comment "${set.comment}"`);
  }
  const addresses = sets.get("KUBE-IPVS-IPS")?.entries ?? [];
  const bound = [...new Set(addresses)].map((ip) => `ip addr add ${ip}/${v6 ? 128 : 32} dev kube-ipvs0`);
  const clusterCIDR = v6 ? (scenario.clusterCIDRs[1] ?? null) : scenario.clusterCIDR;
  return [
    "# ipvsadm-save -n",
    ...ipvs,
    "",
    "# ipset save",
    ...ipset,
    "",
    `# ${v6 ? "ip6tables-save" : "iptables-save"} (helper rules)`,
    ...helperRules(clusterCIDR, family),
    "",
    `# kube-ipvs0 (ip ${v6 ? "-6" : "-4"} addr)`,
    ...bound,
    "",
  ].join("\n");
}
