/**
 * kube-proxy: the rules it programs on a node and the path one connection's first packet takes through them.
 */
import type { Endpoint } from "../endpoints";
import type { Random } from "../random";
import type { Hop, Packet, Scenario } from "../types";

export { servicePortChainName } from "./chain-names";

export interface ConnectionAttempt {
  readonly client: {
    readonly ip: string;
    readonly node: string;
    readonly pod: string | null;
    readonly hostNetwork: boolean;
  };
  /** ephemeral source port chosen by the caller */
  readonly srcPort: number;
  readonly dstIP: string;
  readonly dstPort: number;
  readonly protocol: "tcp" | "udp";
}

export interface ProxyDecision {
  readonly mode: "iptables" | "ipvs" | "nftables";
  /** null: dst is no Service IP */
  readonly service: { readonly namespace: string; readonly name: string; readonly portName: string } | null;
  /** none: not a Service (plain pod/external IP) */
  readonly verdict: "dnat" | "reject" | "drop" | "none";
  /** path taken (iptables chain names / nftables chains / [] for ipvs) */
  readonly chains: readonly string[];
  readonly candidates: readonly { endpoint: string; probability: number }[];
  readonly endpoint: Endpoint | null;
  /** "ip:port" */
  readonly dnatTo: string | null;
  readonly masquerade: boolean;
  /** src/dst after DNAT and SNAT */
  readonly packetAfterNat: Packet;
  /** proxy.service, proxy.endpoint, proxy.dnat, proxy.masquerade | proxy.reject | proxy.drop */
  readonly hops: readonly Hop[];
}

// First compiling version of the seam (sim-interface.md); the real walker follows.
export function proxyConnection(scenario: Scenario, attempt: ConnectionAttempt, _rng: Random): ProxyDecision {
  const packet: Packet = {
    src: `${attempt.client.ip}:${attempt.srcPort}`,
    dst: `${attempt.dstIP}:${attempt.dstPort}`,
    protocol: attempt.protocol,
  };
  return {
    mode: scenario.kubeProxy.mode,
    service: null,
    verdict: "none",
    chains: [],
    candidates: [],
    endpoint: null,
    dnatTo: null,
    masquerade: false,
    packetAfterNat: packet,
    hops: [],
  };
}

export function iptablesRestore(_scenario: Scenario, _nodeName: string): string {
  return "*filter\nCOMMIT\n*nat\nCOMMIT\n";
}
