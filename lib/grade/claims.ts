import type { ConceptStatus } from "../schemas/grade";
import { ACTOR_NAMES, type ActorId } from "./actors";
import { actorOf, claimVerb, isVerb, negatedActor, participleForm } from "./claim-actor";
import type { AnalysedAnswer, Clause } from "./analyse";
import type { ConceptDefinition } from "./concepts";
import { findMatch, isDenied, type CompiledPattern, type Match } from "./pattern";
import { sentenceHas } from "./term-match";
import type { ScenarioFacts } from "./scenario-facts";
import { CREDITED_SCOPES, FLAGGED_SCOPES } from "./scope";
import { parseAddress, valueFindings } from "./values";
import { joinHostPort } from "../sim/index";
import { remembered } from "./memo";

/**
 * Concepts and misconceptions found through claims. A pattern match only counts through the clause it sits in:
 * the clause's scope must be a claim (lib/grade/scope.ts), a denial cue before the match makes it a denial, a
 * clause without a verb (or a single plain word) only mentions a concept, and a claim is checked for who does
 * the step (its actor) and for the scenario values it quotes (lib/grade/values.ts).
 */
export interface Draft {
  readonly kind: "actor" | "value" | "polarity";
  /** trivia (a chain hash): corrected, no credit lost */
  readonly minor?: boolean;
  readonly said: string;
  readonly right: string;
  readonly start: number;
  readonly end: number;
  readonly explanation: string;
}

export interface ConceptHit {
  readonly status: Exclude<ConceptStatus, "missing">;
  readonly match: Match;
  readonly clause: number;
  readonly corrections: readonly Draft[];
}

export interface ConceptResult {
  /** the best reading of the concept, or null when nothing matched */
  readonly best: ConceptHit | null;
  /** the earliest claim (found or partial): where the answer tells the step */
  readonly placed: ConceptHit | null;
  /** every claim read as the concept, in answer order */
  readonly claims: readonly Match[];
}

const RANK: Record<ConceptHit["status"], number> = { found: 4, partial: 3, mentioned: 2, denied: 1 };
const MAX_MATCHES = 24;

/** Every match of a pattern (at most MAX_MATCHES), in answer order. */
function allMatches(pattern: CompiledPattern, text: AnalysedAnswer): { match: Match; matched: ReadonlySet<number> }[] {
  const out: { match: Match; matched: ReadonlySet<number> }[] = [];
  findMatch(pattern, text, (match, matched) => {
    out.push({ match, matched });
    return out.length >= MAX_MATCHES;
  });
  return out;
}

const RELATIONS = new Set(["to", "into", "via", "over", "through", "onto"]);

/** A verbless clause of a few words, or a comma-separated run of terms: names, not a statement. */
function termsOnly(text: AnalysedAnswer, clause: Clause): boolean {
  // "VXLAN to node-2", "DNAT to 10.244.2.7:8443": a relation between two terms is a terse step
  for (let i = clause.first + 1; i < clause.last; i++) if (RELATIONS.has(text.tokens[i]?.surface ?? "")) return false;
  if (clause.last - clause.first < 4) return true;
  let commas = 0;
  for (let i = clause.first + 1; i <= clause.last; i++) if (text.tokens[i]?.gap === "comma") commas++;
  return commas >= 2;
}

// a lookup command's output ("getent hosts bar" then "10.96.12.34 bar.app.svc.cluster.local") states its answer
const LOOKUP_COMMANDS = new Set(["getent", "nslookup", "dig"]);

function quotesLookup(text: AnalysedAnswer, clause: Clause): boolean {
  for (let i = clause.first; i <= clause.last; i++) if (LOOKUP_COMMANDS.has(text.tokens[i]?.surface ?? "")) return true;
  return false;
}

const CONSEQUENCE = new Set(["so", "hence", "therefore", "thus"]);

/**
 * "Resolver, resolv.conf, ndots:5, so bar.app.svc.cluster.local first": a scenario value drawn as the conclusion
 * of the terms before it (after a comma and "so") is stated, not listed.
 */
