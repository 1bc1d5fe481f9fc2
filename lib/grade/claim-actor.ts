import { ACTOR_WORDS, type ActorId } from "./actors";
import type { AnalysedAnswer } from "./analyse";
import type { Match } from "./pattern";
import type { ScenarioFacts } from "./scenario-facts";

/**
 * Who a claim says does its step (lib/grade/claims.ts checks it against the concept's right and wrong actors):
 * the passive agent, the subject before the claim's own verb, a coordinated verb's subject or a pronoun's
 * antecedent; never the subject of a passive, a denied component or a qualifier ("app/bar").
 */

/** Names the scenario gives to actors: the client pod is the application, the Service and its pods the backend. */
export function scenarioActors(f: ScenarioFacts): Map<string, ActorId> {
  const names = new Map<string, ActorId>();
  const add = (name: string | null | undefined, actor: ActorId) => {
    if (name !== null && name !== undefined && name !== "") names.set(name.toLowerCase(), actor);
  };
  add(f.clientName, "app");
  add(f.service?.name, "backend");
  for (const pod of f.backendPods) add(pod, "backend");
  return names;
}

function tokenActor(text: AnalysedAnswer, i: number, names: ReadonlyMap<string, ActorId>): ActorId | null {
  const token = text.tokens[i];
  if (token === undefined || token.long) return null;
  // "app/bar:https", "billing/payments": a namespace qualifying the name after it
  if (text.answer.charCodeAt(token.end) === 47) return null;
  const byKey = ACTOR_WORDS[token.key] ?? ACTOR_WORDS[token.surface] ?? names.get(token.surface);
  // "→ local endpoint bar-1, DNAT to …": the pod named as the endpoint chosen is what the rules act on
  if (byKey === "backend" && ENDPOINT_WORDS.has(text.tokens[i - 1]?.surface ?? "")) return null;
  if (byKey !== undefined && GENERIC_HEADS.has(token.key)) {
    // a compound's modifier says which one: "the DNS server" is CoreDNS, "the iptables rule" the rules
    const before = text.tokens[i - 1];
    if (before !== undefined && before.clause === token.clause && before.gap === "space") {
      const modifier = ACTOR_WORDS[before.key] ?? ACTOR_WORDS[before.surface];
      if (modifier !== undefined && !GENERIC_HEADS.has(before.key)) return modifier;
    }
  }
  // "this time payments-2: DNAT to 10.244.2.22:9090": a backend pod heading a step with a colon is where it goes
  if (byKey === "backend" && text.tokens[i + 1]?.gap === "colon") return null;
  if (byKey !== undefined) return byKey;
  if (/^kube-(?:svc|sep|services|ext|fw|svl|mark)/.test(token.surface)) return "rules";
  return null;
}

const ENDPOINT_WORDS = new Set(["endpoint", "endpoints"]);
const RELATIVE = new Set(["which", "that", "who"]);
const COORDINATORS = new Set(["and", "then", "also", "or"]);
/** nouns whose actor a modifier before them overrides */
const GENERIC_HEADS = new Set(["server", "network"]);

// a component's proper name is never the claim's verb, however the tagger reads it ("iptables DNATs", "the
// rules match"); words that are verbs too ("programs", "bridges") keep their tag
const NEVER_VERBS = new Set(
  "iptables ipvs nftables conntrack coredns kubelet kube-proxy cni flannel calico cilium vxlan glibc libc musl getaddrinfo rule".split(
    " ",
  ),
);
export const isVerb = (t: { pos: string; key: string } | undefined): boolean =>
  (t?.pos === "VERB" || t?.pos === "AUX") && !NEVER_VERBS.has(t.key) && !t.key.startsWith("kube-");
const STOP_SUBJECT = new Set([
  "in",
  "on",
  "of",
  "at",
  "from",
  "for",
  "with",
  "inside",
  "within",
  "via",
  "behind",
  "through",
]);
const PRONOUN_SUBJECTS = new Set(["it", "they", "this", "that", "which", "who", "he", "she"]);

/**
 * Who a claim says does its action: the passive agent ("is appended by CoreDNS"), else the head of the subject
 * before the claim's verb ("the stub resolver in foo appends": the resolver), else, for a clause with no subject
 * of its own or a pronoun, the previous clause's actor ("which" stands for the last component named).
 */
