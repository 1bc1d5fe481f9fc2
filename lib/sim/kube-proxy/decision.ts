/**
 * The seam between the proxy walkers and the trace (connection.ts, dns-responder.ts): both sides read these
 * fields, so add fields, never rename them.
 */
import type { Endpoint } from "../endpoints";
import type { Hop, Packet, Scenario } from "../types";
import { addressInCidr, inCidr } from "./addresses";

export interface ConnectionAttempt {
  readonly client: {
    /** the packet's source address as it is at the handling node */
    readonly ip: string;
    /** the node whose netfilter sees the packet now */
    readonly node: string;
    readonly pod: string | null;
    /** generated in that node's own network namespace (nat OUTPUT), not arriving from a pod or the wire */
    readonly hostNetwork: boolean;
  };
  /** ephemeral source port chosen by the caller */
  readonly srcPort: number;
  readonly dstIP: string;
  readonly dstPort: number;
  readonly protocol: "tcp" | "udp";
  /**
   * "ip:port" of one of the candidates: kube-proxy's choice is made as if the random draw had picked it
   * (statistic rules, IPVS rr position, numgen value). The random source is drawn from as for a free choice.
   * Absent or null: the random source decides. An address that is no candidate cannot be honoured: callers
   * compare the decision's `dnatTo` with it.
   */
  readonly endpoint?: string | null;
}

export type ProxyMode = "iptables" | "ipvs" | "nftables";

export interface ProxyDecision {
  readonly mode: ProxyMode;
  /** null: dst is no Service address */
  readonly service: { readonly namespace: string; readonly name: string; readonly portName: string } | null;
  /** none: not a Service (plain pod/external IP) */
  readonly verdict: "dnat" | "reject" | "drop" | "none";
  /** path taken: iptables chains from KUBE-SERVICES on / nftables chains from "services" on / [] for IPVS */
  readonly chains: readonly string[];
  /** each usable endpoint with its overall chance of being picked */
  readonly candidates: readonly { endpoint: string; probability: number }[];
  readonly endpoint: Endpoint | null;
  /** "ip:port" */
  readonly dnatTo: string | null;
  readonly masquerade: boolean;
  /** the first packet as the client sent it */
  readonly packetBeforeNat: Packet;
  /** src/dst after DNAT and SNAT */
  readonly packetAfterNat: Packet;
  /** proxy.service, proxy.endpoint, proxy.dnat, proxy.masquerade | proxy.reject | proxy.drop */
  readonly hops: readonly Hop[];
  /** the node whose kube-proxy rules handled the packet (the client's, or the node a NodePort was sent to) */
  readonly node: string;
  /** the netfilter hook the packet entered by: PREROUTING (pod traffic) or OUTPUT (locally generated) */
  readonly hook: "PREROUTING" | "OUTPUT";
  /** one sentence when nothing matched although dst looked like a Service address, else null */
  readonly note: string | null;
}

export const packetOf = (src: string, dst: string, protocol: "tcp" | "udp"): Packet => ({ src, dst, protocol });

/**
 * The node whose kube-proxy rules see the packet: where the packet is now (`client.node`). The caller walks the
 * packet from node to node (connection.ts): a NodePort sent to another node's address is not handled here.
 */
export function processingNode(_scenario: Scenario, attempt: ConnectionAttempt): string {
  return attempt.client.node;
}

/** Locally generated on the handling node (a node process or hostNetwork pod): nat OUTPUT instead of PREROUTING. */
export function isLocallyGenerated(_scenario: Scenario, attempt: ConnectionAttempt): boolean {
  return attempt.client.hostNetwork;
}

/**
 * The source address MASQUERADE picks: the primary address of the interface the DNATed packet leaves by
 * (netfilter nf_nat_masquerade: inet_select_addr on the out device). Bridge CNIs (flannel vxlan/host-gw, kubenet
 * with cloud routes) reach same-node pods through cni0, whose address is the pod CIDR's first host; flannel's
 * vxlan device flannel.1 holds the pod CIDR's network address; otherwise the packet leaves by the node's NIC.
 */
