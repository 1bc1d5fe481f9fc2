/**
 * `hopdrill rules --mode nftables`: the `nft -f` input kube-proxy's nftables mode writes for one node
 * (pkg/proxy/nftables/proxier.go setupNFTables and syncProxyRules, in the form its TestOverallNFTablesRules
 * expects): table `ip kube-proxy` with its base chains, the service-ips / service-nodeports verdict maps, one
 * chain per Service port (`service-`, `local-`, `external-`, `firewall-`) and per endpoint (`endpoint-`). The
 * trace's nftables walk (nftables.ts) reads the same plans (service-ports.ts), so the two agree.
 */
import type { Scenario } from "../types";
import {
  nftAffinitySetName,
  nftEndpointChainName,
  nftExternalChainName,
  nftLocalChainName,
  nftServiceChainName,
} from "./chain-names";
import { servicePortPlans, type PlannedEndpoint, type ServicePortPlan } from "./service-ports";
import type { IpFamily } from "../cidr";

const MASQ_MARK = "0x4000";

/** What differs between kube-proxy's two nftables proxiers: the table's family, address type and loopback. */
interface Family {
  /** "ip kube-proxy" or "ip6 kube-proxy" */
  readonly T: string;
  /** the payload keyword: ip or ip6 */
  readonly ip: string;
  readonly addrType: string;
  /** NodePorts are not accepted on loopback (for IPv6 never, for IPv4 with localhost NodePorts off) */
  readonly noLocalhost: string;
}

const FAMILIES: Readonly<Record<IpFamily, Family>> = {
  IPv4: { T: "ip kube-proxy", ip: "ip", addrType: "ipv4_addr", noLocalhost: "ip daddr != 127.0.0.0/8" },
  IPv6: { T: "ip6 kube-proxy", ip: "ip6", addrType: "ipv6_addr", noLocalhost: "ip6 daddr != ::1" },
};

/**
 * The transaction's lines in an order `nft -f` resolves: sets, maps and chains are declared before the rules
 * that name them, and elements come last (knftables sends kube-proxy's transaction the same way).
 */
class Transaction {
  readonly declarations: string[] = [];
  readonly rules: string[] = [];
  readonly elements: string[] = [];
  push(...lines: string[]): void {
    for (const line of lines) {
      if (line.startsWith("add rule ")) this.rules.push(line);
      else if (line.startsWith("add element ")) this.elements.push(line);
      else if (line !== "" && !line.startsWith("#")) this.declarations.push(line);
    }
  }
  text(): string {
    return `${[...this.declarations, "", ...this.rules, "", ...this.elements].join("\n")}\n`;
  }
}

/** The base chains and helpers every node gets (setupNFTables). */
function setup(lines: Transaction, serviceCIDR: string, f: Family): void {
  const { T, ip, addrType } = f;
  const chain = (name: string, spec = "") => lines.push(`add chain ${T} ${name}${spec === "" ? "" : ` { ${spec} ; }`}`);
  const rule = (name: string, text: string) => lines.push(`add rule ${T} ${name} ${text}`);
  lines.push(`add table ${T} { comment "rules for kube-proxy" ; }`);
  chain("mark-for-masquerade");
  rule("mark-for-masquerade", `mark set mark or ${MASQ_MARK}`);
  chain("masquerading");
  rule("masquerading", `mark and ${MASQ_MARK} == 0 return`);
  rule("masquerading", `mark set mark xor ${MASQ_MARK}`);
  rule("masquerading", "masquerade fully-random");
  chain("services");
  chain("service-endpoints-check");
  rule("service-endpoints-check", `${ip} daddr . meta l4proto . th dport vmap @no-endpoint-services`);
  chain("filter-prerouting", "type filter hook prerouting priority -110");
  rule("filter-prerouting", "ct state new jump firewall-check");
  chain("filter-forward", "type filter hook forward priority -110");
  rule("filter-forward", "ct state new jump service-endpoints-check");
  rule("filter-forward", "ct state new jump cluster-ips-check");
  chain("filter-input", "type filter hook input priority -110");
  rule("filter-input", "ct state new jump nodeport-endpoints-check");
  rule("filter-input", "ct state new jump service-endpoints-check");
  chain("filter-output", "type filter hook output priority -110");
  rule("filter-output", "ct state new jump service-endpoints-check");
  rule("filter-output", "ct state new jump firewall-check");
  chain("filter-output-post-dnat", "type filter hook output priority -90");
  rule("filter-output-post-dnat", "ct state new jump cluster-ips-check");
  chain("nat-output", "type nat hook output priority -100");
  rule("nat-output", "jump services");
  chain("nat-postrouting", "type nat hook postrouting priority 100");
  rule("nat-postrouting", "jump masquerading");
  chain("nat-prerouting", "type nat hook prerouting priority -100");
  rule("nat-prerouting", "jump services");
  chain("nodeport-endpoints-check");
  rule("nodeport-endpoints-check", `${ip} daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports`);
  lines.push(`add set ${T} cluster-ips { type ${addrType} ; comment "Active ClusterIPs" ; }`);
  chain("cluster-ips-check");
  rule("cluster-ips-check", `${ip} daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"`);
  rule("cluster-ips-check", `${ip} daddr { ${serviceCIDR} } drop comment "Drop traffic to unallocated ClusterIPs"`);
  lines.push(`add set ${T} nodeport-ips { type ${addrType} ; comment "IPs that accept NodePort traffic" ; }`);
  lines.push(
    `add map ${T} firewall-ips { type ${addrType} . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }`,
  );
  chain("firewall-check");
  rule("firewall-check", `${ip} daddr . meta l4proto . th dport vmap @firewall-ips`);
  lines.push(`add chain ${T} reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }`);
  rule("reject-chain", "reject");
  lines.push(
    `add map ${T} no-endpoint-services { type ${addrType} . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }`,
    `add map ${T} no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }`,
    `add map ${T} service-ips { type ${addrType} . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }`,
    `add map ${T} service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }`,
  );
  rule("services", `${ip} daddr . meta l4proto . th dport vmap @service-ips`);
  rule("services", `fib daddr type local ${f.noLocalhost} meta l4proto . th dport vmap @service-nodeports`);
}