function concluded(pattern: CompiledPattern, text: AnalysedAnswer, clause: Clause, match: Match | undefined): boolean {
  if (match === undefined || !pattern.value) return false;
  const cue = text.tokens[match.first - 1];
  return match.first - 1 > clause.first && cue !== undefined && CONSEQUENCE.has(cue.surface) && cue.gap === "comma";
}

const traceValueCache = new WeakMap<ScenarioFacts, ReadonlySet<string>>();

/**
 * The concrete values of this request's trace a learner may quote: the name that answered and the search list,
 * the nameserver, `ndots:N`, the Service's ClusterIPs (with their port), the addresses DNS returned, the
 * backends, the chains and the external name. Generic technical names ("resolv.conf", "KUBE-SERVICES") are none.
 */
function traceValues(facts: ScenarioFacts): ReadonlySet<string> {
  const known = traceValueCache.get(facts);
  if (known !== undefined) return known;
  const port = facts.port;
  const values = [
    facts.fqdn,
    ...facts.search,
    facts.clusterDNS,
    facts.clusterDNS !== null ? `${facts.clusterDNS}:53` : null,
    facts.ndots !== null ? `ndots:${facts.ndots}` : null,
    ...facts.clusterIPs,
    ...(port === null ? [] : facts.clusterIPs.map((ip) => joinHostPort(ip, Number(port)))),
    ...facts.addresses,
    ...facts.backendIPs,
    ...facts.backendEndpoints,
    ...facts.chains,
    facts.externalName?.replace(/\.$/, "") ?? null,
  ];
  const out = new Set(values.filter((v): v is string => v !== null && v !== "").map((v) => v.toLowerCase()));
  traceValueCache.set(facts, out);
  return out;
}

/**
 * "Resolver: resolv.conf, ndots:5, bar.app.svc.cluster.local, A + AAAA to 10.96.0.10": a value pattern that
 * matched a value of this request's trace, quoted as it is, states that value even in a list of terms or a
 * verbless line; a bare term ("resolv.conf", "DNAT") still only names its concept.
 */
function quotesTraceValue(pattern: CompiledPattern, text: AnalysedAnswer, match: Match, facts: ScenarioFacts): boolean {
  if (!pattern.value) return false;
  const values = traceValues(facts);
  for (let i = match.first; i <= match.last; i++) {
    const surface = text.tokens[i]?.surface ?? "";
    if (values.has(surface.endsWith(".") ? surface.slice(0, -1) : surface)) return true;
  }
  return false;
}

function isMentionOnly(pattern: CompiledPattern, clause: Clause, text: AnalysedAnswer, match?: Match): boolean {
  if (pattern.single) return true;
  if (concluded(pattern, text, clause, match)) return false;
  if (clause.list) return true;
  if (pattern.value && !clause.verb && clause.kind === "sentence" && !quotesLookup(text, clause)) return true;
  // a verbless sentence or list item names terms ("- random pod", "REJECT, ICMP port unreachable"); a hop of an
  // arrow chain is a relation of its own
  if (!clause.verb && clause.kind !== "link" && !pattern.negationIncluded && termsOnly(text, clause)) return true;
  return false;
}

/**
 * `compute` answered once per answer and scenario: the per-clause flags below depend on nothing else, and
 * every concept's detection asks for them again.
 */
function perAnswerAndScenario(
  compute: (text: AnalysedAnswer, facts: ScenarioFacts) => readonly boolean[],
): (text: AnalysedAnswer, facts: ScenarioFacts) => readonly boolean[] {
  const cache = new WeakMap<AnalysedAnswer, WeakMap<ScenarioFacts, readonly boolean[]>>();
  return (text, facts) =>
    remembered(
      remembered(cache, text, () => new WeakMap()),
      facts,
      () => compute(text, facts),
    );
}

const loopbackCache = new WeakMap<AnalysedAnswer, readonly boolean[]>();

