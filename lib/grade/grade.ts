import type { RubricTuning } from "../schemas/rubric";
import type { Correction, Grade, GradedConcept, GradedMisconception, Misplacement } from "../schemas/grade";
import type { Trace } from "../sim/types";
import { analyseAnswer, type AnalysedAnswer } from "./analyse";
import { scenarioActors } from "./claim-actor";
import { detectConcept, detectMisconception, dnsExchangeClauses, type ConceptHit, type ConceptResult } from "./claims";
import { feedbackFor } from "./feedback";
import { changesMeaning, orderOf, type Mention } from "./order";
import { evidenceOf, type Match } from "./pattern";
import type { PosTagger } from "./pos";
import { compiledRubricFor, type CompiledRubric } from "./rubric";
import { scoreOf, SCORING, verdictOf, VERDICT_RULE } from "./score";
import { otherRequest } from "./other-request";
import type { TargetKind } from "./scenario-facts";
import { parseAddress } from "./values";
import { remembered } from "./memo";

/** Bumped whenever the same answer could grade differently (patterns, weights, formula). */
export const GRADER_VERSION = "2.12.0";

/** Longest answer graded; longer ones are refused with ANSWER_TOO_LONG (exit 2, HTTP 413). */
export const MAX_ANSWER_CHARS = 20_000;

export interface AnswerTooLong {
  readonly ok: false;
  readonly code: "ANSWER_TOO_LONG";
  readonly message: string;
  readonly limit: number;
  readonly length: number;
}

export type AnswerCheck = { readonly ok: true } | AnswerTooLong;
export type GradeResult = { readonly ok: true; readonly grade: Grade } | AnswerTooLong;

export interface GradeOptions {
  /** part-of-speech tagger (default wink-nlp); another one is only for measuring (npm run bench:grade-nlp) */
  readonly tagger?: PosTagger;
}

