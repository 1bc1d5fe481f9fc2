/**
 * kube-proxy: the rules it programs on a node and the path one connection's first packet takes through them,
 * in iptables (rules generated, then walked), IPVS and nftables modes.
 */
import type { Random } from "../random";
import type { Scenario } from "../types";
import type { ConnectionAttempt, ProxyDecision } from "./decision";
import { iptablesConnection } from "./iptables-proxy";
import { iptablesRuleset } from "./iptables-rules";
import type { IpFamily } from "../cidr";
import { renderIptablesRestore } from "./iptables-text";
import { ipvsConnection } from "./ipvs";
import { nftablesConnection } from "./nftables";

export type { ConnectionAttempt, ProxyDecision, ProxyMode } from "./decision";
export { masqueradeAddress } from "./decision";
export {
  portProtoHash,
  servicePortChainName,
  serviceLocalChainName,
  serviceExternalChainName,
  serviceFirewallChainName,
  servicePortEndpointChainName,
  nftServiceChainName,
  nftLocalChainName,
  nftExternalChainName,
  nftEndpointChainName,
  nftAffinitySetName,
  type ServicePortParts,
} from "./chain-names";
export { iptablesRuleset, hasIPv6Proxier } from "./iptables-rules";
export { renderIptablesRestore, ruleText } from "./iptables-text";
export { nftablesRuleset } from "./nftables-rules";
export { ipvsRules } from "./ipvs-rules";
export {
  probabilityString,
  type IptablesRule,
  type IptablesRuleset,
  type IptablesTable,
  type Match,
  type Target,
} from "./iptables-model";
export { walkHook, type WalkPacket, type WalkResult } from "./iptables-walk";
export { servicePortPlans, serviceEndpoints, type ServicePortPlan, type PlannedEndpoint } from "./service-ports";

/**
 * What kube-proxy on the handling node does with the first packet of a connection: which Service it matches,
 * which endpoint it picks (draws come from `rng`), DNAT and masquerade, or reject/drop. A packet to no Service
 * address comes back with verdict "none" and no hops.
 */
export function proxyConnection(scenario: Scenario, attempt: ConnectionAttempt, rng: Random): ProxyDecision {
  switch (scenario.kubeProxy.mode) {
    case "iptables":
      return iptablesConnection(scenario, attempt, rng);
    case "ipvs":
      return ipvsConnection(scenario, attempt, rng);
    case "nftables":
      return nftablesConnection(scenario, attempt, rng);
  }
}

/**
 * `hopdrill iptables`: the node's *filter and *nat tables in iptables-restore form, as kube-proxy writes them;
 * with family IPv6, its ip6tables proxier's (ip6tables-restore form). Call it for IPv6 only when hasIPv6Proxier.
 */
export function iptablesRestore(scenario: Scenario, nodeName: string, family: IpFamily = "IPv4"): string {
  return renderIptablesRestore(iptablesRuleset(scenario, nodeName, family));
}