/**
 * Per clause: whether it quotes a loopback address (127.0.0.0/8). A resolver there ("Docker's embedded DNS server
 * at 127.0.0.11", systemd-resolved's 127.0.0.53) belongs to another runtime: a pod with dnsPolicy ClusterFirst
 * never asks one, so the clause says nothing about this request, right or wrong.
 */
function loopbackClauses(text: AnalysedAnswer): readonly boolean[] {
  const known = loopbackCache.get(text);
  if (known !== undefined) return known;
  const out = text.clauses.map(() => false);
  for (const t of text.tokens) {
    if (t.long || !t.surface.startsWith("127.")) continue;
    if (parseAddress(t.surface) !== null && t.clause >= 0 && t.clause < out.length) out[t.clause] = true;
  }
  loopbackCache.set(text, out);
  return out;
}

/**
 * Per clause: whether it quotes a cluster name that is not this request's: its first label is neither the
 * Service's name nor the name the client asked for ("bar-0.bar.app.svc.cluster.local", a StatefulSet pod's
 * record, or "baz.app.svc.cluster.local"). What DNS answers there is the answer for that name, not for this
 * request. A wrong namespace or a wrong search candidate of this name ("bar.default…") is still this name, and
 * so is an ExternalName's target.
 */
const otherNameClauses = perAnswerAndScenario((text, facts): readonly boolean[] => {
  const suffix = `.svc.${facts.clusterDomain}`;
  const own = new Set([facts.service?.name.toLowerCase() ?? "", facts.host.split(".")[0]?.toLowerCase() ?? ""]);
  // an ExternalName's target may itself be a cluster name ("CNAME to checkout.auth.svc.cluster.local")
  const target = facts.externalName?.toLowerCase().replace(/\.$/, "") ?? null;
  const out = text.clauses.map(() => false);
  for (const t of text.tokens) {
    if (t.long) continue;
    const surface = t.surface.endsWith(".") ? t.surface.slice(0, -1) : t.surface;
    if (!surface.endsWith(suffix) || surface === target) continue;
    const labels = surface.slice(0, -suffix.length).split(".");
    if (labels.length >= 2 && !own.has(labels[0] ?? "") && t.clause >= 0 && t.clause < out.length) out[t.clause] = true;
  }
  return out;
});

// the reply as a noun; "answer" also names the DNS answer, so only a backend answering counts
const REPLY_NOUNS = ["repl", "respons"];
const REPLY_VERBS = ["repl", "respond", "answer"];
const DNS_WORDS = new Set(["coredns", "dns", "kube-dns", "nameserver", "a-record", "record", "lookup"]);
const startsWithAny = (key: string, stems: readonly string[]): boolean => stems.some((w) => key.startsWith(w));

/**
 * Per clause: whether it tells the connection's reply leg ("its reply goes back over cni0 to foo", "foo sees the
 * reply coming from 10.244.1.5", "bar-1 answers foo across the cni0 bridge"): it names the reply or the response,
 * or a backend (by name or IP) as the subject that replies, and nothing of the DNS exchange (a DNS word, a
 * cluster name: a DNS reply carries the lookup's answer). The way back crosses the same bridge or overlay as the
 * way there, but it is not the forward delivery and places no forward step.
 */
export const replyLegClauses = perAnswerAndScenario((text, facts): readonly boolean[] => {
  const backend = new Set([...facts.backendIPs, ...facts.backendPods.map((p) => p.toLowerCase())]);
  const suffix = `.${facts.clusterDomain}`;
  const out = text.clauses.map((clause) => {
    let replyVerb = false;
    let replyNoun = false;
    for (let i = clause.first; i <= clause.last; i++) {
      const t = text.tokens[i];
      if (t === undefined) continue;
      if (DNS_WORDS.has(t.key) || t.key.startsWith("quer") || t.surface.replace(/\.$/, "").endsWith(suffix))
        return false;
      const verb = t.pos === "VERB" || t.pos === "AUX";
      if (verb && startsWithAny(t.key, REPLY_VERBS)) replyVerb = true;
      if (!verb && startsWithAny(t.key, REPLY_NOUNS)) replyNoun = true;
    }
    if (replyNoun) return true;
    const subject = clause.subject.map((i) => text.tokens[i]).filter((t) => t !== undefined);
    return replyVerb && subject.some((t) => backend.has(t.surface) || t.key === "backend");
  });
  return out;
});

