/** kube-proxy's iptables rules as text: one rule as kube-proxy writes it, and a node's iptables-restore input. */
import type { IptablesRule, IptablesRuleset, IptablesTable, Match, Target } from "./iptables-model";

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
