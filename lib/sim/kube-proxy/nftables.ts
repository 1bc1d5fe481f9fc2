/**
 * nftables mode (pkg/proxy/nftables/proxier.go): table `ip kube-proxy`. ClusterIP traffic is dispatched by one
 * verdict-map lookup (`services` chain → @service-ips) to the Service's chain, which picks an endpoint chain with
 * one uniform draw (`numgen random mod n vmap {…}`). Services without endpoints are listed in
 * @no-endpoint-services (reject or drop); unknown ports of a ClusterIP are rejected and unallocated ClusterIPs
 * dropped by `cluster-ips-check` (iptables mode does neither).
 */
import type { Random } from "../random";
import type { Hop, Packet, Scenario } from "../types";
import { inCidr, joinHostPort } from "./addresses";
import { nftEndpointChainName, nftExternalChainName, nftLocalChainName, nftServiceChainName } from "./chain-names";
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

const SERVICES = "services";
const MARK_MASQ = "mark-for-masquerade";
const ENDPOINTS_CHECK = "service-endpoints-check";
const REJECT_CHAIN = "reject-chain";
const CLUSTER_IPS_CHECK = "cluster-ips-check";
/** "%#08x" of 1 << masqueradeBit(14) */
const NFT_MASQ_MARK = "0x004000";

function policyChain(plan: ServicePortPlan, local: boolean): string {
  return local ? nftLocalChainName(plan.parts, plan.protocol) : nftServiceChainName(plan.parts, plan.protocol);
}