export function masqueradeAddress(
  scenario: Scenario,
  nodeName: string,
  backendNode: string | null,
  hostBackend = false,
  ipv6 = false,
): string {
  const node = scenario.nodes.find((n) => n.name === nodeName);
  if (node === undefined) return "0.0.0.0";
  // a hostNetwork endpoint is a node address: it is reached over the node network, out of eth0
  if (hostBackend) return node.ip;
  const mode = scenario.cni.mode;
  // IPv6: cni0 and flannel-v6.1 hold the same offsets of the node's IPv6 pod CIDR (nodes have no IPv6 address
  // in scenarios, so the node-NIC cases have none to show)
  const podCIDR = ipv6 ? (node.podCIDRs[1] ?? node.podCIDR) : node.podCIDR;
  if (backendNode === nodeName) {
    return mode === "bgp" && !ipv6 ? node.ip : addressInCidr(podCIDR, 1);
  }
  return mode === "vxlan" || ipv6 ? addressInCidr(podCIDR, 0) : node.ip;
}

export function masqueradeInterface(
  scenario: Scenario,
  nodeName: string,
  backendNode: string | null,
  hostBackend = false,
  ipv6 = false,
): string {
  if (hostBackend) return "eth0";
  const mode = scenario.cni.mode;
  // flannel's IPv6 VXLAN device
  if (ipv6 && mode === "vxlan" && backendNode !== nodeName) return "flannel-v6.1";
  if (backendNode === nodeName) return mode === "bgp" ? "the node's primary interface (eth0)" : "cni0";
  return mode === "vxlan" ? "flannel.1" : mode === "bgp" ? "eth0" : "eth0";
}

export function inClusterCIDR(scenario: Scenario, ip: string): boolean {
  return inCidr(scenario.clusterCIDR, ip);
}

const probabilityLabels = new Map<number, string>();

/** 0.5 → "0.5", 1/3 → "0.3333" */
export function probabilityLabel(p: number): string {
  let label = probabilityLabels.get(p);
  if (label === undefined) {
    label = String(Number(p.toFixed(4)));
    if (probabilityLabels.size < 1000) probabilityLabels.set(p, label);
  }
  return label;
}

/** What every decision of one connection shares. */
export interface DecisionBase {
  readonly mode: ProxyMode;
  readonly node: string;
  readonly hook: "PREROUTING" | "OUTPUT";
  readonly packetBeforeNat: Packet;
}

const NO_CANDIDATES: ProxyDecision["candidates"] = [];

/** Builds the decision with a fixed property order (object spreads here cost more than the whole walk). */
export function decided(
  base: DecisionBase,
  outcome: {
    readonly service: ProxyDecision["service"];
    readonly verdict: ProxyDecision["verdict"];
    readonly chains: readonly string[];
    readonly candidates?: ProxyDecision["candidates"];
    readonly endpoint?: Endpoint | null;
    readonly dnatTo?: string | null;
    readonly masquerade: boolean;
    readonly packetAfterNat: Packet;
    readonly hops: readonly Hop[];
    readonly note?: string | null;
  },
): ProxyDecision {
  return {
    mode: base.mode,
    service: outcome.service,
    verdict: outcome.verdict,
    chains: outcome.chains,
    candidates: outcome.candidates ?? NO_CANDIDATES,
    endpoint: outcome.endpoint ?? null,
    dnatTo: outcome.dnatTo ?? null,
    masquerade: outcome.masquerade,
    packetBeforeNat: base.packetBeforeNat,
    packetAfterNat: outcome.packetAfterNat,
    hops: outcome.hops,
    node: base.node,
    hook: base.hook,
    note: outcome.note ?? null,
  };
}

/** The index of the endpoint the attempt pins, or `drawn` when it pins none of `endpoints`. */
export function pinnedIndex(
  attempt: ConnectionAttempt,
  endpoints: readonly { readonly address: string }[],
  drawn: number,
): number {
  const pinned = attempt.endpoint ?? null;
  if (pinned === null) return drawn;
  const index = endpoints.findIndex((ep) => ep.address === pinned);
  return index < 0 ? drawn : index;
}

export function serviceRef(parts: { readonly namespace: string; readonly name: string; readonly portName: string }) {
  return { namespace: parts.namespace, name: parts.name, portName: parts.portName };
}