function endpointChain(plan: ServicePortPlan, ep: PlannedEndpoint): string {
  return nftEndpointChainName(plan.parts, plan.protocol, ep.address);
}

/** A policy chain: affinity lookups, then one uniform numgen draw over the endpoints. */
function policyChain(
  lines: Transaction,
  plan: ServicePortPlan,
  chain: string,
  endpoints: readonly PlannedEndpoint[],
  clusterCIDR: string,
  f: Family,
): void {
  const { T, ip } = f;
  lines.push(`add chain ${T} ${chain}`);
  // the off-cluster masquerade needs the family's cluster CIDR (its local detector); without one there is none
  if (chain.startsWith("service-") && clusterCIDR !== "") {
    lines.push(
      `add rule ${T} ${chain} ${ip} daddr ${plan.clusterIP} ${plan.protocol} dport ${plan.port.port} ${ip} saddr != ${clusterCIDR} jump mark-for-masquerade`,
    );
  }
  if (plan.affinitySeconds !== null) {
    for (const ep of endpoints) {
      lines.push(
        `add rule ${T} ${chain} ${ip} saddr @${nftAffinitySetName(plan.parts, plan.protocol, ep.address)} goto ${endpointChain(plan, ep)}`,
      );
    }
  }
  const arms = endpoints.map((ep, i) => `${i} : goto ${endpointChain(plan, ep)}`).join(" , ");
  lines.push(`add rule ${T} ${chain} numgen random mod ${endpoints.length} vmap { ${arms} }`);
}

