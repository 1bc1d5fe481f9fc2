/**
 * IPVS mode (pkg/proxy/ipvs): every ClusterIP is bound to the dummy interface kube-ipvs0, so packets to it are
 * local and meet the IPVS virtual server VIP:port, which rewrites the destination to a real server chosen by the
 * scheduler (rr by default). There are no KUBE-SVC/KUBE-SEP chains; iptables only marks packets for masquerade,
 * matched against ipsets (KUBE-CLUSTER-IP, KUBE-LOOP-BACK).
 */
import type { IpFamily } from "../cidr";
import type { Random } from "../random";
import type { Hop, Packet, Scenario } from "../types";
import { inCidr, joinHostPort } from "./addresses";
import { ipsetName } from "./ipvs-rules";
import {
  isLocallyGenerated,
  masqueradeAddress,
  masqueradeInterface,
  packetOf,
  pinnedIndex,
  probabilityLabel,
  processingNode,
  decided,
  serviceRef,
  type ConnectionAttempt,
  type DecisionBase,
  type ProxyDecision,
} from "./decision";
import {
  externalTarget,
  namedPortDetail,
  namedPortNote,
  servicePortPlans,
  topologyNote,
  type PlannedEndpoint,
  type ServicePortPlan,
} from "./service-ports";

// pkg/proxy/ipvs/proxier.go masquerade rules (shown in hop details), with the family's set names
const CLUSTER_IP_MASQ_RULE = (clusterCIDR: string, family: IpFamily) =>
  `-A KUBE-SERVICES ! -s ${clusterCIDR} -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set ${ipsetName("KUBE-CLUSTER-IP", family)} dst,dst -j KUBE-MARK-MASQ`;
const LOOP_BACK_RULE = (family: IpFamily) =>
  `-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set ${ipsetName("KUBE-LOOP-BACK", family)} dst,dst,src -j MASQUERADE`;