export function actorOf(
  text: AnalysedAnswer,
  clauseIndex: number,
  names: ReadonlyMap<string, ActorId>,
  at?: number,
  depth = 0,
): { actor: ActorId; at: number } | null {
  const clause = text.clauses[clauseIndex];
  if (clause === undefined) return null;
  const tokens = text.tokens;
  const from = at ?? clause.first;
  // the claim's verb: inside the match, else the last one before it, else the first after it
  let verb = -1;
  for (let i = from; i <= Math.min(clause.last, from + 3); i++)
    if (isVerb(tokens[i])) {
      verb = i;
      break;
    }
  if (verb === -1)
    for (let i = from - 1; i >= clause.first; i--)
      if (isVerb(tokens[i])) {
        verb = i;
        break;
      }
  if (verb === -1)
    for (let i = from; i <= clause.last; i++)
      if (isVerb(tokens[i])) {
        verb = i;
        break;
      }
  if (verb !== -1) {
    let k = verb + 1;
    while (k <= clause.last && (isVerb(tokens[k]) || tokens[k]?.pos === "ADV")) k++;
    if (tokens[k]?.surface === "by") {
      for (let j = k + 1; j <= Math.min(clause.last, k + 4); j++) {
        const a = tokenActor(text, j, names);
        if (a !== null) return { actor: a, at: j };
      }
    }
    // "the destination is rewritten to 10.244.2.22:9090 by flannel": a passive's agent may follow its object
    // or destination; the one "by" before the clause's next verb, within a bounded window, names the doer
    if (passive(text, verb, clause.first)) {
      const agent = laterAgent(text, k, clause.last, names);
      if (agent !== null) return agent;
    }
  }
  // "foo's SYN is answered with ICMP port unreachable": the subject of a passive is what is acted on, not the doer
  if (verb !== -1 && passive(text, verb, clause.first)) return null;
  // "… picks one of the pods and rewrites the destination": a verb right after "and" shares the subject of the
  // clause's first verb (what lies between is the earlier verb's object)
  if (verb > clause.first && depth < 3) {
    let j = verb - 1;
    while (j > clause.first && tokens[j]?.pos === "ADV") j--;
    if (COORDINATORS.has(tokens[j]?.surface ?? "")) {
      for (let i = clause.first; i < j; i++)
        if (isVerb(tokens[i])) return actorOf(text, clauseIndex, names, i, depth + 1);
    }
  }
  // "on the way back conntrack rewrites": a component right before the verb is its subject, whatever precedes
  if (verb > clause.first && verb >= from) {
    let j = verb - 1;
    while (j > clause.first && tokens[j]?.pos === "ADV") j--;
    const named = isVerb(tokens[j]) ? null : tokenActor(text, j, names);
    if (named !== null && !STOP_SUBJECT.has(tokens[j - 1]?.surface ?? "") && j - 1 >= clause.first)
      return { actor: named, at: j };
  }
  // the subject: from the previous verb (or the clause start) to the claim's verb, cut at a preposition
  const end = verb === -1 ? from : verb;
  let begin = clause.first;
  for (let i = end - 1; i >= clause.first; i--)
    if (isVerb(tokens[i])) {
      begin = i + 1;
      break;
    }
  while (begin < end && COORDINATORS.has(tokens[begin]?.surface ?? "")) begin++;
  let stop = end;
  for (let i = begin; i < end; i++)
    if (STOP_SUBJECT.has(tokens[i]?.surface ?? "")) {
      stop = i;
      break;
    }
  let pronoun = begin >= stop;
  for (let i = stop - 1; i >= begin; i--) {
    const a = tokenActor(text, i, names);
    if (a !== null) return { actor: a, at: i };
    // "which search domains to use": a determiner, not a pronoun standing for the last component
    if (PRONOUN_SUBJECTS.has(tokens[i]?.surface ?? "") && tokens[i]?.pos !== "DET") pronoun = true;
  }
  if (clause.kind !== "sentence" && verb === -1) {
    // a hop of an arrow chain or a list item is its own step: a component named before the step is the doer
    // (after it come the objects: "DNAT 10.244.1.21:9090 (payments-1)")
    for (let i = clause.first; i <= Math.min(clause.last, from); i++) {
      const a = tokenActor(text, i, names);
      if (a !== null) return { actor: a, at: i };
    }
    return null;
  }
  if (!pronoun || depth >= 3) return null;
  // a coordinated verb ("CoreDNS sees the name is short and appends the domain") shares the clause's subject
  if (begin > clause.first && begin >= stop && at !== undefined) {
    let head = -1;
    for (let i = clause.first; i < begin; i++)
      if (isVerb(tokens[i])) {
        head = i;
        break;
      }
    // (or a reduced relative: "the rules kube-proxy wrote DNAT the connection")
    if (head !== -1) {
      for (let i = head - 1; i >= clause.first; i--) {
        if (STOP_SUBJECT.has(tokens[i]?.surface ?? "")) continue;
        const a = tokenActor(text, i, names);
        if (a !== null) return { actor: a, at: i };
      }
    }
  }
  const previous = text.clauses[clauseIndex - 1];
  if (previous === undefined || previous.sentence !== clause.sentence) return null;
  if (RELATIVE.has(tokens[begin]?.surface ?? "")) {
    for (let i = previous.last; i >= previous.first; i--) {
      const a = tokenActor(text, i, names);
      if (a !== null) return { actor: a, at: i };
    }
  }
  return actorOf(text, clauseIndex - 1, names, undefined, depth + 1);
}

