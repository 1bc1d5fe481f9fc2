/**
 * The iptables rules kube-proxy programs on one node (pkg/proxy/iptables/proxier.go syncProxyRules, as its
 * TestOverallIPTablesRules expects them), as structured values first (iptables-model.ts) and iptables-restore
 * text second (iptables-text.ts), so the packet walker and the printed rules are the same data.
 */
import type { Scenario } from "../types";
import {
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_EXTERNAL_SERVICES,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  LARGE_CLUSTER_ENDPOINTS_THRESHOLD,
  MASQUERADE_MARK,
  TableBuilder,
  comment,
  conntrackNew,
  destination,
  jump,
  source,
  type IptablesRuleset,
} from "./iptables-model";
import { writeServicePort } from "./iptables-service-rules";
import { servicePortPlans } from "./service-ports";
import type { IpFamily } from "../cidr";

/**
 * The jump rules from the built-in chains. kube-proxy does not put them in its iptables-restore input; it
 * ensures them one by one with `iptables -I` (iptablesJumpChains, then kubelet's KUBE-FIREWALL jumps), so each
 * built-in chain holds them in the reverse of that list's order. We include them so the output is the node's
 * whole kube-proxy state and the walker can start from the netfilter hooks.
 */
function writeJumpRules(filter: TableBuilder, nat: TableBuilder, family: IpFamily): void {
  const ipv4 = family === "IPv4";
  const portals = comment("kubernetes service portals");
  const lbFirewall = comment("kubernetes load balancer firewall");
  const external = comment("kubernetes externally-visible service portals");
  if (ipv4) filter.add("INPUT", [], jump(KUBE_FIREWALL), "kubelet: drop martian packets to 127.0.0.0/8");
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
  if (ipv4) filter.add("OUTPUT", [], jump(KUBE_FIREWALL), "kubelet: drop martian packets to 127.0.0.0/8");
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

const rulesets = new WeakMap<Scenario, Map<string, IptablesRuleset>>();

/** Whether kube-proxy runs an ip6tables proxier too: the cluster has an IPv6 service range. */
export function hasIPv6Proxier(scenario: Scenario): boolean {
  return scenario.serviceCIDRs.length === 2;
}

/**
 * The rules kube-proxy in iptables mode programs on `nodeName` (cached per scenario value): with family IPv6,
 * what its ip6tables proxier writes (the same chains, names and rule shapes, for the Services' IPv6 addresses
 * and the pods' IPv6 endpoints; no localhost NodePorts, so no KUBE-FIREWALL and `! -d ::1/128` on the NodePort
 * jump). Call it for IPv6 only when hasIPv6Proxier.
 */
export function iptablesRuleset(scenario: Scenario, nodeName: string, family: IpFamily = "IPv4"): IptablesRuleset {
  let byNode = rulesets.get(scenario);
  if (byNode === undefined) {
    byNode = new Map();
    rulesets.set(scenario, byNode);
  }
  const key = family === "IPv4" ? nodeName : `${nodeName}\u0000${family}`;
  const cached = byNode.get(key);
  if (cached !== undefined) return cached;
  const ipv4 = family === "IPv4";

  const plans = servicePortPlans(scenario, nodeName, family);
  const filter = new TableBuilder("filter");
  const nat = new TableBuilder("nat");
  for (const builtin of ["INPUT", "FORWARD", "OUTPUT"]) filter.declare(builtin, "ACCEPT");
  for (const chain of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL])
    filter.declare(chain);
  for (const builtin of ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]) nat.declare(builtin, "ACCEPT");
  for (const chain of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) nat.declare(chain);
  writeJumpRules(filter, nat, family);

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
  // protection against route_localnet abuse (kubernetes/kubernetes#90259). IPv6 has no localhost NodePorts.
  if (ipv4) filter.declare(KUBE_FIREWALL);
  if (ipv4)
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

  // nodes have IPv4 addresses only in scenarios
  const nodeIP = ipv4 ? (scenario.nodes.find((n) => n.name === nodeName)?.ip ?? null) : null;
  const clusterCIDR = ipv4 ? scenario.clusterCIDR : (scenario.clusterCIDRs[1] ?? "");
  for (const plan of plans) writeServicePort(plan, clusterCIDR, nodeIP, filter, nat, largeClusterMode);

  nat.add(
    KUBE_SERVICES,
    [
      comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
      { kind: "addrtype", direction: "dst" },
      // proxier.go: localhost NodePorts never work for IPv6, so ::1 is left out
      ...(ipv4 ? [] : [destination("::1/128", true)]),
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
  byNode.set(key, ruleset);
  return ruleset;
}