/** The only expected failure: an answer over MAX_ANSWER_CHARS (UTF-16 units, as the web textarea counts). */
export function checkAnswer(answer: string): AnswerCheck {
  if (answer.length <= MAX_ANSWER_CHARS) return { ok: true };
  return {
    ok: false,
    code: "ANSWER_TOO_LONG",
    message: `answer is ${answer.length} characters; the limit is ${MAX_ANSWER_CHARS}`,
    limit: MAX_ANSWER_CHARS,
    length: answer.length,
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
// the lookup set-up (resolv.conf, the search list, the query) and the DNS packet's own path
const SETUP_PHASES = 2;
const CREDIT: Record<ConceptHit["status"], number> = {
  found: 1,
  partial: SCORING.partialCredit,
  mentioned: SCORING.mentionCredit,
  denied: 0,
};

/**
 * Grades an answer against every valid path of the request (`traces`: one trace, or tracePaths' list) and keeps
 * the path the answer fits best. The answer is analysed once for all paths.
 */
export function gradeAnswer(
  answer: string,
  traces: Trace | readonly Trace[],
  tuning?: RubricTuning,
  options: GradeOptions = {},
): GradeResult {
  const check = checkAnswer(answer);
  if (!check.ok) return check;
  const list: readonly Trace[] = Array.isArray(traces) ? traces : [traces as Trace];
  const first = list[0];
  if (first === undefined) throw new Error("gradeAnswer needs at least one trace");
  const rubrics = list.map((t) => compiledRubricFor(t, tuning));
  const text = analyseAnswer(answer, rubrics[0]?.lexicon ?? compiledRubricFor(first, tuning).lexicon, {
    tagger: options.tagger,
  });
  let best: Grade | null = null;
  const described = describedPaths(text, list);
  rubrics.forEach((rubric, index) => {
    if (!described.has(index)) return;
    const grade = gradeOnePath(text, rubric, index, list.length);
    if (best === null || better(grade, best)) best = grade;
  });
  if (best === null) throw new Error("unreachable: no path graded");
  return { ok: true, grade: best };
}

/**
 * The paths an answer describes: when it names the backend (pod IP or pod name) of some valid paths and not of
 * the others ("DNATed to 10.244.2.7:8443"), it is judged against those; naming every backend or none leaves
 * every path open.
 */
function describedPaths(text: AnalysedAnswer, list: readonly Trace[]): Set<number> {
  const all = new Set(list.map((_, i) => i));
  if (list.length < 2) return all;
  const surfaces = new Set<string>();
  for (const t of text.tokens) {
    surfaces.add(t.surface);
    const address = parseAddress(t.surface);
    if (address !== null) surfaces.add(address.ip);
  }
  const named = new Set<number>();
  list.forEach((trace, i) => {
    const backend = trace.connection?.backend ?? null;
    const pod = trace.connection?.backendPod ?? null;
    const ip = backend === null ? null : (parseAddress(backend)?.ip ?? backend);
    const name = pod === null ? null : (pod.split("/").pop() ?? pod).toLowerCase();
    if ((ip !== null && surfaces.has(ip)) || (name !== null && surfaces.has(name))) named.add(i);
  });
  return named.size === 0 || named.size === list.length ? all : named;
}

const RELATIVE_OPENERS = new Set(["which", "who", "whom", "whose"]);

/**
 * The clause whose place tells a step: a relative clause ("bar.app.svc.cluster.local, which the resolver built
 * from resolv.conf") elaborates what its sentence just named, so it is told where that clause is.
 */
function tellingClause(text: AnalysedAnswer, index: number): AnalysedAnswer["clauses"][number] | undefined {
  let clause = text.clauses[index];
  while (clause !== undefined && index > 0) {
    const opener = text.tokens[clause.first]?.surface ?? "";
    const previous = text.clauses[index - 1];
    if (!RELATIVE_OPENERS.has(opener) || previous === undefined || previous.sentence !== clause.sentence) break;
    index--;
    clause = previous;
  }
  return clause;
}

// cues that the sentence looks back to what happened before what the answer just told
const BACK_CUES: readonly (readonly string[])[] = [
  ["before", "that"],
  ["before", "all"],
  ["earlier"],
  ["came", "from"],
  ["come", "from"],
  ["comes", "from"],
];
const BACK_REACH = 6;

/** Whether the sentence holding the character `position` opens by looking back ("Oh, and before all that, …"). */
function looksBack(text: AnalysedAnswer, position: number): boolean {
  const at = text.tokens.findIndex((t) => t.end > position);
  const sentence = text.tokens[at]?.sentence;
  if (sentence === undefined) return false;
  let first = at;
  while (first > 0 && text.tokens[first - 1]?.sentence === sentence) first--;
  for (let i = first; i < first + BACK_REACH; i++) {
    for (const cue of BACK_CUES) {
      if (cue.every((word, k) => text.tokens[i + k]?.sentence === sentence && text.tokens[i + k]?.surface === word))
        return true;
    }
  }
  return false;
}

// cues of a sentence that announces the answer's plan instead of telling a step
const PLAN_CUES: readonly (readonly string[])[] = [
  ["i'll"],
  ["we'll"],
  ["i", "will"],
  ["let", "start"],
  ["let", "me", "start"],
  ["going", "to", "explain"],
  ["going", "to", "walk"],
  ["going", "to", "go"],
  ["start", "at", "the", "beginning"],
  ["come", "back", "to"],
];

/** Whether the sentence holding the character `position` announces the plan ("I'll cover …, let's start …"). */
function announces(text: AnalysedAnswer, position: number): boolean {
  const at = text.tokens.findIndex((t) => t.end > position);
  const sentence = text.tokens[at]?.sentence;
  if (sentence === undefined) return false;
  // a property of the sentence, asked for every step placed in it and on every path: answered once per answer
  return remembered(
    remembered(announcing, text, () => new Map()),
    sentence,
    () => sentenceAnnounces(text, at, sentence),
  );
}

const announcing = new WeakMap<AnalysedAnswer, Map<number, boolean>>();

function sentenceAnnounces(text: AnalysedAnswer, at: number, sentence: number): boolean {
  let first = at;
  while (first > 0 && text.tokens[first - 1]?.sentence === sentence) first--;
  for (let i = first; i < text.tokens.length && text.tokens[i]?.sentence === sentence; i++) {
    for (const cue of PLAN_CUES) if (cueAt(text, i, sentence, cue)) return true;
  }
  return false;
}

function cueAt(text: AnalysedAnswer, i: number, sentence: number, cue: readonly string[]): boolean {
  for (let k = 0; k < cue.length; k++) {
    const token = text.tokens[i + k];
    if (token?.sentence !== sentence || token.surface !== cue[k]) return false;
  }
  return true;
}

/** Whether the character `position` sits inside a fenced code block (after an odd number of ``` fences). */
function inCodeBlock(answer: string, position: number): boolean {
  let fences = 0;
  for (let at = answer.indexOf("```"); at !== -1 && at < position; at = answer.indexOf("```", at + 3)) fences++;
  return fences % 2 === 1;
}

/** Whether the character `position` sits inside an open bracket of its sentence. */
function inBrackets(text: AnalysedAnswer, position: number): boolean {
  const at = text.tokens.findIndex((t) => t.end > position);
  const sentence = text.tokens[at]?.sentence;
  if (sentence === undefined) return false;
  let first = at;
  while (first > 0 && text.tokens[first - 1]?.sentence === sentence) first--;
  let depth = 0;
  for (let i = text.tokens[first]?.start ?? position; i < position; i++) {
    const c = text.answer[i];
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
  }
  return depth > 0;
}

function better(a: Grade, b: Grade): boolean {
  if (a.score !== b.score) return a.score > b.score;
  return a.corrections.length < b.corrections.length;
}

function gradeOnePath(text: AnalysedAnswer, rubric: CompiledRubric, index: number, of: number): Grade {
  const facts = rubric.facts;
  const names = scenarioActors(facts);
  const empty = text.tokens.length === 0;

  // background facts first: an ordered step named only inside one counts, but not for the order
  const results = new Map<string, ConceptResult & { background: boolean }>();
  const backgroundSpans: Match[] = [];
  for (const c of rubric.concepts) {
    if (c.definition.order !== null) continue;
    const r = detectConcept(c.definition, c.matchers, text, facts, names);
    results.set(c.definition.id, { ...r, background: false });
    // a fact that counts anywhere but is graded as a step of its own (the namespace in the name) leaves its words
    // to the ordered steps
    if (r.best !== null && (r.best.status === "found" || r.best.status === "partial") && !c.definition.required)
      backgroundSpans.push(r.best.match);
  }
  // inside a background fact ("kube-proxy programs the DNAT rules"), not merely sharing a word with one ("DNATed
  // by kube-proxy's iptables rules to a pod")
  const overlaps = (m: Match): boolean => backgroundSpans.some((b) => m.first >= b.first && m.last <= b.last);
  for (const c of rubric.concepts) {
    if (c.definition.order === null) continue;
    const own = detectConcept(c.definition, c.matchers, text, facts, names, (m) => !overlaps(m));
    if (own.best !== null || backgroundSpans.length === 0) {
      results.set(c.definition.id, { ...own, background: false });
      continue;
    }
    results.set(c.definition.id, { ...detectConcept(c.definition, c.matchers, text, facts, names), background: true });
  }

  // a step the answer presupposes by stating a later one counts as stated (not for the order)
  for (const c of rubric.concepts) {
    const r = results.get(c.definition.id);
    // a denial of a step with no misconception of its own ("CoreDNS does not return a ClusterIP" is about the
    // answer, not the query) gives way to a later step that presupposes it
    const denial = r?.best?.status === "denied" && c.definition.deniedAs !== null;
    if (r === undefined || r.best?.status === "found" || r.best?.status === "partial" || denial) continue;
    for (const id of c.definition.impliedBy) {
      const by = results.get(id)?.best;
      if (by?.status !== "found" && by?.status !== "partial") continue;
      results.set(c.definition.id, {
        best: { status: "found", match: by.match, clause: by.clause, corrections: [] },
        placed: null,
        claims: [],
        background: r.background,
      });
      break;
    }
  }

  // misconceptions: held wrong models, and denials of true steps
  const misconceptions: GradedMisconception[] = [];
  for (const m of rubric.misconceptions) {
    const match = detectMisconception(
      m.matchers,
      text,
      m.definition.notOfDnsPacket === true ? dnsExchangeClauses(text, facts) : undefined,
    );
    if (match === null) continue;
    misconceptions.push({
      id: m.definition.id,
      label: m.definition.label,
      evidence: evidenceOf(text, match),
      explanation: m.definition.explanation,
      penalty: m.definition.penalty,
    });
  }
  for (const c of rubric.concepts) {
    const r = results.get(c.definition.id);
    const deniedAs = c.definition.deniedAs;
    if (r?.best?.status !== "denied" || deniedAs === null || misconceptions.some((m) => m.id === deniedAs)) continue;
    const spec = rubric.misconceptions.find((m) => m.definition.id === deniedAs);
    misconceptions.push({
      id: deniedAs,
      label: spec?.definition.label ?? deniedAs,
      evidence: evidenceOf(text, r.best.match),
      explanation: spec?.definition.explanation ?? c.definition.hint,
      penalty: spec?.definition.penalty ?? 10,
    });
  }
  misconceptions.sort((a, b) => a.evidence.start - b.evidence.start);

  // order over the clauses that state each step
  const mentions: Mention[] = [];
  const placedAt = new Map<string, ConceptHit>();
  for (const c of rubric.concepts) {
    const r = results.get(c.definition.id);
    if (r === undefined || r.background || r.placed === null || c.definition.order === null) continue;
    // a step told inside a bracketed aside ("… for bar.app.svc.cluster.local (the search list expanded it)") is a
    // recap or a preview: it counts, but it is not told there
    // so is a step read from a command's output in a code block (evidence shown, not the story told) or from a
    // sentence that announces what the answer will cover ("I'll go through DNS, then the DNAT, then conntrack")
    const at = r.placed.match.start;
    const aside = inBrackets(text, at) || inCodeBlock(text.answer, at) || announces(text, at);
    if (c.definition.required && !aside) placedAt.set(c.definition.id, r.placed);
  }
  // a step read from the very words of another step of its phase ("iptables DNATs the request" for the rule
  // match) is told where the answer states it on its own ("KUBE-SERVICES matches the ClusterIP") when that
  // reads the answer as less out of order
  const rankOf = (id: string): number | null =>
    rubric.concepts.find((c) => c.definition.id === id)?.definition.order ?? null;
  const sharedWith = (id: string, m: Match): boolean =>
    [...placedAt].some(
      ([other, hit]) =>
        other !== id && rankOf(other) === rankOf(id) && hit.match.first <= m.last && m.first <= hit.match.last,
    );
  const mentionsOf = (placements: ReadonlyMap<string, ConceptHit>): Mention[] => {
    const out: Mention[] = [];
    for (const [id, placed] of placements) {
      const rank = rankOf(id);
      if (rank === null) continue;
      // steps stated in one clause are told together: the clause's start is their place
      const clause = tellingClause(text, placed.clause);
      out.push({ id, rank, position: clause?.start ?? placed.match.start });
    }
    return out;
  };
  // another step of the phase whose claim starts inside this match and runs past it
  const leadsInto = (id: string, m: Match): boolean =>
    [...placedAt].some(
      ([other, hit]) =>
        other !== id &&
        rankOf(other) === rankOf(id) &&
        hit.match.first > m.first &&
        hit.match.first <= m.last &&
        hit.match.last > m.last,
    );
  for (const [id, hit] of [...placedAt]) {
    if (!sharedWith(id, hit.match)) continue;
    const alone = results.get(id)?.claims.find((m) => m.start > hit.match.start && !sharedWith(id, m) && !overlaps(m));
    const clause = alone === undefined ? undefined : text.tokens[alone.first]?.clause;
    if (alone === undefined || clause === undefined) {
      // read only as the lead-in of another step's claim ("the iptables rules DNAT it": the rules are the DNAT's
      // doer): the step counts, but it is told by that claim, not placed of its own
      if (leadsInto(id, hit.match)) placedAt.delete(id);
      continue;
    }
    const moved = new Map(placedAt).set(id, { ...hit, match: alone, clause });
    if (orderOf(mentionsOf(moved)).outOfOrder.length < orderOf(mentionsOf(placedAt)).outOfOrder.length)
      placedAt.set(id, { ...hit, match: alone, clause });
  }
  mentions.push(...mentionsOf(placedAt));
  const order = orderOf(mentions, (position) => looksBack(text, position));
  const outOfOrder = new Set(order.outOfOrder);
  const defs = new Map<string, (typeof rubric.concepts)[number]["definition"]>(
    rubric.concepts.map((c) => [c.definition.id, c.definition]),
  );
  const misplaced: Misplacement[] = [];
  for (const id of order.outOfOrder) {
    const here = placedAt.get(id);
    const rank = defs.get(id)?.order ?? 0;
    if (here === undefined) continue;
    const inOrder = mentions.filter((m) => !outOfOrder.has(m.id));
    const at = mentions.find((m) => m.id === id)?.position ?? here.match.start;
    const later = inOrder.find((m) => m.position > at && m.rank < rank);
    const earlier = [...inOrder].reverse().find((m) => m.position < at && m.rank > rank);
    const other = later ?? earlier;
    const otherHit = other === undefined ? undefined : placedAt.get(other.id);
    if (other === undefined || otherHit === undefined) continue;
    const label = defs.get(id)?.label ?? id;
    const otherLabel = defs.get(other.id)?.label ?? other.id;
    const quote = evidenceOf(text, here.match);
    const otherQuote = evidenceOf(text, otherHit.match);
    misplaced.push({
      concept: id as Misplacement["concept"],
      evidence: quote,
      relative: later !== undefined ? "after" : "before",
      other: other.id as Misplacement["other"],
      otherEvidence: otherQuote,
      changesMeaning: changesMeaning(rank, other.rank, [id, other.id]),
      message:
        later !== undefined
          ? `"${label}" happens after "${otherLabel}", but your answer tells it first ("${quote.text}" comes before "${otherQuote.text}").`
          : `"${label}" happens before "${otherLabel}", but your answer tells it later ("${quote.text}" comes after "${otherQuote.text}").`,
    });
  }
  const meaningChanged = misplaced.some((m) => m.changesMeaning);

  // credit and score
  const totalWeight = rubric.concepts.reduce((sum, c) => sum + c.definition.weight, 0);
  let mentionWeight = 0;
  let fullWeight = 0;
  const creditOf = new Map<string, number>();
  for (const c of rubric.concepts) {
    const status = results.get(c.definition.id)?.best?.status;
    const credit = status === undefined ? 0 : CREDIT[status];
    creditOf.set(c.definition.id, credit);
    if (status === "mentioned") mentionWeight += c.definition.weight * credit;
    else fullWeight += c.definition.weight * credit;
  }
  const foundWeight = round2(fullWeight + Math.min(mentionWeight, SCORING.mentionCap * totalWeight));
  const penaltyMisconceptions = Math.min(
    SCORING.maxPenalty,
    misconceptions.reduce((s, m) => s + (m.penalty ?? 10), 0),
  );
  const orderPenalty = meaningChanged ? SCORING.misplacementPenalty : 0;
  const penalty = penaltyMisconceptions + orderPenalty;
  const { coverage, base, score } = scoreOf({ foundWeight, totalWeight, order: order.score, penalty });

  const corrections: Correction[] = [];
  for (const c of rubric.concepts) {
    const best = results.get(c.definition.id)?.best;
    if (best === null || best === undefined) continue;
    for (const d of best.corrections) {
      corrections.push({
        concept: c.definition.id,
        kind: d.kind,
        said: d.said,
        right: d.right,
        evidence: { start: d.start, end: d.end, text: text.answer.slice(d.start, d.end) },
        explanation: d.explanation,
      });
    }
  }
  corrections.sort((a, b) => a.evidence.start - b.evidence.start);

  const requiredMissing = rubric.concepts
    .filter((c) => c.definition.required && (creditOf.get(c.definition.id) ?? 0) < SCORING.partialCredit)
    .map((c) => c.definition.id);
  const requiredWeight = rubric.concepts.reduce((s, c) => s + (c.definition.required ? c.definition.weight : 0), 0);
  const requiredCredited = rubric.concepts.reduce(
    (s, c) =>
      s +
      (c.definition.required && results.get(c.definition.id)?.best?.status !== "mentioned"
        ? c.definition.weight * (creditOf.get(c.definition.id) ?? 0)
        : 0),
    0,
  );
  const requiredShare = requiredWeight > 0 ? requiredCredited / requiredWeight : 0;
  const requiredStated = rubric.concepts.filter(
    (c) =>
      c.definition.required &&
      results.get(c.definition.id)?.best?.status !== "mentioned" &&
      (creditOf.get(c.definition.id) ?? 0) >= SCORING.partialCredit,
  ).length;
  const keyPastSetup = rubric.concepts.some(
    (c) =>
      c.definition.required &&
      c.definition.weight >= SCORING.keyWeight &&
      (c.definition.order === null || c.definition.order >= SETUP_PHASES + 1) &&
      results.get(c.definition.id)?.best?.status !== "mentioned" &&
      (creditOf.get(c.definition.id) ?? 0) >= SCORING.partialCredit,
  );
  const keyMissing = rubric.concepts.some(
    (c) =>
      c.definition.required && c.definition.weight >= SCORING.keyWeight && (creditOf.get(c.definition.id) ?? 0) < 1,
  );
  const requiredCorrected = corrections.some(
    (k) => defs.get(k.concept)?.required === true && results.get(k.concept)?.best?.status === "partial",
  );
  const stated = (id: string): boolean =>
    results.get(id)?.best?.status !== "mentioned" && (creditOf.get(id) ?? 0) >= SCORING.partialCredit;
  const foreign = otherRequest(text, facts, {
    dnsServiceNat: results.get("dns-service-nat")?.best?.status === "found",
    // the DNS answer (phase 3) or a step after it; a step the DNS packet meets too (the rule match) is no sign
    pastLookup: rubric.concepts.some(
      (c) =>
        c.definition.required &&
        !c.definition.sharedWithDns &&
        (c.definition.order ?? 0) > SETUP_PHASES &&
        stated(c.definition.id),
    ),
    serviceRoundTrip: stated("dnat") && stated("conntrack-reverse"),
  });
  // the connection: required steps after the DNS answer (phase 4 on)
  const connection = rubric.concepts.filter((c) => c.definition.required && (c.definition.order ?? 0) >= 4);
  const stopsAtDns =
    connection.length > 0 && connection.every((c) => (creditOf.get(c.definition.id) ?? 0) < SCORING.partialCredit);
  const verdict = empty
    ? "weak"
    : verdictOf({
        score,
        misconceptions: misconceptions.length,
        meaningChanged,
        requiredCorrected,
        keyMissing,
        requiredMissing: requiredMissing.length,
        order: order.score,
        requiredShare,
        otherRequest: foreign !== null,
        otherMechanism: foreign?.mechanism ?? false,
        variantCore: variantCore(facts.kind, creditOf),
        stopsAtDns,
        requiredStated,
        keyPastSetup,
      });

  const concepts: GradedConcept[] = rubric.concepts.map(({ definition }) => {
    const r = results.get(definition.id);
    const hit = r?.best ?? null;
    const status = hit?.status ?? "missing";
    const found = status === "found" || status === "partial";
    return {
      id: definition.id,
      label: definition.label,
      found,
      required: definition.required,
      evidence: hit === null || status === "denied" ? null : evidenceOf(text, hit.match),
      weight: definition.weight,
      order: definition.order,
      outOfOrder: outOfOrder.has(definition.id),
      status,
      credit: creditOf.get(definition.id) ?? 0,
      claims: (r?.claims ?? []).map((m) => evidenceOf(text, m)),
      hint: definition.hint,
      overridable: !empty && (status !== "found" || outOfOrder.has(definition.id)),
    };
  });

  const truth = [...mentions].sort((a, b) => a.rank - b.rank || a.position - b.position).map((m) => m.id);
  const learner = [...mentions].sort((a, b) => a.position - b.position).map((m) => m.id);
  const feedback = feedbackFor({
    rubric,
    concepts,
    misconceptions,
    corrections,
    misplaced,
    empty,
    otherRequest: foreign,
  });

  return {
    score,
    verdict,
    concepts,
    order: {
      score: round2(order.score),
      outOfOrder: [...order.outOfOrder],
      learner: learner as Grade["order"]["learner"],
      truth: truth as Grade["order"]["truth"],
      misplaced,
    },
    misconceptions,
    feedback,
    coverage: round2(coverage),
    calculation: {
      coverage: { foundWeight, totalWeight, value: round2(coverage) },
      order: { inOrder: order.inOrder.length, mentioned: order.mentions, value: round2(order.score) },
      base: round2(base),
      penalty,
      requiredMissing,
      requiredShare: round2(requiredShare),
      misconceptionPenalty: penaltyMisconceptions,
      orderPenalty,
      formula: `round(100 × ${round2(coverage)} × (0.75 + 0.25 × ${round2(order.score)})) − ${penalty} = ${score}`,
      verdictRule: VERDICT_RULE,
    },
    corrections,
    path: {
      index,
      of,
      endpoint: rubric.trace.connection?.backend ?? null,
      backendPod: rubric.trace.connection?.backendPod ?? null,
      backendNode: rubric.trace.connection?.backendNode ?? null,
      crossNode: facts.crossNode,
      reason: of === 1 ? "the request has one valid path" : "the valid path the answer fits best",
    },
    graderVersion: GRADER_VERSION,
  };
}

/** The concepts a variant exists to test: what an ExternalName or headless Service changes about the path. */
const VARIANT_CORE: Partial<Record<TargetKind, readonly string[]>> = {
  externalname: ["externalname-no-proxy", "direct-to-external"],
  headless: ["headless-no-clusterip", "direct-to-pod"],
};

function variantCore(kind: TargetKind, creditOf: ReadonlyMap<string, number>): boolean {
  const core = VARIANT_CORE[kind];
  return core !== undefined && core.every((id) => (creditOf.get(id) ?? 0) >= 1);
}
