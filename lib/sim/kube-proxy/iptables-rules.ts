/**
 * The iptables rules kube-proxy programs on one node (pkg/proxy/iptables/proxier.go syncProxyRules, as its
 * TestOverallIPTablesRules expects them), as structured values first and iptables-restore text second, so the
 * packet walker and the printed rules are the same data.
 */
import type { Scenario } from "../types";
import { servicePortPlans, type ServicePortPlan } from "./service-ports";

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
const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

// Reasons are shared constants: a large cluster has tens of thousands of rules, and the rule itself carries the
// specifics (addresses, probabilities).
const REASON = {
  captureCluster: "traffic to the Service's ClusterIP and port goes to its Cluster traffic policy chain (KUBE-SVC)",
  captureLocal:
    "internalTrafficPolicy Local: traffic to the ClusterIP goes to the chain of this node's endpoints (KUBE-SVL)",
  noEndpoints: "the Service port has no usable endpoints: REJECT with ICMP port unreachable, so clients fail at once",
  noLocalEndpoints: "internalTrafficPolicy Local and no endpoint on this node: DROP, so clients time out",
  nodePort: "the NodePort goes to the Service's external-traffic chain (KUBE-EXT)",
  nodePortNoLocalEndpoints:
    "externalTrafficPolicy Local and no endpoint on this node: external NodePort traffic is dropped",
  nodePortNoEndpoints: "the Service port has no usable endpoints: NodePort traffic is rejected",
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

const comment = (text: string): Match => ({ kind: "comment", text });
const protocolMatch = (protocol: string): Match => ({ kind: "protocol", protocol });
const destination = (cidr: string, negated = false): Match => ({ kind: "destination", cidr, negated });
const source = (cidr: string, negated = false): Match => ({ kind: "source", cidr, negated });
const dport = (port: number): Match => ({ kind: "dport", port });
const jump = (chain: string): Target => ({ kind: "jump", chain });
const conntrackNew: Match = { kind: "conntrack", states: ["NEW"], negated: false };

/** proxier.go computeProbability: 1/n printed with 10 decimals ("%0.10f"). */
export function probabilityString(n: number): string {
  return (1 / n).toFixed(10);
}

class TableBuilder {
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

/**
 * The jump rules from the built-in chains. kube-proxy does not put them in its iptables-restore input; it
 * ensures them one by one with `iptables -I` (iptablesJumpChains, then kubelet's KUBE-FIREWALL jumps), so each
 * built-in chain holds them in the reverse of that list's order. We include them so the output is the node's
 * whole kube-proxy state and the walker can start from the netfilter hooks.
 */
function writeJumpRules(filter: TableBuilder, nat: TableBuilder): void {
  const portals = comment("kubernetes service portals");
  const lbFirewall = comment("kubernetes load balancer firewall");
  const external = comment("kubernetes externally-visible service portals");
  filter.add("INPUT", [], jump(KUBE_FIREWALL), "kubelet: drop martian packets to 127.0.0.0/8");
  filter.add("INPUT", [conntrackNew, lbFirewall], jump(KUBE_PROXY_FIREWALL), "loadBalancerSourceRanges checks");
  filter.add("INPUT", [comment("kubernetes health check service ports")], jump(KUBE_NODEPORTS), "health check ports");
  filter.add(
    "INPUT",
    [conntrackNew, external],
    jump(KUBE_EXTERNAL_SERVICES),
    "reject/drop NodePorts without endpoints",
  );
  filter.add("FORWARD", [conntrackNew, lbFirewall], jump(KUBE_PROXY_FIREWALL), "loadBalancerSourceRanges checks");
  filter.add("FORWARD", [comment("kubernetes forwarding rules")], jump(KUBE_FORWARD), "accept marked Service traffic");
  filter.add(
    "FORWARD",
    [conntrackNew, portals],
    jump(KUBE_SERVICES),
    "reject/drop routed Service traffic without endpoints",
  );
  filter.add(
    "FORWARD",
    [conntrackNew, external],
    jump(KUBE_EXTERNAL_SERVICES),
    "reject/drop external traffic without endpoints",
  );
  filter.add("OUTPUT", [], jump(KUBE_FIREWALL), "kubelet: drop martian packets to 127.0.0.0/8");
  filter.add("OUTPUT", [conntrackNew, lbFirewall], jump(KUBE_PROXY_FIREWALL), "loadBalancerSourceRanges checks");
  filter.add(
    "OUTPUT",
    [conntrackNew, portals],
    jump(KUBE_SERVICES),
    "reject/drop local Service traffic without endpoints",
  );
  nat.add("PREROUTING", [portals], jump(KUBE_SERVICES), "pod and external traffic to Service addresses");
  nat.add("OUTPUT", [portals], jump(KUBE_SERVICES), "locally generated traffic (node processes, hostNetwork pods)");
  nat.add("POSTROUTING", [comment("kubernetes postrouting rules")], jump(KUBE_POSTROUTING), "SNAT marked traffic");
}

function writeServicePort(
  plan: ServicePortPlan,
  clusterCIDR: string,
  filter: TableBuilder,
  nat: TableBuilder,
  largeClusterMode: boolean,
): void {
  const { name, protocol, clusterIP } = plan;
  const port = plan.port.port;
  const proto = protocolMatch(protocol);

  // Capture the ClusterIP, or say in the filter table why nothing will answer.
  const clusterIPComment = comment(`${name} cluster IP`);
  if (plan.hasInternalEndpoints) {
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
      const target = plan.hasEndpoints ? "DROP" : "REJECT";
      filter.add(
        KUBE_EXTERNAL_SERVICES,
        [
          comment(`${name} has no ${plan.hasEndpoints ? "local " : ""}endpoints`),
          { kind: "addrtype", direction: "dst" },
          proto,
          dport(plan.nodePort),
        ],
        { kind: target },
        plan.hasEndpoints ? REASON.nodePortNoLocalEndpoints : REASON.nodePortNoEndpoints,
        plan,
      );
    }
  }

  if (plan.hasInternalEndpoints) {
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

const rulesets = new WeakMap<Scenario, Map<string, IptablesRuleset>>();

/** The rules kube-proxy in iptables mode programs on `nodeName` (cached per scenario value). */
export function iptablesRuleset(scenario: Scenario, nodeName: string): IptablesRuleset {
  let byNode = rulesets.get(scenario);
  if (byNode === undefined) {
    byNode = new Map();
    rulesets.set(scenario, byNode);
  }
  const cached = byNode.get(nodeName);
  if (cached !== undefined) return cached;

  const plans = servicePortPlans(scenario, nodeName);
  const filter = new TableBuilder("filter");
  const nat = new TableBuilder("nat");
  for (const builtin of ["INPUT", "FORWARD", "OUTPUT"]) filter.declare(builtin, "ACCEPT");
  for (const chain of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL])
    filter.declare(chain);
  for (const builtin of ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]) nat.declare(builtin, "ACCEPT");
  for (const chain of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) nat.declare(chain);
  writeJumpRules(filter, nat);

  const mark = Number(MASQUERADE_MARK);
  nat.add(
    KUBE_POSTROUTING,
    [{ kind: "mark", value: mark, mask: mark, negated: true }],
    { kind: "RETURN" },
    "unmarked packets need no SNAT",
  );
  nat.add(
    KUBE_POSTROUTING,
    [],
    { kind: "MARK", op: "xor", value: MASQUERADE_MARK },
    "clear the mark so a packet that re-enters the stack is not masqueraded twice",
  );
  nat.add(
    KUBE_POSTROUTING,
    [comment("kubernetes service traffic requiring SNAT")],
    { kind: "MASQUERADE", randomFully: true },
    "source NAT to the outgoing interface's address",
  );
  nat.add(
    KUBE_MARK_MASQ,
    [],
    { kind: "MARK", op: "or", value: MASQUERADE_MARK },
    "mark the packet for SNAT in POSTROUTING (iptables-save prints --or-mark 0x4000 as --set-xmark 0x4000/0x4000)",
  );

  // Localhost NodePorts are on by default (--iptables-localhost-nodeports), so kube-proxy writes kubelet's
  // protection against route_localnet abuse (kubernetes/kubernetes#90259).
  filter.declare(KUBE_FIREWALL);
  filter.add(
    KUBE_FIREWALL,
    [
      comment("block incoming localnet connections"),
      destination("127.0.0.0/8"),
      source("127.0.0.0/8", true),
      { kind: "conntrack", states: ["RELATED", "ESTABLISHED", "DNAT"], negated: true },
    ],
    { kind: "DROP" },
    "block martian connections to 127.0.0.0/8 from other hosts (kubernetes/kubernetes#90259)",
  );

  let totalEndpoints = 0;
  for (const plan of plans) totalEndpoints += plan.allEndpointCount;
  const largeClusterMode = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;

  for (const plan of plans) writeServicePort(plan, scenario.clusterCIDR, filter, nat, largeClusterMode);

  nat.add(
    KUBE_SERVICES,
    [
      comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
      { kind: "addrtype", direction: "dst" },
    ],
    jump(KUBE_NODEPORTS),
    "anything addressed to one of the node's own addresses may be a NodePort",
  );

  // conntrack's nf_conntrack_tcp_be_liberal is off by default: drop INVALID packets (kubernetes/kubernetes#74839)
  filter.add(
    KUBE_FORWARD,
    [{ kind: "conntrack", states: ["INVALID"], negated: false }],
    { kind: "DROP" },
    "drop INVALID packets that would otherwise reset connections",
  );
  filter.add(
    KUBE_FORWARD,
    [comment("kubernetes forwarding rules"), { kind: "mark", value: mark, mask: mark, negated: false }],
    { kind: "ACCEPT" },
    "forward marked (masqueraded) Service traffic even if the FORWARD policy is DROP",
  );
  filter.add(
    KUBE_FORWARD,
    [
      comment("kubernetes forwarding conntrack rule"),
      { kind: "conntrack", states: ["RELATED", "ESTABLISHED"], negated: false },
    ],
    { kind: "ACCEPT" },
    "accept the rest of connections accepted above",
  );

  const ruleset: IptablesRuleset = { node: nodeName, filter: filter.build(), nat: nat.build(), largeClusterMode };
  byNode.set(nodeName, ruleset);
  return ruleset;
}

function quoted(text: string): string {
  return text.includes(" ") ? `"${text}"` : text;
}

function matchText(match: Match): string {
  switch (match.kind) {
    case "comment":
      return `-m comment --comment ${quoted(match.text)}`;
    case "protocol":
      return `-m ${match.protocol} -p ${match.protocol}`;
    case "destination":
      return `${match.negated ? "! " : ""}-d ${match.cidr}`;
    case "source":
      return `${match.negated ? "! " : ""}-s ${match.cidr}`;
    case "dport":
      return `--dport ${match.port}`;
    case "addrtype":
      return `-m addrtype --${match.direction}-type LOCAL`;
    case "statistic":
      return `-m statistic --mode random --probability ${match.probability}`;
    case "recent-check":
      return `-m recent --name ${match.name} --rcheck --seconds ${match.seconds} --reap`;
    case "recent-set":
      return `-m recent --name ${match.name} --set`;
    case "mark":
      return `-m mark ${match.negated ? "! " : ""}--mark 0x${match.value.toString(16)}/0x${match.mask.toString(16)}`;
    case "conntrack":
      return `-m conntrack ${match.negated ? "! " : ""}--ctstate ${match.states.join(",")}`;
  }
}

function targetText(target: Target): string {
  switch (target.kind) {
    case "jump":
      return `-j ${target.chain}`;
    case "DNAT":
      return `-j DNAT --to-destination ${target.to}`;
    case "MARK":
      return `-j MARK --${target.op}-mark ${target.value}`;
    case "MASQUERADE":
      return target.randomFully ? "-j MASQUERADE --random-fully" : "-j MASQUERADE";
    case "none":
      return "";
    default:
      return `-j ${target.kind}`;
  }
}

// Rules are immutable and cached per scenario; hops quote the same few rules on every trace.
const ruleTexts = new WeakMap<IptablesRule, string>();

/** One rule as kube-proxy writes it: "-A CHAIN matches… -j TARGET". */
export function ruleText(rule: IptablesRule): string {
  let text = ruleTexts.get(rule);
  if (text === undefined) {
    text = formatRule(rule);
    ruleTexts.set(rule, text);
  }
  return text;
}

function formatRule(rule: IptablesRule): string {
  let text = `-A ${rule.chain}`;
  for (const match of rule.matches) text += ` ${matchText(match)}`;
  const target = targetText(rule.target);
  return target === "" ? text : `${text} ${target}`;
}

function renderTable(table: IptablesTable, lines: string[]): void {
  lines.push(`*${table.name}`);
  for (const chain of table.chains) lines.push(`:${chain.name} ${chain.policy} [0:0]`);
  for (const rule of table.rules) lines.push(formatRule(rule));
  lines.push("COMMIT");
}

/** iptables-restore input: "*filter … COMMIT\n*nat … COMMIT\n". */
export function renderIptablesRestore(ruleset: IptablesRuleset): string {
  const lines: string[] = [];
  renderTable(ruleset.filter, lines);
  renderTable(ruleset.nat, lines);
  return `${lines.join("\n")}\n`;
}