// the connection's own phases: the node's rules, routing, the backend, the reverse translation
const CONNECTION_PHASES = { first: 5, last: 8 } as const;
// the last phase of the way there (routing); the backend and its reply come after it
const FORWARD_LAST = 6;

/**
 * Per clause: whether it tells the DNS packet's own trip (its Service NAT to a CoreDNS pod, its reply), not the
 * connection's. It, or an earlier clause of its sentence, sends something to the cluster DNS address, a CoreDNS
 * pod or names the DNS packet ("those DNS packets get DNATed to one of the CoreDNS pods, and conntrack reverses
 * it"), and it quotes none of the connection's own values (the ClusterIP, a backend's IP or name). Links of an
 * arrow chain and list items are hops of their own: only their own words count.
 */
export const dnsExchangeClauses = perAnswerAndScenario((text, facts): readonly boolean[] => {
  const dnsValues = new Set(
    [facts.clusterDNS, facts.clusterDNS === null ? null : `${facts.clusterDNS}:53`].filter((v) => v !== null),
  );
  const dnsPods = new Set(
    facts.podNames.filter((n) => n.toLowerCase().startsWith("coredns")).map((n) => n.toLowerCase()),
  );
  const own = new Set(
    [facts.clusterIP, ...facts.backendIPs, ...facts.backendEndpoints, ...facts.backendPods].filter(
      (v): v is string => v !== null,
    ),
  );
  const tokens = text.tokens;
  const host = facts.host.toLowerCase();
  // 1: names the DNS packet's own trip ("the CoreDNS pods", "those DNS packets"), carried on in its sentence;
  // 2: quotes the DNS server's address, for its own clause only
  const marks = (at: number): 0 | 1 | 2 => {
    const t = tokens[at];
    if (t === undefined) return 0;
    if (dnsPods.has(t.surface)) return 1;
    if (dnsValues.has(t.surface)) return 2;
    // "10.96.0.10:53/udp"; "10.96.0.10:443" is an address the answer gave the Service, not the DNS packet's
    if (t.parts.length > 0 && dnsValues.has(t.parts[0] ?? "") && (t.parts[1] ?? "53") === "53") return 2;
    const next = tokens[at + 1];
    if (next === undefined || next.clause !== t.clause) return 0;
    // "the CoreDNS pods", "the DNS packet", "those DNS queries"
    if (t.key === "coredns" && next.key.startsWith("pod")) return 1;
    return t.key === "dns" && (next.key.startsWith("packet") || next.key.startsWith("quer")) ? 1 : 0;
  };
  // the connection's own words end the DNS topic ("… gets the ClusterIP, then connects and iptables DNATs it")
  const connection = (at: number): boolean => {
    const t = tokens[at];
    if (t === undefined) return false;
    return t.key.startsWith("connect") || t.key === "clusterip" || t.key === "syn" || t.surface === host;
  };
  const out: boolean[] = [];
  let sentence = -1;
  let topic: boolean = false;
  for (const clause of text.clauses) {
    if (clause.sentence !== sentence) {
      sentence = clause.sentence;
      topic = false;
    }
    let carried = false;
    let here = false;
    let quotesOwn = false;
    let leaves = false;
    for (let i = clause.first; i <= clause.last; i++) {
      const mark = marks(i);
      if (mark === 1) carried = true;
      if (mark !== 0) here = true;
      else if (connection(i)) leaves = true;
      const surface = tokens[i]?.surface ?? "";
      if (own.has(surface) || own.has(surface.split(":")[0] ?? "")) quotesOwn = true;
    }
    // a link of an arrow chain or a list item is a hop of its own: the topic does not carry past it
    const inherited: boolean = clause.kind === "sentence" && topic && !leaves;
    out.push((here || inherited) && !quotesOwn);
    topic = carried || (inherited && !here);
  }
  return out;
});

