import type { ConceptStatus } from "../schemas/grade";
import { ACTOR_NAMES, ACTOR_WORDS, type ActorId } from "./actors";
import type { AnalysedAnswer, Clause } from "./analyse";
import type { ConceptDefinition } from "./concepts";
import { findMatch, isDenied, sentenceHas, type CompiledPattern, type Match } from "./pattern";
import type { ScenarioFacts } from "./scenario-facts";
import { CREDITED_SCOPES, FLAGGED_SCOPES } from "./scope";
import { valueFindings } from "./values";

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
function allMatches(pattern: CompiledPattern, text: AnalysedAnswer): { match: Match; matched: Set<number> }[] {
  const out: { match: Match; matched: Set<number> }[] = [];
  findMatch(pattern, text, (match, matched) => {
    out.push({ match, matched: new Set(matched) });
    return out.length >= MAX_MATCHES;
  });
  return out;
}

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
  if (byKey !== undefined && GENERIC_HEADS.has(token.key)) {
    // a compound's modifier says which one: "the DNS server" is CoreDNS, "the iptables rule" the rules
    const before = text.tokens[i - 1];
    if (before !== undefined && before.clause === token.clause && before.gap === "space") {
      const modifier = ACTOR_WORDS[before.key] ?? ACTOR_WORDS[before.surface];
      if (modifier !== undefined && !GENERIC_HEADS.has(before.key)) return modifier;
    }
  }
  if (byKey !== undefined) return byKey;
  if (/^kube-(?:svc|sep|services|ext|fw|svl|mark)/.test(token.surface)) return "rules";
  return null;
}

const RELATIVE = new Set(["which", "that", "who"]);
const COORDINATORS = new Set(["and", "then", "also", "or"]);
/** nouns whose actor a modifier before them overrides */
const GENERIC_HEADS = new Set(["server", "network"]);

const isVerb = (t: { pos: string } | undefined): boolean => t?.pos === "VERB" || t?.pos === "AUX";
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
  }
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

/** "no iptables", "not kube-proxy but the resolver": the actor token is itself denied */
function negatedActor(text: AnalysedAnswer, at: number): boolean {
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

function isMentionOnly(pattern: CompiledPattern, clause: Clause, text: AnalysedAnswer): boolean {
  if (pattern.single || clause.list) return true;
  if (pattern.value && !clause.verb && clause.kind === "sentence") return true;
  // a verbless sentence or list item names terms ("- random pod", "REJECT, ICMP port unreachable"); a hop of an
  // arrow chain is a relation of its own
  if (!clause.verb && clause.kind !== "link" && !pattern.negationIncluded && termsOnly(text, clause)) return true;
  return false;
}

export function detectConcept(
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
  for (const pattern of matchers) {
    for (const { match, matched } of allMatches(pattern, text)) {
      if (!accept(match)) continue;
      const clauseIndex = text.tokens[match.first]?.clause ?? -1;
      const clause = text.clauses[clauseIndex];
      if (clause === undefined || !CREDITED_SCOPES.has(clause.scope)) continue;
      const denied = !pattern.negationIncluded && isDenied(text, match, matched);
      const mention = isMentionOnly(pattern, clause, text);
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
            : actorOf(text, clauseIndex, names, match.first);
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
        if (pattern.negationIncluded) {
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

/** The first match of a misconception that the answer holds (a claim, not denied, not reported or retracted). */
export function detectMisconception(matchers: readonly CompiledPattern[], text: AnalysedAnswer): Match | null {
  let best: Match | null = null;
  for (const pattern of matchers) {
    const match = findMatch(pattern, text, (m, matched) => {
      if (best !== null && m.start >= best.start) return true;
      const clause = text.clauses[text.tokens[m.first]?.clause ?? -1];
      if (clause === undefined || !FLAGGED_SCOPES.has(clause.scope)) return false;
      if (isMentionOnly(pattern, clause, text) && !pattern.negationIncluded) return false;
      // the same sentence putting it right ("… straight back to foo, and conntrack swaps the source back")
      const clauseIndex = text.tokens[m.first]?.clause ?? -1;
      if (pattern.unless !== null && pattern.unlessWindow === null && sentenceHas(pattern.unless, text, clauseIndex))
        return false;
      return pattern.negationIncluded || !isDenied(text, m, matched);
    });
    if (match === null) continue;
    const clause = text.clauses[text.tokens[match.first]?.clause ?? -1];
    if (clause === undefined || !FLAGGED_SCOPES.has(clause.scope)) continue;
    if (best === null || match.start < best.start) best = match;
  }
  return best;
}