export function ipvsConnection(scenario: Scenario, attempt: ConnectionAttempt, rng: Random): ProxyDecision {
  const nodeName = processingNode(scenario, attempt);
  const node = scenario.nodes.find((n) => n.name === nodeName);
  const hook: "OUTPUT" | "PREROUTING" = isLocallyGenerated(scenario, attempt) ? "OUTPUT" : "PREROUTING";
  const at = `node ${nodeName}`;
  const original: Packet = packetOf(
    joinHostPort(attempt.client.ip, attempt.srcPort),
    joinHostPort(attempt.dstIP, attempt.dstPort),
    attempt.protocol,
  );
  // the packet's family picks the proxier: an IPv6 packet meets the IPv6 IPVS proxier's virtual servers and sets
  const v6 = attempt.dstIP.includes(":");
  const family: IpFamily = v6 ? "IPv6" : "IPv4";
  const clusterCIDR = v6 ? (scenario.clusterCIDRs[1] ?? null) : scenario.clusterCIDR;
  const plans = servicePortPlans(scenario, nodeName, family);
  const external = externalTarget(plans, node?.ip ?? null, attempt.dstIP, attempt.dstPort, attempt.protocol);
  // NodePorts, load balancer IPs and external IPs are all virtual servers; only a NodePort is on the node's address
  const toNodePort = external !== null || (node !== undefined && attempt.dstIP === node.ip);
  const plan: ServicePortPlan | undefined =
    external?.plan ??
    plans.find(
      (p) => p.clusterIP === attempt.dstIP && p.port.port === attempt.dstPort && p.protocol === attempt.protocol,
    );
  const base: DecisionBase = { mode: "ipvs", node: nodeName, hook, packetBeforeNat: original };
  const fromPod = clusterCIDR !== null && inCidr(clusterCIDR, attempt.client.ip);

  if (plan === undefined) {
    const vipBound = !toNodePort && plans.some((p) => p.clusterIP === attempt.dstIP);
    if (!vipBound) {
      return decided(base, {
        chains: [],
        service: null,
        verdict: "none",
        masquerade: false,
        packetAfterNat: original,
        hops: [],
        note: null,
      });
    }
    return decided(base, {
      chains: [],
      service: null,
      verdict: "reject",
      masquerade: false,
      packetAfterNat: original,
      hops: [
        {
          kind: "proxy.reject",
          at,
          summary: `${attempt.dstIP} is bound to kube-ipvs0 on ${nodeName}, but no IPVS virtual server listens on port ${attempt.dstPort}/${attempt.protocol}; the node's own stack answers and the connection is refused.`,
          packet: original,
          detail: { interface: "kube-ipvs0", virtualServer: null },
        },
      ],
      note: null,
    });
  }

  // Real servers: the endpoints the traffic policy allows (ClusterIP: internalTrafficPolicy; NodePort:
  // externalTrafficPolicy, with pod traffic short-circuited to all endpoints as in iptables mode).
  let realServers: readonly PlannedEndpoint[];
  if (toNodePort) realServers = plan.externalPolicyLocal && !fromPod ? plan.localEndpoints : plan.clusterEndpoints;
  else realServers = plan.internalPolicyLocal ? plan.localEndpoints : plan.clusterEndpoints;
  const virtualServer = `${attempt.protocol.toUpperCase()} ${joinHostPort(toNodePort ? attempt.dstIP : plan.clusterIP, attempt.dstPort)} rr`;
  const service = serviceRef(plan.parts);

  if (
    external?.via === "loadbalancer" &&
    plan.sourceRanges.length > 0 &&
    !plan.sourceRanges.some((range) => inCidr(range, attempt.client.ip))
  ) {
    // pkg/proxy/ipvs: KUBE-PROXY-FIREWALL → KUBE-SOURCE-RANGES-FIREWALL, which RETURNs sources in
    // KUBE-LOAD-BALANCER-SOURCE-CIDR and DROPs the rest
    return decided(base, {
      chains: [],
      service,
      verdict: "drop",
      masquerade: false,
      packetAfterNat: original,
      hops: [
        {
          kind: "proxy.drop",
          at,
          summary: `${attempt.client.ip} is in none of ${plan.name}'s loadBalancerSourceRanges (${plan.sourceRanges.join(", ")}): the ipset KUBE-LOAD-BALANCER-SOURCE-CIDR has no entry for it, so KUBE-SOURCE-RANGES-FIREWALL drops the packet and the connect times out.`,
          packet: original,
          detail: {
            table: "filter",
            chain: "KUBE-SOURCE-RANGES-FIREWALL",
            rule: "-A KUBE-SOURCE-RANGES-FIREWALL -j DROP",
            ipset: "KUBE-LOAD-BALANCER-SOURCE-CIDR",
          },
        },
      ],
      note: null,
    });
  }

  if (realServers.length === 0) {
    return decided(base, {
      chains: [],
      service,
      verdict: "reject",
      masquerade: false,
      packetAfterNat: original,
      hops: [
        {
          kind: "proxy.reject",
          at,
          summary: `IPVS virtual server ${virtualServer} for ${plan.name} has no real servers${plan.hasEndpoints ? ` on ${nodeName} (traffic policy Local)` : ""}; the address is local on kube-ipvs0, nothing listens there, and the client's connection is refused.`,
          packet: original,
          detail: { interface: "kube-ipvs0", virtualServer, realServers: [] },
        },
      ],
      note: null,
    });
  }

  // rr: the rotation's position is not observable from the scenario, so the seeded source picks where it stands.
  const index = pinnedIndex(attempt, realServers, rng.int(0, realServers.length - 1));
  const chosen = realServers[index] as PlannedEndpoint;
  const probability = 1 / realServers.length;
  const candidates = realServers.map((ep) => ({ endpoint: ep.address, probability }));
  const hairpin = chosen.endpoint.ip === attempt.client.ip;
  const externalMasq = toNodePort && !plan.externalPolicyLocal;
  // NodePort / load balancer / external IP traffic: KUBE-NODE-PORT and KUBE-LOAD-BALANCER RETURN what their
  // *-LOCAL ipsets hold (policy Local, the client's address kept) and mark the rest. The cluster-CIDR rule
  // (`-m set --match-set KUBE-CLUSTER-IP dst,dst ! -s CIDR -j KUBE-MARK-MASQ`) only matches ClusterIPs.
  // without a cluster CIDR for the family there is no off-cluster rule (ipvs-rules.ts), so nothing to match
  const masquerade = hairpin || (toNodePort ? externalMasq : clusterCIDR !== null && !fromPod);
  const snatIP = masquerade
    ? masqueradeAddress(scenario, nodeName, chosen.endpoint.node, chosen.endpoint.pod.hostNetwork, v6)
    : attempt.client.ip;
  const afterDnat = packetOf(original.src, chosen.address, attempt.protocol);
  const afterNat = packetOf(joinHostPort(snatIP, attempt.srcPort), chosen.address, attempt.protocol);

  const hops: Hop[] = [
    {
      kind: "proxy.service",
      at,
      summary: toNodePort
        ? `IPVS virtual server ${virtualServer} (${external?.via === "loadbalancer" ? "load balancer IP" : external?.via === "external-ip" ? "external IP" : "NodePort"} of ${plan.name}, bound to kube-ipvs0) on ${nodeName} takes the packet.`
        : `${plan.clusterIP} is an address of the dummy interface kube-ipvs0 on ${nodeName}, so the packet is local; IPVS virtual server ${virtualServer} (${plan.name}) takes it.`,
      packet: original,
      detail: {
        interface: "kube-ipvs0",
        virtualServer,
        scheduler: "rr",
        realServers: realServers.map((ep) => ep.address),
        hook,
      },
    },
    {
      kind: "proxy.endpoint",
      at,
      summary: `IPVS round robin picked real server ${chosen.address} (probability ${probabilityLabel(probability)}: each real server takes its turn; new connections rotate through ${realServers.length}).${topologyNote(plan)}`,
      packet: original,
      detail: {
        scheduler: "rr",
        realServers: realServers.map((ep) => ep.address),
        chosen: chosen.address,
        candidates,
        topology: plan.topology,
      },
    },
    {
      kind: "proxy.dnat",
      at,
      summary: `IPVS (masquerading forwarding) rewrites the destination ${original.dst} → ${chosen.address}${namedPortNote(plan, chosen)}; the IPVS connection table and conntrack remember it for the reply.`,
      packet: afterDnat,
      detail: { virtualServer, realServer: chosen.address, namedTargetPort: namedPortDetail(plan, chosen) },
    },
  ];
  if (masquerade) {
    const reason = hairpin
      ? `hairpin: the client is the chosen real server, listed in the ${ipsetName("KUBE-LOOP-BACK", family)} ipset`
      : externalMasq
        ? "external (NodePort, load balancer or external IP) traffic with externalTrafficPolicy Cluster"
        : `the source ${attempt.client.ip} is outside the cluster CIDR ${clusterCIDR ?? ""} (${ipsetName("KUBE-CLUSTER-IP", family)} ipset rule)`;
    hops.push({
      kind: "proxy.masquerade",
      at,
      summary: `${v6 ? "ip6tables" : "iptables"} marks the packet for SNAT (${reason}); KUBE-POSTROUTING MASQUERADEs it: source ${original.src} → ${afterNat.src}, the address of ${masqueradeInterface(scenario, nodeName, chosen.endpoint.node, chosen.endpoint.pod.hostNetwork, v6)}.`,
      packet: afterNat,
      detail: {
        rule: hairpin || clusterCIDR === null ? LOOP_BACK_RULE(family) : CLUSTER_IP_MASQ_RULE(clusterCIDR, family),
        sourceAddress: snatIP,
      },
    });
  }
  return decided(base, {
    chains: [],
    service,
    verdict: "dnat",
    candidates,
    endpoint: chosen.endpoint,
    dnatTo: chosen.address,
    masquerade,
    packetAfterNat: afterNat,
    hops,
    note: null,
  });
}
