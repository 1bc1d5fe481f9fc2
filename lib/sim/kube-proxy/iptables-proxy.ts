/**
 * iptables mode: the connection's first packet walks the node's generated rules (nat PREROUTING or OUTPUT,
 * filter FORWARD/INPUT/OUTPUT, nat POSTROUTING); the hops are read off that walk, so the trace can never
 * disagree with `hopdrill iptables`.
 */
import type { Random } from "../random";
import type { Hop, Packet, Scenario } from "../types";
import {
  isLocallyGenerated,
  masqueradeAddress,
  masqueradeInterface,
  packetOf,
  probabilityLabel,
  processingNode,
  decided,
  serviceRef,
  type ConnectionAttempt,
  type DecisionBase,
  type ProxyDecision,
} from "./decision";
import { inCidr, joinHostPort } from "./addresses";
import { KUBE_MARK_MASQ, type IptablesRule, type IptablesRuleset } from "./iptables-model";
import { iptablesRuleset } from "./iptables-rules";
import { ruleText } from "./iptables-text";
import { walkHook, type WalkPacket, type WalkResult } from "./iptables-walk";
import { namedPortDetail, namedPortNote, topologyNote, type ServicePortPlan } from "./service-ports";
import { namespacedName } from "../namespaced-name";

const isEndpointJump = (rule: IptablesRule): boolean =>
  rule.target.kind === "jump" && rule.target.chain.startsWith("KUBE-SEP-");

const candidatesCache = new WeakMap<
  IptablesRuleset,
  Map<string, readonly { endpoint: string; probability: number }[]>
>();

/** The endpoints a policy chain load-balances over: its statistic rules and last rule, not the affinity checks. */
export function policyChainCandidates(
  ruleset: IptablesRuleset,
  chain: string,
  plan: ServicePortPlan,
): readonly { endpoint: string; probability: number }[] {
  let byChain = candidatesCache.get(ruleset);
  if (byChain === undefined) {
    byChain = new Map();
    candidatesCache.set(ruleset, byChain);
  }
  let candidates = byChain.get(chain);
  if (candidates === undefined) {
    const rules = (ruleset.nat.rulesByChain.get(chain) ?? []).filter(
      (rule) => isEndpointJump(rule) && !rule.matches.some((m) => m.kind === "recent-check"),
    );
    const n = rules.length;
    candidates = Object.freeze(
      rules.map((rule) => {
        const sep = rule.target.kind === "jump" ? rule.target.chain : "";
        const endpoint = plan.reachableEndpoints.find((ep) => ep.chain === sep)?.address ?? sep;
        return Object.freeze({ endpoint, probability: 1 / n });
      }),
    );
    byChain.set(chain, candidates);
  }
  return candidates;
}

function chainPath(nat: WalkResult, deciding: IptablesRule | null): string[] {
  const chains = [...nat.chains];
  if (deciding !== null && chains[chains.length - 1] !== deciding.chain) chains.push(deciding.chain);
  return chains;
}