export function detectConcept(
  definition: ConceptDefinition,
  matchers: readonly CompiledPattern[],
  text: AnalysedAnswer,
  facts: ScenarioFacts,
  names: ReadonlyMap<string, ActorId>,
  accept: (m: Match) => boolean = () => true,
): ConceptResult {
  const direct = detectConceptIn(definition, matchers, text, facts, names, accept);
  if (direct.best !== null || text.active === undefined) return direct;
  // nothing in the answer's own words: the passive clauses said again in the active voice ("received by
  // bar-2" as "bar-2 received"), where the agent stands where every pattern and the actor check expect it
  const { text: active, clauseOf } = text.active;
  const original = (m: Match): Clause | undefined =>
    text.clauses[clauseOf[active.tokens[m.first]?.sentence ?? -1] ?? -1];
  const toOriginal = (m: Match): Match | null => {
    const c = original(m);
    return c === undefined || !CREDITED_SCOPES.has(c.scope)
      ? null
      : { first: c.first, last: c.last, start: c.start, end: c.end };
  };
  const mapped = detectConceptIn(definition, matchers, active, facts, names, (m) => {
    const o = toOriginal(m);
    return o !== null && accept(o);
  });
  const hit = (h: ConceptHit | null): ConceptHit | null => {
    if (h === null) return null;
    const m = toOriginal(h.match);
    const c = original(h.match);
    if (m === null || c === undefined) return null;
    const corrections = h.corrections.map((k) => ({ ...k, start: m.start, end: m.end }));
    return { ...h, match: m, clause: c.index, corrections };
  };
  return {
    best: hit(mapped.best),
    placed: hit(mapped.placed),
    claims: mapped.claims.flatMap((m) => toOriginal(m) ?? []),
  };
}

/**
 * "the chosen pod's IP", "the selected endpoint": a participle used as an adjective names a step told
 * elsewhere (or not at all); the words alone are no claim that it happens, nor of who does it.
 */
function attributive(text: AnalysedAnswer, match: Match): boolean {
  const first = text.tokens[match.first];
  const before = text.tokens[match.first - 1];
  if (first === undefined || before?.surface !== "the" || before.clause !== first.clause) return false;
  if (!participleForm(first.surface) || (first.pos !== "VERB" && first.pos !== "ADJ")) return false;
  for (let i = match.first + 1; i <= match.last; i++) if (isVerb(text.tokens[i])) return false;
  return true;
}

