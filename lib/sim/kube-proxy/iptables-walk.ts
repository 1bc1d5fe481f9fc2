/**
 * Walks one packet through generated iptables rules the way netfilter does (and the way kube-proxy's own
 * packet-flow tests do): a hook's built-in chain, rule by rule, following jumps and returns until a terminating
 * target. Only the first packet of a connection walks the nat table; conntrack replays its translation.
 */
import type { Random } from "../random";
import { inCidr } from "./addresses";
import type { IptablesRule, IptablesTable, Match } from "./iptables-model";

export interface WalkPacket {
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  readonly protocol: string;
  mark: number;
  /** set once a DNAT target rewrote the destination (conntrack state DNAT) */
  dnatted: boolean;
}

export interface StatisticDraw {
  readonly rule: IptablesRule;
  readonly probability: number;
  readonly value: number;
  readonly matched: boolean;
}

export type WalkVerdict = "accept" | "drop" | "reject" | "dnat" | "masquerade";

export interface WalkResult {
  readonly verdict: WalkVerdict;
  /** kube-proxy chains entered, in order (built-in chains left out) */
  readonly chains: readonly string[];
  /** rules whose matches all held, in order */
  readonly matched: readonly IptablesRule[];
  readonly draws: readonly StatisticDraw[];
}

export interface WalkContext {
  /** the node's own addresses (addrtype LOCAL) */
  readonly localAddresses: ReadonlySet<string>;
  readonly rng: Random;
  /**
   * "ip:port" of the endpoint the statistic draws must lead to, or null to let the draws decide. A pinned walk
   * draws as many values as a free one would and keeps each draw that already agrees with the pinned outcome;
   * a draw that disagrees is mapped into the interval that gives the pinned outcome ([0, p) to match, [p, 1)
   * not to), so every recorded draw is one the random source could have produced for that path.
   */
  readonly pinned: string | null;
}

const BUILTIN = new Set(["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]);

function isLocal(ip: string, ctx: WalkContext): boolean {
  return ctx.localAddresses.has(ip) || inCidr("127.0.0.0/8", ip);
}

// The first packet of a connection is NEW; once DNATed, the virtual state DNAT also holds.
function inState(packet: WalkPacket, state: string): boolean {
  return state === "NEW" || (state === "DNAT" && packet.dnatted);
}

function matches(
  match: Match,
  packet: WalkPacket,
  ctx: WalkContext,
  rule: IptablesRule,
  draws: StatisticDraw[],
): boolean {
  switch (match.kind) {
    case "comment":
      return true;
    case "protocol":
      return packet.protocol === match.protocol;
    case "destination":
      return inCidr(match.cidr, packet.dst) !== match.negated;
    case "source":
      return inCidr(match.cidr, packet.src) !== match.negated;
    case "dport":
      return packet.dstPort === match.port;
    case "addrtype":
      return isLocal(match.direction === "dst" ? packet.dst : packet.src, ctx);
    case "statistic": {
      const probability = Number(match.probability);
      const drawn = ctx.rng.float();
      const matched = ctx.pinned === null ? drawn < probability : leadsTo(rule, ctx.pinned);
      const value = drawIn(drawn, probability, matched);
      draws.push({ rule, probability, value, matched });
      return matched;
    }
    case "recent-check":
      // The simulated connection is the client's first: the affinity list has no entry for it yet.
      return false;
    case "recent-set":
      return true;
    case "mark":
      return ((packet.mark & match.mask) === match.value) !== match.negated;
    case "conntrack": {
      let held = false;
      for (const state of match.states) if (inState(packet, state)) held = true;
      return held !== match.negated;
    }
  }
}

/** Whether the rule jumps to the KUBE-SEP chain of the endpoint "ip:port". */
function leadsTo(rule: IptablesRule, endpoint: string): boolean {
  const target = rule.target;
  if (target.kind !== "jump" || rule.owner === null) return false;
  return rule.owner.reachableEndpoints.some((ep) => ep.chain === target.chain && ep.address === endpoint);
}

/** `drawn` when it gives `matched` against `probability`; otherwise its image in the interval that does. */
function drawIn(drawn: number, probability: number, matched: boolean): number {
  if (drawn < probability === matched) return drawn;
  return matched ? drawn * probability : probability + drawn * (1 - probability);
}

/** Runs `hook` (a built-in chain) of `table` on the packet, mutating it as the targets do. */
export function walkHook(table: IptablesTable, hook: string, packet: WalkPacket, ctx: WalkContext): WalkResult {
  const chains: string[] = [];
  const matched: IptablesRule[] = [];
  const draws: StatisticDraw[] = [];
  const rulesByChain = table.rulesByChain;

  // Returns a terminating verdict, or null when the chain fell through or RETURNed.
  const runChain = (chain: string, depth: number): WalkVerdict | null => {
    if (depth > 32) return "drop"; // netfilter refuses loops; our rules have none
    if (!BUILTIN.has(chain)) chains.push(chain);
    for (const rule of rulesByChain.get(chain) ?? []) {
      let all = true;
      for (const match of rule.matches) {
        if (!matches(match, packet, ctx, rule, draws)) {
          all = false;
          break;
        }
      }
      if (!all) continue;
      matched.push(rule);
      const target = rule.target;
      switch (target.kind) {
        case "jump": {
          const verdict = runChain(target.chain, depth + 1);
          if (verdict !== null) return verdict;
          break;
        }
        case "DNAT": {
          const colon = target.to.lastIndexOf(":");
          packet.dst = target.to.slice(0, colon);
          packet.dstPort = Number(target.to.slice(colon + 1));
          packet.dnatted = true;
          return "dnat";
        }
        case "MARK": {
          const value = Number(target.value);
          packet.mark = target.op === "or" ? packet.mark | value : packet.mark ^ value;
          break;
        }
        case "MASQUERADE":
          return "masquerade";
        case "RETURN":
          return null;
        case "REJECT":
          return "reject";
        case "DROP":
          return "drop";
        case "ACCEPT":
          return "accept";
        case "none":
          break;
      }
    }
    return null;
  };

  const verdict = runChain(hook, 0) ?? "accept"; // built-in chain policy ACCEPT
  return { verdict, chains, matched, draws };
}