export function nftablesConnection(scenario: Scenario, attempt: ConnectionAttempt, rng: Random): ProxyDecision {
  const nodeName = processingNode(scenario, attempt);
  const node = scenario.nodes.find((n) => n.name === nodeName);
  const locallyGenerated = isLocallyGenerated(scenario, attempt);
  const hook: "OUTPUT" | "PREROUTING" = locallyGenerated ? "OUTPUT" : "PREROUTING";
  const at = `node ${nodeName}`;
  const proto = attempt.protocol;
  const original: Packet = packetOf(
    joinHostPort(attempt.client.ip, attempt.srcPort),
    joinHostPort(attempt.dstIP, attempt.dstPort),
    proto,
  );
  // the packet's family picks the proxier: an IPv6 packet meets the ip6 kube-proxy table
  const v6 = attempt.dstIP.includes(":");
  const ip = v6 ? "ip6" : "ip";
  const serviceCIDR = v6 ? (scenario.serviceCIDRs[1] ?? "") : scenario.serviceCIDR;
  const clusterCIDR = v6 ? (scenario.clusterCIDRs[1] ?? "") : scenario.clusterCIDR;
  const plans = servicePortPlans(scenario, nodeName, v6 ? "IPv6" : "IPv4");
  const external = externalTarget(plans, node?.ip ?? null, attempt.dstIP, attempt.dstPort, proto);
  // external destinations (NodePort, load balancer IP, external IP) all go to the Service's external chain
  const toNodePort = external !== null || (node !== undefined && attempt.dstIP === node.ip);
  const fromPod = clusterCIDR !== "" && inCidr(clusterCIDR, attempt.client.ip);
  const plan =
    external?.plan ??
    plans.find((p) => p.clusterIP === attempt.dstIP && p.port.port === attempt.dstPort && p.protocol === proto);
  const base: DecisionBase = { mode: "nftables", node: nodeName, hook, packetBeforeNat: original };
  const filterChain = locallyGenerated ? "filter-output" : toNodePort ? "filter-input" : "filter-forward";

  // Service dispatch: is there a @service-ips (or @service-nodeports) element for this packet?
  const dispatched =
    plan !== undefined && (toNodePort ? plan.hasEndpoints : plan.hasInternalEndpoints) ? plan : undefined;

  if (dispatched === undefined) {
    // Pod traffic meets nat-prerouting (services) before filter-forward; locally generated traffic meets
    // filter-output (priority dstnat-10) before nat-output, so a reject/drop there never reaches services.
    const chains = locallyGenerated ? [] : [SERVICES];
    if (plan !== undefined) {
      // @no-endpoint-services / @no-endpoint-nodeports element: goto reject-chain, or drop for Local policy
      const rejected = !plan.hasEndpoints;
      const viaNodePort = external === null ? toNodePort : external.via === "nodeport";
      const element = `${viaNodePort ? "" : `${external === null ? plan.clusterIP : attempt.dstIP} . `}${proto} . ${attempt.dstPort} : ${rejected ? `goto ${REJECT_CHAIN}` : "drop"}`;
      chains.push(ENDPOINTS_CHECK);
      if (rejected) chains.push(REJECT_CHAIN);
      const hop: Hop = {
        kind: rejected ? "proxy.reject" : "proxy.drop",
        at,
        summary: rejected
          ? `${plan.name} has no usable endpoints: its element in the @${viaNodePort ? "no-endpoint-nodeports" : "no-endpoint-services"} map sends the packet to ${REJECT_CHAIN}, which rejects it; the client gets ECONNREFUSED at once.`
          : `${plan.name} has a Local traffic policy and no endpoint on ${nodeName}: its @no-endpoint-services element drops the packet, so the client's connect times out.`,
        packet: original,
        detail: {
          table: "ip kube-proxy",
          chain: ENDPOINTS_CHECK,
          baseChain: filterChain,
          rule: `${ip} daddr . meta l4proto . th dport vmap @no-endpoint-services`,
          element,
        },
      };
      return decided(base, {
        service: serviceRef(plan.parts),
        verdict: rejected ? "reject" : "drop",
        chains,
        masquerade: false,
        packetAfterNat: original,
        hops: [hop],
        note: null,
      });
    }
    if (!toNodePort && serviceCIDR !== "" && inCidr(serviceCIDR, attempt.dstIP)) {
      const allocated = plans.some((p) => p.clusterIP === attempt.dstIP);
      // cluster-ips-check hangs off filter-forward and filter-output-post-dnat: after the nat lookup either way
      if (locallyGenerated) chains.push(SERVICES);
      chains.push(CLUSTER_IPS_CHECK);
      const hop: Hop = {
        kind: allocated ? "proxy.reject" : "proxy.drop",
        at,
        summary: allocated
          ? `${attempt.dstIP} is a ClusterIP but no Service port ${attempt.dstPort}/${proto} exists on it; ${CLUSTER_IPS_CHECK} rejects traffic to invalid ports of ClusterIPs (connection refused).`
          : `${attempt.dstIP} is in the service CIDR but no Service has it; ${CLUSTER_IPS_CHECK} drops traffic to unallocated ClusterIPs (the connect times out).`,
        packet: original,
        detail: {
          table: "ip kube-proxy",
          chain: CLUSTER_IPS_CHECK,
          rule: allocated ? `${ip} daddr @cluster-ips reject` : `${ip} daddr { ${serviceCIDR} } drop`,
        },
      };
      return decided(base, {
        service: null,
        verdict: allocated ? "reject" : "drop",
        chains,
        masquerade: false,
        packetAfterNat: original,
        hops: [hop],
        note: null,
      });
    }
    return decided(base, {
      service: null,
      verdict: "none",
      chains: [],
      masquerade: false,
      packetAfterNat: original,
      hops: [],
      note: null,
    });
  }

  if (external?.via === "loadbalancer" && dispatched.usesFirewallChain) {
    const allowed = dispatched.sourceRanges.some((range) => inCidr(range, attempt.client.ip));
    if (!allowed) {
      // nftables proxier: firewall-check (filter, priority dstnat-10) → @firewall-ips → firewall-<hash>-… drops
      const firewall = `firewall-${nftServiceChainName(dispatched.parts, proto).slice("service-".length)}`;
      return decided(base, {
        service: serviceRef(dispatched.parts),
        verdict: "drop",
        chains: ["firewall-check", firewall],
        masquerade: false,
        packetAfterNat: original,
        hops: [
          {
            kind: "proxy.drop",
            at,
            summary: `${attempt.client.ip} is in none of ${dispatched.name}'s loadBalancerSourceRanges (${dispatched.sourceRanges.join(", ")}): firewall-check's @firewall-ips map sends the packet to ${firewall}, which drops it; the connect times out.`,
            packet: original,
            detail: {
              table: "ip kube-proxy",
              chain: firewall,
              rule: `${ip} saddr != { ${dispatched.sourceRanges.join(", ")} } drop`,
            },
          },
        ],
        note: null,
      });
    }
  }

  const chains: string[] = [SERVICES];
  let marked = false;
  const markedBy: string[] = [];
  let targetChain: string;
  let endpoints: readonly PlannedEndpoint[];
  let captureRule: string;
  if (toNodePort) {
    const externalChain = nftExternalChainName(dispatched.parts, proto);
    captureRule =
      external?.via === "nodeport" || external === null
        ? `fib daddr type local ${v6 ? "ip6 daddr != ::1" : "ip daddr != 127.0.0.0/8"} meta l4proto . th dport vmap @service-nodeports → ${proto} . ${attempt.dstPort} : goto ${externalChain}`
        : `${ip} daddr . meta l4proto . th dport vmap @service-ips → ${attempt.dstIP} . ${proto} . ${attempt.dstPort} : goto ${externalChain}`;
    chains.push(externalChain);
    if (!dispatched.externalPolicyLocal) {
      markedBy.push(`jump ${MARK_MASQ}`);
      chains.push(MARK_MASQ);
      marked = true;
      targetChain = policyChain(dispatched, false);
      endpoints = dispatched.clusterEndpoints;
    } else if (fromPod || locallyGenerated) {
      if (locallyGenerated) {
        markedBy.push(`fib saddr type local jump ${MARK_MASQ}`);
        chains.push(MARK_MASQ);
        marked = true;
      }
      targetChain = policyChain(dispatched, false);
      endpoints = dispatched.clusterEndpoints;
    } else {
      targetChain = policyChain(dispatched, true);
      endpoints = dispatched.localEndpoints;
    }
  } else {
    targetChain = policyChain(dispatched, dispatched.internalPolicyLocal);
    endpoints = dispatched.internalPolicyLocal ? dispatched.localEndpoints : dispatched.clusterEndpoints;
    captureRule = `${ip} daddr . meta l4proto . th dport vmap @service-ips → ${dispatched.clusterIP} . ${proto} . ${attempt.dstPort} : goto ${targetChain}`;
  }
  chains.push(targetChain);
  if (!toNodePort && !fromPod) {
    markedBy.push(
      `${ip} daddr ${dispatched.clusterIP} ${proto} dport ${attempt.dstPort} ${ip} saddr != ${clusterCIDR} jump ${MARK_MASQ}`,
    );
    chains.push(MARK_MASQ);
    marked = true;
  }

  const n = endpoints.length;
  if (n === 0) {
    // externalTrafficPolicy Local with no endpoint here: the external chain has no policy jump and the
    // @no-endpoint-nodeports element drops what falls through.
    const hop: Hop = {
      kind: "proxy.drop",
      at,
      summary: `${dispatched.name} has externalTrafficPolicy Local and no endpoint on ${nodeName}: its @no-endpoint-nodeports element drops the packet, so the client's connect times out.`,
      packet: original,
      detail: {
        table: "ip kube-proxy",
        chain: "nodeport-endpoints-check",
        element: `${proto} . ${attempt.dstPort} : drop`,
      },
    };
    return decided(base, {
      service: serviceRef(dispatched.parts),
      verdict: "drop",
      chains: [...chains, "nodeport-endpoints-check"],
      masquerade: false,
      packetAfterNat: original,
      hops: [hop],
      note: null,
    });
  }
  const index = pinnedIndex(attempt, endpoints, rng.int(0, n - 1));
  const chosen = endpoints[index] as PlannedEndpoint;
  const endpointChain = (ep: PlannedEndpoint) => nftEndpointChainName(dispatched.parts, proto, ep.address);
  const numgenRule = `numgen random mod ${n} vmap { ${endpoints.map((ep, i) => `${i} : goto ${endpointChain(ep)}`).join(" , ")} }`;
  const chosenChain = endpointChain(chosen);
  chains.push(chosenChain);
  if (chosen.endpoint.ip === attempt.client.ip) {
    markedBy.push(`${ip} saddr ${chosen.endpoint.ip} jump ${MARK_MASQ}`);
    chains.push(MARK_MASQ);
    marked = true;
  }
  const probability = 1 / n;
  const candidates = endpoints.map((ep) => ({ endpoint: ep.address, probability }));
  const snatIP = marked
    ? masqueradeAddress(scenario, nodeName, chosen.endpoint.node, chosen.endpoint.pod.hostNetwork, v6)
    : attempt.client.ip;
  const afterDnat = packetOf(original.src, chosen.address, proto);
  const afterNat = packetOf(joinHostPort(snatIP, attempt.srcPort), chosen.address, proto);

  const hops: Hop[] = [
    {
      kind: "proxy.service",
      at,
      summary: `nat-${hook.toLowerCase()} → ${SERVICES}: one lookup in the @${toNodePort ? "service-nodeports" : "service-ips"} verdict map finds ${dispatched.name} and jumps to ${chains[1]}.`,
      packet: original,
      detail: { table: "ip kube-proxy", baseChain: `nat-${hook.toLowerCase()}`, chain: SERVICES, rule: captureRule },
    },
    {
      kind: "proxy.endpoint",
      at,
      summary: `${targetChain} picked ${chosen.address} (probability ${probabilityLabel(probability)}) with one uniform draw: numgen random mod ${n} gave ${index}.${topologyNote(dispatched)}`,
      packet: original,
      detail: { chain: targetChain, rule: numgenRule, draw: index, candidates, topology: dispatched.topology },
    },
    {
      kind: "proxy.dnat",
      at,
      summary: `${chosenChain} rewrites the destination ${original.dst} → ${chosen.address}${namedPortNote(dispatched, chosen)}; conntrack records the translation for the reply.`,
      packet: afterDnat,
      detail: {
        chain: chosenChain,
        rule: `meta l4proto ${proto} dnat to ${chosen.address}`,
        namedTargetPort: namedPortDetail(dispatched, chosen),
      },
    },
  ];
  if (marked) {
    hops.push({
      kind: "proxy.masquerade",
      at,
      summary: `${MARK_MASQ} set mark ${NFT_MASQ_MARK}; nat-postrouting → masquerading MASQUERADEs the packet: source ${original.src} → ${afterNat.src}, the address of ${masqueradeInterface(scenario, nodeName, chosen.endpoint.node, chosen.endpoint.pod.hostNetwork, v6)}.`,
      packet: afterNat,
      detail: {
        markedBy,
        chain: "masquerading",
        rules: [
          `mark and ${NFT_MASQ_MARK} == 0 return`,
          `mark set mark xor ${NFT_MASQ_MARK}`,
          "masquerade fully-random",
        ],
        sourceAddress: snatIP,
      },
    });
  }
  return decided(base, {
    service: serviceRef(dispatched.parts),
    verdict: "dnat",
    chains,
    candidates,
    endpoint: chosen.endpoint,
    dnatTo: chosen.address,
    masquerade: marked,
    packetAfterNat: afterNat,
    hops,
    note: null,
  });
}