function detectConceptIn(
  definition: ConceptDefinition,
  matchers: readonly CompiledPattern[],
  text: AnalysedAnswer,
  facts: ScenarioFacts,
  names: ReadonlyMap<string, ActorId>,
  accept: (m: Match) => boolean = () => true,
): ConceptResult {
  let best: ConceptHit | null = null;
  let placed: ConceptHit | null = null;
  const claims: Match[] = [];
  // a wrong actor or value said anywhere of the step stands, even where another clause says it right
  const corrected: Draft[] = [];
  const loopback = loopbackClauses(text);
  const order = definition.order;
  const dnsExchange =
    order !== null && order >= CONNECTION_PHASES.first && order <= CONNECTION_PHASES.last
      ? dnsExchangeClauses(text, facts)
      : null;
  const otherName = definition.source === "dns.lookup" ? otherNameClauses(text, facts) : null;
  // a forward step (up to the delivery) read from the reply's way back is credited but told nowhere
  const replyLeg = order !== null && order <= FORWARD_LAST ? replyLegClauses(text, facts) : null;
  for (const pattern of matchers) {
    for (const { match, matched } of allMatches(pattern, text)) {
      if (!accept(match)) continue;
      const clauseIndex = text.tokens[match.first]?.clause ?? -1;
      const clause = text.clauses[clauseIndex];
      if (clause === undefined || !CREDITED_SCOPES.has(clause.scope) || loopback[clauseIndex] === true) continue;
      if (otherName?.[clauseIndex] === true) continue;
      // the DNS packet's own NAT and reply are not the connection's steps; the rule match it shares with the
      // connection shows the step but is not where the answer tells it
      const aboutDns = dnsExchange?.[clauseIndex] === true;
      if (aboutDns && !definition.sharedWithDns) continue;
      const denied = !pattern.negationIncluded && isDenied(text, match, matched, definition.rewrite);
      const mention =
        (isMentionOnly(pattern, clause, text, match) && !quotesTraceValue(pattern, text, match, facts)) ||
        attributive(text, match);
      let hit: ConceptHit;
      if (denied) {
        // a denied background fact is simply not credited; a denied step of the path is a wrong claim
        if (mention || definition.order === null) continue;
        hit = {
          status: "denied",
          match,
          clause: clauseIndex,
          corrections: [
            {
              kind: "polarity",
              said: text.answer.slice(clause.start, clause.end),
              right: definition.label,
              start: match.start,
              end: match.end,
              explanation: `This step does happen here: ${definition.label}.`,
            },
          ],
        };
      } else if (mention) {
        hit = { status: "mentioned", match, clause: clauseIndex, corrections: [] };
      } else {
        const corrections: Draft[] = [];
        const actors = definition.actors;
        // a bare value ("bar.app.svc.cluster.local", "10.96.12.34") says what, not who
        // a stated absence ("kube-proxy is not involved", "no iptables rule") names what does not act
        let actor =
          actors === null || actors === undefined || pattern.value || pattern.negationIncluded
            ? null
            : actorOf(text, clauseIndex, names, claimVerb(text, match));
        if (actor !== null && negatedActor(text, actor.at)) actor = null;
        if (actors !== null && actors !== undefined && actor !== null && actors.wrong.includes(actor.actor)) {
          const token = text.tokens[actor.at];
          const right = actors.right[0];
          if (token !== undefined && right !== undefined) {
            corrections.push({
              kind: "actor",
              said: text.answer.slice(token.start, token.end),
              right: ACTOR_NAMES[right],
              start: token.start,
              end: token.end,
              explanation: `${definition.label}: that is ${ACTOR_NAMES[right]}'s work, not ${ACTOR_NAMES[actor.actor]}'s.`,
            });
          }
        }
        let minorOnly = true;
        for (const v of valueFindings(text, clause, definition.values, facts)) {
          if (!v.minor) minorOnly = false;
          corrections.push({
            kind: "value",
            minor: v.minor,
            said: v.said,
            right: v.right,
            start: v.start,
            end: v.end,
            explanation: v.explanation,
          });
        }
        const partial = corrections.some((c) => c.kind === "actor") || (corrections.length > 0 && !minorOnly);
        hit = { status: partial ? "partial" : "found", match, clause: clauseIndex, corrections };
        for (const c of corrections)
          if (!corrected.some((k) => k.start === c.start && k.kind === c.kind)) corrected.push(c);
        claims.push(match);
        // a stated absence ("no kube-proxy rule") is true wherever it is told: it places nothing
        if (pattern.negationIncluded || aboutDns || replyLeg?.[clauseIndex] === true) {
          if (best === null || RANK[hit.status] > RANK[best.status]) best = hit;
          continue;
        }
        // the step is told where it is first stated right (or, failing that, first stated at all)
        const earlier = placed === null || match.start < placed.match.start;
        if (
          placed === null ||
          (hit.status === "found" && (placed.status !== "found" || earlier)) ||
          (placed.status !== "found" && earlier)
        ) {
          placed = hit;
        }
      }
      if (
        best === null ||
        RANK[hit.status] > RANK[best.status] ||
        (RANK[hit.status] === RANK[best.status] && match.start < best.match.start)
      ) {
        best = hit;
      }
    }
  }
  claims.sort((a, b) => a.start - b.start);
  // values this step owns wherever they are quoted ("options ndots:1" in its own sentence)
  if (definition.valuesAnywhere.length > 0) {
    for (const clause of text.clauses) {
      if (!CREDITED_SCOPES.has(clause.scope)) continue;
      for (const v of valueFindings(text, clause, definition.valuesAnywhere, facts)) {
        if (corrected.some((k) => k.start === v.start && k.kind === "value")) continue;
        corrected.push({
          kind: "value",
          said: v.said,
          right: v.right,
          start: v.start,
          end: v.end,
          explanation: v.explanation,
          minor: v.minor,
        });
        if (best === null || best.status === "mentioned") {
          const first = text.tokens.findIndex((t) => t.start === v.start);
          const at = first === -1 ? clause.first : first;
          const match: Match = { first: at, last: at, start: v.start, end: v.end };
          best = { status: "partial", match, clause: clause.index, corrections: [] };
        }
      }
    }
  }
  if (best !== null && (best.status === "found" || best.status === "partial") && corrected.length > 0) {
    const partial =
      corrected.some((c) => c.kind === "actor") ||
      best.status === "partial" ||
      corrected.some((c) => c.kind === "value" && !c.minor);
    best = { ...best, status: partial ? "partial" : best.status, corrections: corrected };
  }
  return { best, placed, claims };
}