function writePlan(lines: Transaction, plan: ServicePortPlan, clusterCIDR: string, f: Family): void {
  const { T, ip, addrType } = f;
  const elements = lines;
  const proto = plan.protocol;
  const port = plan.port.port;
  const serviceChain = nftServiceChainName(plan.parts, proto);
  const localChain = nftLocalChainName(plan.parts, proto);
  const externalChain = nftExternalChainName(plan.parts, proto);
  const firewallChain = `firewall-${serviceChain.slice("service-".length)}`;
  if (plan.usesClusterPolicyChain) policyChain(lines, plan, serviceChain, plan.clusterEndpoints, clusterCIDR, f);
  if (plan.usesLocalPolicyChain) policyChain(lines, plan, localChain, plan.localEndpoints, clusterCIDR, f);
  if (plan.usesExternalTrafficChain) {
    lines.push(`add chain ${T} ${externalChain}`);
    if (!plan.externalPolicyLocal) {
      lines.push(`add rule ${T} ${externalChain} jump mark-for-masquerade`);
    } else {
      if (clusterCIDR !== "") {
        lines.push(
          `add rule ${T} ${externalChain} ${ip} saddr ${clusterCIDR} goto ${serviceChain} comment "short-circuit pod traffic"`,
        );
      }
      lines.push(
        `add rule ${T} ${externalChain} fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"`,
        `add rule ${T} ${externalChain} fib saddr type local goto ${serviceChain} comment "short-circuit local traffic"`,
      );
    }
    if (plan.hasExternalEndpoints) {
      lines.push(`add rule ${T} ${externalChain} goto ${plan.externalPolicyLocal ? localChain : serviceChain}`);
    }
  }
  if (plan.usesFirewallChain) {
    lines.push(`add chain ${T} ${firewallChain}`);
    lines.push(`add rule ${T} ${firewallChain} ${ip} saddr != { ${plan.sourceRanges.join(", ")} } drop`);
    for (const ip of plan.loadBalancerIPs) {
      elements.push(`add element ${T} firewall-ips { ${ip} . ${proto} . ${port} : goto ${firewallChain} }`);
    }
  }
  for (const ep of plan.reachableEndpoints) {
    const chain = endpointChain(plan, ep);
    lines.push(`add chain ${T} ${chain}`);
    lines.push(`add rule ${T} ${chain} ${ip} saddr ${ep.endpoint.ip} jump mark-for-masquerade`);
    if (plan.affinitySeconds !== null) {
      const set = nftAffinitySetName(plan.parts, proto, ep.address);
      lines.push(
        `add set ${T} ${set} { type ${addrType} ; flags dynamic,timeout ; timeout ${plan.affinitySeconds}s ; }`,
      );
      lines.push(`add rule ${T} ${chain} update @${set} { ${ip} saddr }`);
    }
    lines.push(`add rule ${T} ${chain} meta l4proto ${proto} dnat to ${ep.address}`);
  }

  elements.push(`add element ${T} cluster-ips { ${plan.clusterIP} }`);
  if (plan.hasInternalEndpoints) {
    const target = plan.internalPolicyLocal ? localChain : serviceChain;
    elements.push(`add element ${T} service-ips { ${plan.clusterIP} . ${proto} . ${port} : goto ${target} }`);
  } else {
    const verdict = plan.hasEndpoints ? "drop" : "goto reject-chain";
    elements.push(`add element ${T} no-endpoint-services { ${plan.clusterIP} . ${proto} . ${port} : ${verdict} }`);
  }
  const externalVerdict = plan.hasEndpoints ? "drop" : "goto reject-chain";
  for (const ip of [...plan.externalIPs, ...plan.loadBalancerIPs]) {
    if (plan.usesExternalTrafficChain) {
      elements.push(`add element ${T} service-ips { ${ip} . ${proto} . ${port} : goto ${externalChain} }`);
    }
    if (!plan.hasExternalEndpoints) {
      elements.push(`add element ${T} no-endpoint-services { ${ip} . ${proto} . ${port} : ${externalVerdict} }`);
    }
  }
  if (plan.nodePort !== null) {
    if (plan.usesExternalTrafficChain) {
      elements.push(`add element ${T} service-nodeports { ${proto} . ${plan.nodePort} : goto ${externalChain} }`);
    }
    if (!plan.hasExternalEndpoints) {
      elements.push(`add element ${T} no-endpoint-nodeports { ${proto} . ${plan.nodePort} : ${externalVerdict} }`);
    }
  }
}

/**
 * The node's kube-proxy nftables ruleset as `nft -f` input: table `ip kube-proxy`, or with family IPv6 its IPv6
 * proxier's table `ip6 kube-proxy` (the same chains for the Services' IPv6 addresses; call it for IPv6 only when
 * hasIPv6Proxier). Nodes have IPv4 addresses only in scenarios, so the IPv6 table has no nodeport-ips element.
 */
export function nftablesRuleset(scenario: Scenario, nodeName: string, family: IpFamily = "IPv4"): string {
  const f = FAMILIES[family];
  const v4 = family === "IPv4";
  const lines = new Transaction();
  setup(lines, v4 ? scenario.serviceCIDR : (scenario.serviceCIDRs[1] ?? ""), f);
  const node = scenario.nodes.find((n) => n.name === nodeName);
  if (node !== undefined && v4) lines.push(`add element ${f.T} nodeport-ips { ${node.ip} }`);
  const clusterCIDR = v4 ? scenario.clusterCIDR : (scenario.clusterCIDRs[1] ?? "");
  for (const plan of servicePortPlans(scenario, nodeName, family)) writePlan(lines, plan, clusterCIDR, f);
  return lines.text();
}
