/**
 * What the results page derives from a stored grade. Pure (no database, no clock).
 *
 * - Claims ("I was right"): a claim changes nothing until an admin accepts it. An accepted claim's phrase
 *   becomes a synonym of its concept for the set (`withClaimSynonyms`) and the answer is regraded; a claim the
 *   regraded answer still does not credit counts as stated (its concept's remaining weight joins the coverage;
 *   an out-of-order concept counts as in order, and a meaning-changing misplacement of it costs nothing). The
 *   misconception penalty stays. The score goes through the grader's one formula (lib/grade `scoreOf`).
 * - Interview score: the mean of its questions' scores (an empty answer scores 0); the verdict uses the
 *   grader's bands on that mean (strong ≥ SCORING.strongScore, weak < SCORING.weakBelow, partial between).
 * - Diagram overlay: each concept stands for one trace hop kind (lib/grade `conceptsFor(trace)[].source`);
 *   a hop is "out-of-order" if any of its concepts is, else "matched" if any is found, else "missing".
 *   Hops no concept stands for (e.g. net.route-back) carry no mark.
 * - Closing the loop: required concepts missed and concepts out of order make their flashcards due
 *   (CONCEPT_FLASHCARDS below, plus flashcards tagged `concept:<id>` in the same set).
 */
import { conceptsFor, SCORING, scoreOf } from "../grade/index";
import { rubricTuningSchema, type RubricTuning } from "../schemas/rubric";
import type { StoredGrade, Verdict } from "../schemas/grade";
import type { Trace } from "../sim/index";

export type HopMark = "matched" | "out-of-order" | "missing";

type StoredConcept = StoredGrade["concepts"][number];

/** Share of a concept's weight the grade credited (older grades: all or nothing). */
const creditOf = (c: StoredConcept): number => c.credit ?? (c.found ? 1 : 0);

/** Whether the grade fully credits a concept in order: nothing left to claim. */
export function fullyCredited(c: StoredConcept): boolean {
  return creditOf(c) >= 1 && !c.outOfOrder;
}

/** The question's score with the accepted claims (concept ids) the grade does not credit counted as stated. */
export function overriddenScore(grade: StoredGrade, accepted: ReadonlySet<string>): number {
  const claimed = grade.concepts.filter((c) => accepted.has(c.id) && !fullyCredited(c));
  if (claimed.length === 0) return grade.score;
  const calc = grade.calculation;
  let foundWeight = calc.coverage.foundWeight;
  let inOrder = calc.order.inOrder;
  for (const concept of claimed) {
    foundWeight += concept.weight * (1 - creditOf(concept));
    if (concept.outOfOrder) inOrder += 1;
  }
  const mentioned = calc.order.mentioned;
  const order = mentioned < 2 ? 1 : Math.min(1, inOrder / mentioned);
  const forgiven = (grade.order.misplaced ?? []).filter((m) => m.changesMeaning && accepted.has(m.concept)).length;
  const orderPenalty = Math.min(calc.orderPenalty ?? 0, forgiven * SCORING.misplacementPenalty);
  return scoreOf({ foundWeight, totalWeight: calc.coverage.totalWeight, order, penalty: calc.penalty - orderPenalty })
    .score;
}

/** Whether an answer has anything to grade: a blank answer offers no "I was right". */
export function hasContent(answer: string): boolean {
  return answer.trim().length > 0;
}

/**
 * A concept the learner may claim: one the grade does not fully credit or puts out of order, on an answer with
 * content. The grade says so itself (`overridable`); grades written before it are judged the same way here.
 */
export function overridable(grade: StoredGrade, conceptId: string, answer: string): boolean {
  if (!hasContent(answer)) return false;
  const concept = grade.concepts.find((c) => c.id === conceptId);
  if (concept === undefined) return false;
  return concept.overridable ?? !fullyCredited(concept);
}

export type InterviewVerdict = Verdict;

export function interviewScore(scores: readonly number[]): number {
  if (scores.length === 0) return 0;
  return Math.round(scores.reduce((a, b) => a + b, 0) / scores.length);
}

export function interviewVerdict(score: number): InterviewVerdict {
  if (score >= SCORING.strongScore) return "strong";
  if (score < SCORING.weakBelow) return "weak";
  return "partial";
}

/** One thing the learner could fix, with the points it is worth on this question. */
export interface UsefulFix {
  readonly text: string;
  readonly gain: number;
}

/**
 * The fixes a question's grade suggests, most valuable first: a misconception to drop (its penalty), a
 * meaning-changing misplacement to put right, and each concept not fully credited (what stating it would add,
 * through the one score formula), told with its correction (the scenario's right actor or value) or its hint.
 */