/** How far after a passive verb its "by" phrase is looked for ("rewritten to 10.244.2.22:9090 on node-1 by X"). */
export const AGENT_WINDOW = 8;

/** The component after the first "by" from `from` on, before another verb, within `AGENT_WINDOW` tokens. */
export function laterAgent(
  text: AnalysedAnswer,
  from: number,
  last: number,
  names: ReadonlyMap<string, ActorId>,
): { actor: ActorId; at: number } | null {
  const tokens = text.tokens;
  for (let k = from; k <= Math.min(last, from + AGENT_WINDOW); k++) {
    if (isVerb(tokens[k])) return null;
    if (tokens[k]?.surface !== "by") continue;
    for (let j = k + 1; j <= Math.min(last, k + 4); j++) {
      const a = tokenActor(text, j, names);
      if (a !== null) return { actor: a, at: j };
    }
    return null;
  }
  return null;
}

const BE = new Set(["is", "are", "was", "were", "been", "being", "be", "gets", "get", "got"]);
const IRREGULAR_PARTICIPLES = new Set(
  "sent built made kept hit put set held done told spread split read cut shut run dealt brought caught".split(" "),
);

/** A word with a past participle's form: "answered", "taken", "sent". */
export function participleForm(surface: string): boolean {
  return surface.endsWith("ed") || surface.endsWith("en") || IRREGULAR_PARTICIPLES.has(surface);
}

/** A past participle after a form of "be" (adverbs between): "is answered", "gets rejected", "was sent". */
export function passive(text: AnalysedAnswer, verb: number, first: number): boolean {
  if (!participleForm(text.tokens[verb]?.surface ?? "")) return false;
  let k = verb - 1;
  // "is not answered", "gets quickly rejected"
  while (k > first && (text.tokens[k]?.pos === "ADV" || text.tokens[k]?.negation === true)) k--;
  return k >= first && BE.has(text.tokens[k]?.surface ?? "");
}

/**
 * Where a claim's action is: its last verb inside the match ("bar-2 replies, and back on node-1 conntrack swaps
 * the source": swaps, whose doer is conntrack), else the match's start.
 */
export function claimVerb(text: AnalysedAnswer, match: Match): number {
  for (let i = match.last; i > match.first; i--) if (isVerb(text.tokens[i])) return i;
  return match.first;
}

/** "no iptables", "not kube-proxy but the resolver": the actor token is itself denied */
export function negatedActor(text: AnalysedAnswer, at: number): boolean {
  const token = text.tokens[at];
  if (token === undefined) return false;
  for (let i = at - 1; i >= 0 && i >= at - 2; i--) {
    const t = text.tokens[i];
    if (t === undefined || t.scope !== token.scope) break;
    if (t.negation) return true;
  }
  const next = text.tokens[at + 1];
  const after = text.tokens[at + 2];
  // "kube-proxy is not involved", "iptables does not take part"
  return (
    (next?.negation === true && next.scope === token.scope) ||
    ((next?.pos === "AUX" || next?.pos === "VERB") && after?.negation === true && after.scope === token.scope)
  );
}