/**
 * The first match of a misconception that the answer holds (a claim, not denied, not reported or retracted).
 * `exempt`: per clause, whether a claim there is about something else (the DNS packet's own trip, for a
 * misconception about the Service's own traffic).
 */
export function detectMisconception(
  matchers: readonly CompiledPattern[],
  text: AnalysedAnswer,
  exempt?: readonly boolean[],
): Match | null {
  const direct = detectMisconceptionIn(matchers, text, exempt);
  if (direct !== null || text.active === undefined) return direct;
  // the passive said again in the active voice: "the requests are spread over the pods by CoreDNS"; the
  // answer's own clause must be one that is flagged, and the evidence is that clause
  const { text: active, clauseOf } = text.active;
  const loopback = loopbackClauses(text);
  const original = (sentence: number) => text.clauses[clauseOf[sentence] ?? -1];
  const activeExempt = active.clauses.map((c) => {
    const o = original(c.sentence);
    return o === undefined || !FLAGGED_SCOPES.has(o.scope) || loopback[o.index] === true || exempt?.[o.index] === true;
  });
  const match = detectMisconceptionIn(matchers, active, activeExempt);
  if (match === null) return null;
  const clause = original(active.tokens[match.first]?.sentence ?? -1);
  if (clause === undefined) return null;
  return { first: clause.first, last: clause.last, start: clause.start, end: clause.end };
}

function detectMisconceptionIn(
  matchers: readonly CompiledPattern[],
  text: AnalysedAnswer,
  exempt?: readonly boolean[],
): Match | null {
  let best: Match | null = null;
  const loopback = loopbackClauses(text);
  for (const pattern of matchers) {
    const match = findMatch(pattern, text, (m, matched) => {
      if (best !== null && m.start >= best.start) return true;
      const clause = text.clauses[text.tokens[m.first]?.clause ?? -1];
      if (clause === undefined || !FLAGGED_SCOPES.has(clause.scope) || loopback[clause.index] === true) return false;
      if (exempt?.[clause.index] === true) return false;
      if (isMentionOnly(pattern, clause, text) && !pattern.negationIncluded) return false;
      // the same sentence putting it right ("… straight back to foo, and conntrack swaps the source back")
      const clauseIndex = text.tokens[m.first]?.clause ?? -1;
      if (pattern.unless !== null && pattern.unlessWindow === null && sentenceHas(pattern.unless, text, clauseIndex))
        return false;
      // a misconception is denied by any denial before it, a rewrite's included
      return pattern.negationIncluded || !isDenied(text, m, matched, true);
    });
    if (match === null) continue;
    const clause = text.clauses[text.tokens[match.first]?.clause ?? -1];
    if (clause === undefined || !FLAGGED_SCOPES.has(clause.scope)) continue;
    if (best === null || match.start < best.start) best = match;
  }
  return best;
}
