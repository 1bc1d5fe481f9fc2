/**
 * The rules of one Service port on one node (pkg/proxy/iptables/proxier.go syncProxyRules, the loop over
 * svcPortMap): ClusterIP, external IP, load balancer and NodePort capture, the filter table's REJECT/DROP rules,
 * the health check node port, and the KUBE-SVC/SVL/EXT/FW/SEP chains.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  comment,
  destination,
  dport,
  jump,
  probabilityString,
  protocolMatch,
  source,
  type Match,
  type TableBuilder,
} from "./iptables-model";
import { inCidr } from "./addresses";
import type { ServicePortPlan } from "./service-ports";

// Reasons are shared constants: a large cluster has tens of thousands of rules, and the rule itself carries the
// specifics (addresses, probabilities).
const REASON = {
  captureCluster: "traffic to the Service's ClusterIP and port goes to its Cluster traffic policy chain (KUBE-SVC)",
  captureLocal:
    "internalTrafficPolicy Local: traffic to the ClusterIP goes to the chain of this node's endpoints (KUBE-SVL)",
  noEndpoints: "the Service port has no usable endpoints: REJECT with ICMP port unreachable, so clients fail at once",
  noLocalEndpoints: "internalTrafficPolicy Local and no endpoint on this node: DROP, so clients time out",
  nodePort: "the NodePort goes to the Service's external-traffic chain (KUBE-EXT)",
  externalIP: "traffic to an external IP of the Service goes to its external-traffic chain (KUBE-EXT)",
  loadBalancerIP:
    "traffic to the load balancer IP goes to the external-traffic chain (KUBE-EXT), or to the firewall chain (KUBE-FW) when loadBalancerSourceRanges is set",
  externalNoEndpoints: "no usable endpoints: traffic to the external or load balancer IP is rejected",
  externalNoLocalEndpoints:
    "externalTrafficPolicy Local and no endpoint on this node: external traffic that was not short-circuited is dropped",
  firewallDrop:
    "loadBalancerSourceRanges: a packet still addressed to the load balancer IP was not accepted (DNATed) by KUBE-FW, so it is dropped",
  firewallAllow: "loadBalancerSourceRanges: a source in this range goes on to the external-traffic chain",
  firewallAllowNode:
    "the node's own address is in a source range: a packet looped back from the VIP itself is let through",
  firewallEnd: "anything else falls off KUBE-FW undNATed and is dropped by the filter table's KUBE-PROXY-FIREWALL",
  healthCheck:
    "the health check node port: kube-proxy's health server answers the load balancer's probes (200 with local endpoints, 503 without)",
  offClusterMasquerade:
    "sources outside the cluster CIDR (node processes, hostNetwork pods, off-cluster clients) are masqueraded so replies come back through this node",
  affinityCheck: "ClientIP affinity: a client seen within the timeout goes back to the endpoint it had",
  pickWithProbability:
    "endpoint i of n: taken with probability 1/(n-i) of the packets that reach this rule, so 1/n overall",
  pickLast: "last endpoint: takes every packet that reaches it (1/n overall)",
  hairpin: "hairpin: a pod reaching itself through its Service is masqueraded, or its reply would bypass conntrack",
  dnat: "rewrite the destination to the endpoint; conntrack remembers the translation",
  dnatAffinity: "rewrite the destination to the endpoint and record the client for ClientIP affinity",
} as const;

export function writeServicePort(
  plan: ServicePortPlan,
  clusterCIDR: string,
  nodeIP: string | null,
  filter: TableBuilder,
  nat: TableBuilder,
  largeClusterMode: boolean,
): void {
  const { name, protocol, clusterIP } = plan;
  const port = plan.port.port;
  const proto = protocolMatch(protocol);

  // Capture the ClusterIP, or say in the filter table why nothing will answer.
  const clusterIPComment = comment(`${name} cluster IP`);
  // proxier.go: the off-cluster rules need the family's --cluster-cidr (its LocalDetector); without one, none
  if (plan.hasInternalEndpoints && clusterCIDR !== "") {
    nat.add(
      KUBE_SERVICES,
      [clusterIPComment, proto, destination(clusterIP), dport(port)],
      jump(plan.internalTrafficChain),
      plan.internalPolicyLocal ? REASON.captureLocal : REASON.captureCluster,
      plan,
    );
  } else if (!plan.hasEndpoints) {
    filter.add(
      KUBE_SERVICES,
      [comment(`${name} has no endpoints`), proto, destination(clusterIP), dport(port)],
      { kind: "REJECT" },
      REASON.noEndpoints,
      plan,
    );
  } else {
    filter.add(
      KUBE_SERVICES,
      [comment(`${name} has no local endpoints`), proto, destination(clusterIP), dport(port)],
      { kind: "DROP" },
      REASON.noLocalEndpoints,
      plan,
    );
  }

  // Either no endpoints at all (REJECT) or none for external traffic (DROP what KUBE-EXT did not short-circuit)
  const externalFilterTarget = plan.hasEndpoints ? "DROP" : "REJECT";
  const externalFilterComment = comment(`${name} has no ${plan.hasEndpoints ? "local " : ""}endpoints`);
  const externalFilterReason = plan.hasEndpoints ? REASON.externalNoLocalEndpoints : REASON.externalNoEndpoints;

  for (const ip of plan.externalIPs) {
    if (plan.hasEndpoints) {
      nat.add(
        KUBE_SERVICES,
        [comment(`${name} external IP`), proto, destination(ip), dport(port)],
        jump(plan.externalChain),
        REASON.externalIP,
        plan,
      );
    }
    if (!plan.hasExternalEndpoints) {
      filter.add(
        KUBE_EXTERNAL_SERVICES,
        [externalFilterComment, proto, destination(ip), dport(port)],
        { kind: externalFilterTarget },
        externalFilterReason,
        plan,
      );
    }
  }

  for (const ip of plan.loadBalancerIPs) {
    if (plan.hasEndpoints) {
      nat.add(
        KUBE_SERVICES,
        [comment(`${name} loadbalancer IP`), proto, destination(ip), dport(port)],
        jump(plan.loadBalancerTrafficChain),
        REASON.loadBalancerIP,
        plan,
      );
    }
    if (plan.usesFirewallChain) {
      filter.add(
        KUBE_PROXY_FIREWALL,
        [comment(`${name} traffic not accepted by ${plan.firewallChain}`), proto, destination(ip), dport(port)],
        { kind: "DROP" },
        REASON.firewallDrop,
        plan,
      );
    }
  }
  if (!plan.hasExternalEndpoints) {
    for (const ip of plan.loadBalancerIPs) {
      filter.add(
        KUBE_EXTERNAL_SERVICES,
        [externalFilterComment, proto, destination(ip), dport(port)],
        { kind: externalFilterTarget },
        externalFilterReason,
        plan,
      );
    }
  }

  if (plan.nodePort !== null) {
    if (plan.hasEndpoints) {
      nat.add(
        KUBE_NODEPORTS,
        [comment(name), proto, dport(plan.nodePort)],
        jump(plan.externalChain),
        REASON.nodePort,
        plan,
      );
    }
    if (!plan.hasExternalEndpoints) {
      filter.add(
        KUBE_EXTERNAL_SERVICES,
        [externalFilterComment, { kind: "addrtype", direction: "dst" }, proto, dport(plan.nodePort)],
        { kind: externalFilterTarget },
        externalFilterReason,
        plan,
      );
    }
  }

  if (plan.healthCheckNodePort !== null) {
    // no matter whether this node has local endpoints, the health check port accepts connections
    filter.add(
      KUBE_NODEPORTS,
      [comment(`${name} health check node port`), protocolMatch("tcp"), dport(plan.healthCheckNodePort)],
      { kind: "ACCEPT" },
      REASON.healthCheck,
      plan,
    );
  }

  // proxier.go: the off-cluster rules need the family's --cluster-cidr (its LocalDetector); without one, none
  if (plan.hasInternalEndpoints && clusterCIDR !== "") {
    nat.add(
      plan.internalTrafficChain,
      [clusterIPComment, proto, destination(clusterIP), dport(port), source(clusterCIDR, true)],
      jump(KUBE_MARK_MASQ),
      REASON.offClusterMasquerade,
      plan,
    );
  }

  if (plan.usesExternalTrafficChain) {
    nat.declare(plan.externalChain);
    if (!plan.externalPolicyLocal) {
      nat.add(
        plan.externalChain,
        [comment(`masquerade traffic for ${name} external destinations`)],
        jump(KUBE_MARK_MASQ),
        "externalTrafficPolicy Cluster: the endpoint may be on another node, so external traffic is masqueraded",
        plan,
      );
    } else {
      if (clusterCIDR !== "")
        nat.add(
          plan.externalChain,
          [comment(`pod traffic for ${name} external destinations`), source(clusterCIDR)],
          jump(plan.clusterPolicyChain),
          "pod traffic to a NodePort is short-circuited to the Cluster policy chain",
          plan,
        );
      nat.add(
        plan.externalChain,
        [comment(`masquerade LOCAL traffic for ${name} external destinations`), { kind: "addrtype", direction: "src" }],
        jump(KUBE_MARK_MASQ),
        "traffic from the node itself is masqueraded",
        plan,
      );
      nat.add(
        plan.externalChain,
        [comment(`route LOCAL traffic for ${name} external destinations`), { kind: "addrtype", direction: "src" }],
        jump(plan.clusterPolicyChain),
        "traffic from the node itself uses the Cluster policy chain",
        plan,
      );
    }
    if (plan.hasExternalEndpoints) {
      nat.add(
        plan.externalChain,
        [],
        jump(plan.externalPolicyChain),
        "other external traffic follows externalTrafficPolicy",
        plan,
      );
    }
  }

  if (plan.usesFirewallChain) {
    nat.declare(plan.firewallChain);
    const fwComment = comment(`${name} loadbalancer IP`);
    let allowFromNode = false;
    for (const range of plan.sourceRanges) {
      nat.add(plan.firewallChain, [fwComment, source(range)], jump(plan.externalChain), REASON.firewallAllow, plan);
      if (nodeIP !== null && inCidr(range, nodeIP)) allowFromNode = true;
    }
    if (allowFromNode) {
      for (const ip of plan.loadBalancerIPs) {
        nat.add(plan.firewallChain, [fwComment, source(ip)], jump(plan.externalChain), REASON.firewallAllowNode, plan);
      }
    }
    nat.add(
      plan.firewallChain,
      [comment(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)],
      { kind: "none" },
      REASON.firewallEnd,
      plan,
    );
  }

  if (plan.usesClusterPolicyChain) {
    nat.declare(plan.clusterPolicyChain);
    writeServiceToEndpointRules(nat, plan, plan.clusterPolicyChain, plan.clusterEndpoints, largeClusterMode);
  }
  if (plan.usesLocalPolicyChain) {
    nat.declare(plan.localPolicyChain);
    writeServiceToEndpointRules(nat, plan, plan.localPolicyChain, plan.localEndpoints, largeClusterMode);
  }

  for (const ep of plan.reachableEndpoints) {
    nat.declare(ep.chain);
    const base: Match[] = largeClusterMode ? [] : [comment(name)];
    nat.add(ep.chain, [...base, source(ep.endpoint.ip)], jump(KUBE_MARK_MASQ), REASON.hairpin, plan);
    const dnatMatches: Match[] = [...base];
    if (plan.affinitySeconds !== null) dnatMatches.push({ kind: "recent-set", name: ep.chain });
    dnatMatches.push(proto);
    nat.add(
      ep.chain,
      dnatMatches,
      { kind: "DNAT", to: ep.address },
      plan.affinitySeconds !== null ? REASON.dnatAffinity : REASON.dnat,
      plan,
    );
  }
}

function writeServiceToEndpointRules(
  nat: TableBuilder,
  plan: ServicePortPlan,
  chain: string,
  endpoints: readonly ServicePortPlan["clusterEndpoints"][number][],
  largeClusterMode: boolean,
): void {
  if (plan.affinitySeconds !== null) {
    for (const ep of endpoints) {
      const matches: Match[] = largeClusterMode ? [] : [comment(`${plan.name} -> ${ep.address}`)];
      matches.push({ kind: "recent-check", name: ep.chain, seconds: plan.affinitySeconds });
      nat.add(chain, matches, jump(ep.chain), REASON.affinityCheck, plan);
    }
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const matches: Match[] = largeClusterMode ? [] : [comment(`${plan.name} -> ${ep.address}`)];
    if (i < n - 1) matches.push({ kind: "statistic", probability: probabilityString(n - i) });
    nat.add(chain, matches, jump(ep.chain), i < n - 1 ? REASON.pickWithProbability : REASON.pickLast, plan);
  });
}