export function iptablesConnection(scenario: Scenario, attempt: ConnectionAttempt, rng: Random): ProxyDecision {
  const nodeName = processingNode(scenario, attempt);
  const node = scenario.nodes.find((n) => n.name === nodeName);
  // the packet's family picks the proxier: an IPv6 packet walks the ip6tables rules
  const v6 = attempt.dstIP.includes(":");
  const ruleset = iptablesRuleset(scenario, nodeName, v6 ? "IPv6" : "IPv4");
  const local = isLocallyGenerated(scenario, attempt);
  const hook: "OUTPUT" | "PREROUTING" = local ? "OUTPUT" : "PREROUTING";
  const at = `node ${nodeName}`;
  const ctx = { localAddresses: new Set(node === undefined ? [] : [node.ip]), rng, pinned: attempt.endpoint ?? null };
  const original: Packet = packetOf(
    joinHostPort(attempt.client.ip, attempt.srcPort),
    joinHostPort(attempt.dstIP, attempt.dstPort),
    attempt.protocol,
  );
  const packet: WalkPacket = {
    src: attempt.client.ip,
    srcPort: attempt.srcPort,
    dst: attempt.dstIP,
    dstPort: attempt.dstPort,
    protocol: attempt.protocol,
    mark: 0,
    dnatted: false,
  };

  const nat = walkHook(ruleset.nat, hook, packet, ctx);
  const filterHook = local ? "OUTPUT" : ctx.localAddresses.has(packet.dst) ? "INPUT" : "FORWARD";
  const filter = walkHook(ruleset.filter, filterHook, packet, ctx);

  const base: DecisionBase = { mode: "iptables", node: nodeName, hook, packetBeforeNat: original };

  if (filter.verdict === "reject" || filter.verdict === "drop") {
    const rule = filter.matched[filter.matched.length - 1] ?? null;
    const plan = rule?.owner ?? null;
    const text = rule === null ? "" : ruleText(rule);
    const rejected = filter.verdict === "reject";
    const hop: Hop = {
      kind: rejected ? "proxy.reject" : "proxy.drop",
      at,
      summary: rejected
        ? `${plan?.name ?? "The Service"} has no usable endpoints, so kube-proxy wrote no DNAT rule; the filter table's ${rule?.chain ?? "KUBE-SERVICES"} rule "${plan?.name ?? ""} has no endpoints" REJECTs the packet with ICMP port unreachable and the client gets ECONNREFUSED at once.`
        : `${plan?.name ?? "The Service"} has internalTrafficPolicy Local and no endpoint on ${nodeName}; the filter table's ${rule?.chain ?? "KUBE-SERVICES"} rule "has no local endpoints" DROPs the packet silently, so the client's connect times out.`,
      packet: original,
      detail: {
        table: "filter",
        hook: filterHook,
        chain: rule?.chain ?? null,
        rule: text,
        reason: rule?.reason ?? null,
      },
    };
    return decided(base, {
      service: plan === null ? null : serviceRef(plan.parts),
      verdict: filter.verdict,
      chains: chainPath(nat, rule),
      masquerade: false,
      packetAfterNat: original,
      hops: [hop],
      note: null,
    });
  }

  const dnatRule = nat.verdict === "dnat" ? (nat.matched[nat.matched.length - 1] ?? null) : null;
  const plan = dnatRule?.owner ?? null;
  if (dnatRule === null || plan === null || dnatRule.target.kind !== "DNAT") {
    const inServiceRange = inCidr(v6 ? (scenario.serviceCIDRs[1] ?? "::/128") : scenario.serviceCIDR, attempt.dstIP);
    return decided(base, {
      service: null,
      verdict: "none",
      chains: nat.chains.length > 0 && inServiceRange ? [...nat.chains] : [],
      masquerade: false,
      packetAfterNat: original,
      hops: [],
      note: inServiceRange
        ? `No kube-proxy rule matches ${original.dst}/${attempt.protocol}: in iptables mode a packet to an unknown Service address or port is neither DNATed nor rejected; it is routed on unchanged and nothing answers.`
        : null,
    });
  }

  const dnatTo = dnatRule.target.to;
  const chosen = plan.reachableEndpoints.find((ep) => ep.address === dnatTo) ?? null;
  const captureRule = nat.matched.find((rule) => rule.owner === plan) ?? dnatRule;
  const pickRule = [...nat.matched].reverse().find(isEndpointJump) ?? dnatRule;
  const candidates = policyChainCandidates(ruleset, pickRule.chain, plan);
  const markRules = nat.matched.filter((rule) => rule.target.kind === "jump" && rule.target.chain === KUBE_MARK_MASQ);

  const post = walkHook(ruleset.nat, "POSTROUTING", packet, ctx);
  const masquerade = post.verdict === "masquerade";
  const backendNode = chosen?.endpoint.node ?? null;
  const snatIP = masquerade
    ? masqueradeAddress(scenario, nodeName, backendNode, chosen?.endpoint.pod.hostNetwork ?? false, v6)
    : attempt.client.ip;
  const afterDnat = packetOf(original.src, dnatTo, attempt.protocol);
  const afterNat = packetOf(joinHostPort(snatIP, attempt.srcPort), dnatTo, attempt.protocol);

  const viaNodePort = captureRule.chain === "KUBE-NODEPORTS";
  const hops: Hop[] = [
    {
      kind: "proxy.service",
      at,
      summary: viaNodePort
        ? `nat ${hook} → KUBE-SERVICES → KUBE-NODEPORTS: NodePort ${attempt.dstPort}/${attempt.protocol} belongs to ${plan.name}; the rule jumps to ${captureRule.target.kind === "jump" ? captureRule.target.chain : ""}.`
        : `nat ${hook} → KUBE-SERVICES: the rule "${plan.name} cluster IP" matches ${original.dst}/${attempt.protocol} and jumps to ${captureRule.target.kind === "jump" ? captureRule.target.chain : ""}.`,
      packet: original,
      detail: { table: "nat", hook, chain: captureRule.chain, rule: ruleText(captureRule), reason: captureRule.reason },
    },
    {
      kind: "proxy.endpoint",
      at,
      summary:
        (plan.affinitySeconds !== null
          ? `kube-proxy's rule ${pickRule.chain} picked ${dnatTo} (probability ${probabilityLabel(candidates[0]?.probability ?? 1)}): ClientIP affinity is on, but this client has no recent entry yet, so the random rules decide and the DNAT rule records the client for ${plan.affinitySeconds}s.`
          : `kube-proxy's rule ${pickRule.chain} picked ${dnatTo} (probability ${probabilityLabel(candidates[0]?.probability ?? 1)}).`) +
        topologyNote(plan),
      packet: original,
      detail: {
        topology: plan.topology,
        chain: pickRule.chain,
        rule: ruleText(pickRule),
        reason: pickRule.reason,
        candidates,
        draws: nat.draws.map((d) => ({
          rule: ruleText(d.rule),
          probability: d.probability,
          value: d.value,
          matched: d.matched,
        })),
      },
    },
    {
      kind: "proxy.dnat",
      at,
      summary: `${dnatRule.chain} rewrites the destination ${original.dst} → ${dnatTo}${chosen !== null ? ` (pod ${namespacedName(chosen.endpoint.pod)} on ${chosen.endpoint.node})${namedPortNote(plan, chosen)}` : ""}; conntrack records the translation so replies are reversed and later packets skip the rules.`,
      packet: afterDnat,
      detail: {
        chain: dnatRule.chain,
        rule: ruleText(dnatRule),
        reason: dnatRule.reason,
        namedTargetPort: chosen !== null ? namedPortDetail(plan, chosen) : null,
      },
    },
  ];
  if (masquerade) {
    const masqRule = post.matched.find((rule) => rule.target.kind === "MASQUERADE") ?? null;
    const why = markRules
      .map((rule) =>
        rule.chain.startsWith("KUBE-SEP-")
          ? "hairpin: the client is the chosen endpoint itself"
          : rule.chain.startsWith("KUBE-EXT-")
            ? "external (NodePort) traffic"
            : `the source ${attempt.client.ip} is outside the cluster CIDR ${v6 ? scenario.clusterCIDRs[1] : scenario.clusterCIDR}`,
      )
      .join("; ");
    hops.push({
      kind: "proxy.masquerade",
      at,
      summary: `KUBE-MARK-MASQ marked the packet (${why}); nat POSTROUTING → KUBE-POSTROUTING MASQUERADEs it: source ${original.src} → ${afterNat.src}, the address of ${masqueradeInterface(scenario, nodeName, backendNode, chosen?.endpoint.pod.hostNetwork ?? false, v6)} on ${nodeName}.`,
      packet: afterNat,
      detail: {
        markedBy: markRules.map(ruleText),
        chain: masqRule?.chain ?? null,
        rule: masqRule === null ? null : ruleText(masqRule),
        sourceAddress: snatIP,
      },
    });
  }

  return decided(base, {
    service: serviceRef(plan.parts),
    verdict: "dnat",
    chains: nat.chains,
    candidates,
    endpoint: chosen?.endpoint ?? null,
    dnatTo,
    masquerade,
    packetAfterNat: afterNat,
    hops,
    note: null,
  });
}
