/**
 * The shape of kube-proxy's iptables rules as values (matches, targets, rules, tables) and the builder that
 * collects them in the order kube-proxy writes them (iptables-rules.ts assembles a node's tables;
 * iptables-text.ts prints them; iptables-walk.ts runs packets through them).
 */
import type { ServicePortPlan } from "./service-ports";

export type TableName = "filter" | "nat";

export type Match =
  | { readonly kind: "comment"; readonly text: string }
  /** "-m tcp -p tcp" */
  | { readonly kind: "protocol"; readonly protocol: string }
  | { readonly kind: "destination"; readonly cidr: string; readonly negated: boolean }
  | { readonly kind: "source"; readonly cidr: string; readonly negated: boolean }
  | { readonly kind: "dport"; readonly port: number }
  | { readonly kind: "addrtype"; readonly direction: "src" | "dst" }
  | { readonly kind: "statistic"; readonly probability: string }
  | { readonly kind: "recent-check"; readonly name: string; readonly seconds: number }
  | { readonly kind: "recent-set"; readonly name: string }
  /** "-m mark --mark value/mask": holds when (mark & mask) === value */
  | { readonly kind: "mark"; readonly value: number; readonly mask: number; readonly negated: boolean }
  | { readonly kind: "conntrack"; readonly states: readonly string[]; readonly negated: boolean };

export type Target =
  | { readonly kind: "jump"; readonly chain: string }
  | { readonly kind: "DNAT"; readonly to: string }
  | { readonly kind: "MARK"; readonly op: "or" | "xor"; readonly value: string }
  /** --random-fully: kube-proxy adds it when iptables supports it (≥ 1.6.2, every current distribution) */
  | { readonly kind: "MASQUERADE"; readonly randomFully: boolean }
  | { readonly kind: "RETURN" | "REJECT" | "DROP" | "ACCEPT" | "none" };

export interface IptablesRule {
  readonly table: TableName;
  readonly chain: string;
  readonly matches: readonly Match[];
  readonly target: Target;
  /** why kube-proxy writes this rule */
  readonly reason: string;
  /** the Service port the rule belongs to (null for kube-proxy's shared rules) */
  readonly owner: ServicePortPlan | null;
}

export interface ChainDeclaration {
  readonly name: string;
  /** built-in chains carry a policy ("ACCEPT"); kube-proxy's own chains "-" */
  readonly policy: "ACCEPT" | "-";
}

export interface IptablesTable {
  readonly name: TableName;
  readonly chains: readonly ChainDeclaration[];
  /** in the order kube-proxy writes them */
  readonly rules: readonly IptablesRule[];
  readonly rulesByChain: ReadonlyMap<string, readonly IptablesRule[]>;
}

export interface IptablesRuleset {
  readonly node: string;
  readonly filter: IptablesTable;
  readonly nat: IptablesTable;
  /** pkg/proxy/iptables: more than 1000 endpoints → per-endpoint comments are left out */
  readonly largeClusterMode: boolean;
}

// proxier.go constants
export const KUBE_SERVICES = "KUBE-SERVICES";
export const KUBE_EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
export const KUBE_NODEPORTS = "KUBE-NODEPORTS";
export const KUBE_POSTROUTING = "KUBE-POSTROUTING";
export const KUBE_MARK_MASQ = "KUBE-MARK-MASQ";
export const KUBE_FORWARD = "KUBE-FORWARD";
export const KUBE_PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
/** kubelet's copy of the anti-martian rule chain; kube-proxy writes it too (localhost NodePorts are on) */
export const KUBE_FIREWALL = "KUBE-FIREWALL";
/** --masquerade-bit 14 */
export const MASQUERADE_MARK = "0x4000";
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

export const comment = (text: string): Match => ({ kind: "comment", text });
export const protocolMatch = (protocol: string): Match => ({ kind: "protocol", protocol });
export const destination = (cidr: string, negated = false): Match => ({ kind: "destination", cidr, negated });
export const source = (cidr: string, negated = false): Match => ({ kind: "source", cidr, negated });
export const dport = (port: number): Match => ({ kind: "dport", port });
export const jump = (chain: string): Target => ({ kind: "jump", chain });
export const conntrackNew: Match = { kind: "conntrack", states: ["NEW"], negated: false };

/** proxier.go computeProbability: 1/n printed with 10 decimals ("%0.10f"). */
export function probabilityString(n: number): string {
  return (1 / n).toFixed(10);
}

export class TableBuilder {
  readonly chains: ChainDeclaration[] = [];
  readonly rules: IptablesRule[] = [];
  constructor(readonly name: TableName) {}
  declare(name: string, policy: "ACCEPT" | "-" = "-"): void {
    this.chains.push({ name, policy });
  }
  add(chain: string, matches: readonly Match[], target: Target, reason: string, owner: ServicePortPlan | null = null) {
    this.rules.push({ table: this.name, chain, matches, target, reason, owner });
  }
  build(): IptablesTable {
    const { name, chains, rules } = this;
    // Only the walker needs rules grouped by chain; printing does not, so group on first use.
    let byChain: Map<string, IptablesRule[]> | null = null;
    return {
      name,
      chains,
      rules,
      get rulesByChain(): ReadonlyMap<string, readonly IptablesRule[]> {
        if (byChain === null) {
          byChain = new Map();
          for (const chain of chains) byChain.set(chain.name, []);
          for (const rule of rules) byChain.get(rule.chain)?.push(rule);
        }
        return byChain;
      },
    };
  }
}