export function usefulFixes(grade: StoredGrade, accepted: ReadonlySet<string> = new Set()): UsefulFix[] {
  const fixes: UsefulFix[] = [];
  const base = overriddenScore(grade, accepted);
  for (const m of grade.misconceptions) {
    fixes.push({ text: `${m.label}: ${m.explanation}`, gain: m.penalty ?? SCORING.misplacementPenalty });
  }
  for (const m of grade.order.misplaced ?? []) {
    if (m.changesMeaning && !accepted.has(m.concept))
      fixes.push({ text: m.message, gain: SCORING.misplacementPenalty });
  }
  for (const c of grade.concepts) {
    if (accepted.has(c.id) || fullyCredited(c)) continue;
    const gain = overriddenScore(grade, new Set([...accepted, c.id])) - base;
    if (gain <= 0) continue;
    const correction = grade.corrections?.find((k) => k.concept === c.id);
    const text = correction?.explanation ?? (c.hint !== undefined && c.hint.length > 0 ? c.hint : `State: ${c.label}.`);
    fixes.push({ text, gain });
  }
  return fixes.sort((a, b) => b.gain - a.gain);
}

/** An accepted claim's phrase, a synonym of its concept for the set the claim was made in. */
export interface ClaimSynonym {
  readonly conceptId: string;
  readonly phrase: string;
}

/** The question's rubric tuning with the set's accepted claim phrases added to its concepts' synonyms. */
export function withClaimSynonyms(
  tuning: RubricTuning | undefined,
  synonyms: readonly ClaimSynonym[],
): RubricTuning | undefined {
  if (synonyms.length === 0) return tuning;
  const base = tuning ?? rubricTuningSchema.parse({});
  const merged: Record<string, string[]> = Object.fromEntries(
    Object.entries(base.synonyms).map(([k, v]) => [k, [...v]]),
  );
  for (const { conceptId, phrase } of synonyms) {
    const list = (merged[conceptId] ??= []);
    if (!list.some((p) => p.toLowerCase() === phrase.toLowerCase())) list.push(phrase);
  }
  return { ...base, synonyms: merged };
}

/** Hop index → mark, for app/_components/path-diagram.tsx. */
export function hopMarks(
  trace: Trace,
  grade: StoredGrade,
  accepted: ReadonlySet<string> = new Set(),
): Map<number, HopMark> {
  const sourceOf = new Map(conceptsFor(trace).map((c) => [c.id, c.source]));
  const byKind = new Map<string, HopMark[]>();
  for (const concept of grade.concepts) {
    const source = sourceOf.get(concept.id);
    if (source === undefined || source === null) continue;
    const claimed = accepted.has(concept.id);
    const status: HopMark =
      concept.outOfOrder && !claimed ? "out-of-order" : concept.found || claimed ? "matched" : "missing";
    const list = byKind.get(source) ?? [];
    list.push(status);
    byKind.set(source, list);
  }
  const marks = new Map<number, HopMark>();
  trace.hops.forEach((hop, index) => {
    const statuses = byKind.get(hop.kind);
    if (statuses === undefined) return;
    const mark: HopMark = statuses.includes("out-of-order")
      ? "out-of-order"
      : statuses.includes("matched")
        ? "matched"
        : "missing";
    marks.set(index, mark);
  });
  return marks;
}

export interface AnswerSegment {
  readonly text: string;
  /** null: plain text; otherwise what the highlighted phrase was matched as */
  readonly mark: { readonly kind: "concept" | "misconception"; readonly label: string } | null;
}

/**
 * The answer cut into plain and highlighted pieces from the grade's evidence spans (offsets into the answer).
 * Overlapping spans keep the earlier one (misconceptions win ties); the page renders every piece as text.
 */
export function answerSegments(answer: string, grade: StoredGrade): AnswerSegment[] {
  const spans: { start: number; end: number; kind: "concept" | "misconception"; label: string }[] = [];
  for (const m of grade.misconceptions) {
    spans.push({ start: m.evidence.start, end: m.evidence.end, kind: "misconception", label: m.label });
  }
  for (const c of grade.concepts) {
    // only a clause that earns the concept something is marked as matching it (a denial or a miss is not)
    const status = c.status ?? (c.found ? "found" : "missing");
    if (c.evidence !== null && status !== "denied" && status !== "missing")
      spans.push({ start: c.evidence.start, end: c.evidence.end, kind: "concept", label: c.label });
  }
  spans.sort((a, b) => a.start - b.start || (a.kind === b.kind ? b.end - a.end : a.kind === "misconception" ? -1 : 1));
  const out: AnswerSegment[] = [];
  let at = 0;
  for (const span of spans) {
    const start = Math.max(span.start, 0);
    const end = Math.min(span.end, answer.length);
    if (start < at || end <= start) continue;
    if (start > at) out.push({ text: answer.slice(at, start), mark: null });
    out.push({ text: answer.slice(start, end), mark: { kind: span.kind, label: span.label } });
    at = end;
  }
  if (at < answer.length) out.push({ text: answer.slice(at), mark: null });
  return out;
}

/**
 * Concept → flashcard item ids of the built-in set (lib/content/seed-set.ts), by what each card teaches.
 * Only ids present in the interview's set are used; other sets link cards with a `concept:<id>` tag.
 */
export const CONCEPT_FLASHCARDS: Readonly<Record<string, readonly string[]>> = {
  "resolv-conf": ["resolv-conf-config"],
  // kubelet writes /etc/hosts (hostAliases) as it writes resolv.conf; the follow-up card is about the file
  "hosts-file": ["hosts-before-dns", "resolv-conf-config"],
  "bg-kubelet-resolv-conf": ["resolv-conf-config"],
  "search-domain": ["dns-name-format"],
  "namespace-in-name": ["dns-name-format"],
  "dns-query": ["dns-name-format", "resolv-conf-config"],
  "dns-service-nat": ["returned-ip"],
  "node-local-dns": ["resolv-conf-config"],
  "dns-answers-clusterip": ["returned-ip"],
  "dns-answers-pod-ips": ["returned-ip"],
  "dns-cname": ["returned-ip"],
  "dns-name-not-found": ["dns-name-format"],
  "upstream-resolution": ["external-name-lookups", "returned-ip"],
  "bg-coredns-watches-api": ["returned-ip"],
  "client-picks-address": ["returned-ip"],
  "app-connect": ["when-rewrite-happens"],
  "direct-to-pod": ["choosing-the-node"],
  "direct-to-external": ["choosing-the-node"],
  "proxy-service-match": ["service-to-pod-mapping", "when-rewrite-happens"],
  "bg-kube-proxy-programs": ["service-to-pod-mapping"],
  "bg-endpointslices": ["service-to-pod-mapping"],
  "bg-ipvs-dummy-interface": ["service-to-pod-mapping"],
  "no-ready-endpoints": ["service-to-pod-mapping"],
  "headless-no-clusterip": ["returned-ip", "service-to-pod-mapping"],
  "externalname-no-proxy": ["service-to-pod-mapping"],
  "reject-rule": ["service-to-pod-mapping"],
  "drop-rule": ["service-to-pod-mapping"],
  "connection-refused": ["service-to-pod-mapping"],
  "connection-timeout": ["service-to-pod-mapping"],
  "endpoint-selection": ["service-to-pod-mapping"],
  dnat: ["when-rewrite-happens"],
  "conntrack-records": ["when-rewrite-happens"],
  routing: ["choosing-the-node"],
  "pod-receive": ["choosing-the-node"],
  "pod-reply": ["response-path"],
  "reply-direct": ["response-path"],
  "conntrack-reverse": ["response-path"],
  "app-response": ["response-path"],
  "lb-to-node": ["choosing-the-node"],
  "lb-health-check": ["outside-traffic-local-policy", "choosing-the-node"],
  "ext-service-match": ["outside-traffic-local-policy", "service-to-pod-mapping", "when-rewrite-happens"],
  "masquerade-snat": ["when-rewrite-happens", "response-path"],
  "client-source-preserved": ["outside-traffic-local-policy", "when-rewrite-happens"],
  "no-local-endpoint": ["outside-traffic-local-policy", "choosing-the-node", "service-to-pod-mapping"],
};

/** Concepts that send the learner back to their flashcards: required ones missed, and any out of order. */
export function conceptsToReview(grade: StoredGrade): string[] {
  return grade.concepts.filter((c) => (c.required && !c.found) || c.outOfOrder).map((c) => c.id);
}

export interface FlashcardLink {
  readonly id: string;
  readonly tags: readonly string[];
}

/** Flashcard item id → the concepts (of `conceptIds`) that schedule it, for the set's flashcards. */
export function flashcardsForConcepts(
  conceptIds: readonly string[],
  flashcards: readonly FlashcardLink[],
): Map<string, string[]> {
  const present = new Map(flashcards.map((f) => [f.id, f]));
  const out = new Map<string, string[]>();
  const add = (itemId: string, concept: string) => {
    const list = out.get(itemId) ?? [];
    if (!list.includes(concept)) list.push(concept);
    out.set(itemId, list);
  };
  for (const concept of conceptIds) {
    for (const itemId of CONCEPT_FLASHCARDS[concept] ?? []) if (present.has(itemId)) add(itemId, concept);
    for (const card of flashcards) if (card.tags.includes(`concept:${concept}`)) add(card.id, concept);
  }
  return out;
}
