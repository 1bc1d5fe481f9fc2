import type { RubricTuning } from "../schemas/rubric";
import type { Trace } from "../sim/types";
import { analyseAnswer, type AnalysedAnswer } from "./analyse";
import { feedbackFor } from "./feedback";
import { orderOf, type Mention } from "./order";
import { evidenceOf, findMatch, stanceOf, type CompiledPattern, type Evidence, type Match } from "./pattern";
import { compiledRubricFor } from "./rubric";

/** Bumped whenever the same answer could grade differently (patterns, weights, formula). */
export const GRADER_VERSION = "1.0.0";

/** Longest answer graded; longer ones are refused with ANSWER_TOO_LONG (exit 2, HTTP 413). */
export const MAX_ANSWER_CHARS = 20_000;

/**
 * Score = round(100 × coverage × (0.75 + 0.25 × order)) − misconception penalties (10 each, 15 for a variant's
 * central one; at most 30), clamped to 0..100.
 * - coverage: weight of the concepts found / weight of all concepts of the trace (background facts included
 *   with small weights).
 * - order: required concepts in the longest in-order run / required ordered concepts found (1 with fewer than two).
 * Verdict bands:
 * - strong: score ≥ 65, no misconception, every key concept found (required, weight 3: the search list, what DNS
 *   returns, how the Service IP becomes a pod IP, the reverse translation, or the variant's equivalents), at
 *   most one other required concept missing, order ≥ 0.75;
 * - weak: less than 30% of the required concepts' weight found, or score < 20 (a misconception costs
 *   points and blocks "strong", but an answer with real content stays partial);
 * - partial: everything else.
 */
export const SCORING = {
  orderShare: 0.25,
  maxPenalty: 30,
  strongScore: 65,
  strongMinOrder: 0.75,
  strongMaxRequiredMissing: 1,
  keyWeight: 3,
  weakBelow: 20,
  weakRequiredShare: 0.3,
} as const;

export type Verdict = "strong" | "partial" | "weak";

export interface GradedConcept {
  readonly id: string;
  readonly label: string;
  readonly found: boolean;
  readonly required: boolean;
  readonly evidence: Evidence | null;
  readonly weight: number;
  /** place in the hop order, null for background facts */
  readonly order: number | null;
  readonly outOfOrder: boolean;
}

export interface GradedMisconception {
  readonly id: string;
  readonly label: string;
  readonly evidence: Evidence;
  readonly explanation: string;
  /** points taken off the score */
  readonly penalty: number;
}

export interface Calculation {
  readonly coverage: { readonly foundWeight: number; readonly totalWeight: number; readonly value: number };
  readonly order: { readonly inOrder: number; readonly mentioned: number; readonly value: number };
  readonly base: number;
  readonly penalty: number;
  readonly requiredMissing: readonly string[];
  /** weight of the required concepts found / weight of all required concepts */
  readonly requiredShare: number;
  readonly formula: string;
  readonly verdictRule: string;
}

/** contracts.md "Grade" plus coverage, calculation and graderVersion. */
export interface Grade {
  readonly score: number;
  readonly verdict: Verdict;
  readonly concepts: readonly GradedConcept[];
  readonly order: { readonly score: number; readonly outOfOrder: readonly string[] };
  readonly misconceptions: readonly GradedMisconception[];
  readonly feedback: readonly string[];
  readonly coverage: number;
  readonly calculation: Calculation;
  readonly graderVersion: string;
}

export interface AnswerTooLong {
  readonly ok: false;
  readonly code: "ANSWER_TOO_LONG";
  readonly message: string;
  readonly limit: number;
  readonly length: number;
}

export type AnswerCheck = { readonly ok: true } | AnswerTooLong;
export type GradeResult = { readonly ok: true; readonly grade: Grade } | AnswerTooLong;

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

interface Found {
  readonly match: Match;
  /** true when the only mention sits inside a background statement: it counts, but not for order */
  readonly inBackground: boolean;
}

function firstMatch(
  matchers: readonly CompiledPattern[],
  text: AnalysedAnswer,
  accept: (match: Match) => boolean,
  misconception: boolean,
): Match | null {
  let best: Match | null = null;
  for (const pattern of matchers) {
    const match = findMatch(pattern, text, (m, matched) => {
      if (best !== null && m.start >= best.start) return true; // cannot beat the best: stop early
      const stance = stanceOf(text, m, matched, pattern.negationIncluded);
      const asserted = stance === "asserted" || (!misconception && stance === "hedged" && !isQuestion(text, m));
      return asserted && accept(m);
    });
    if (match !== null && (best === null || match.start < best.start)) best = match;
  }
  return best;
}

function isQuestion(text: AnalysedAnswer, match: Match): boolean {
  const token = text.tokens[match.first];
  return token !== undefined && text.questions[token.sentence] === true;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function gradeAnswer(answer: string, trace: Trace, tuning?: RubricTuning): GradeResult {
  const check = checkAnswer(answer);
  if (!check.ok) return check;
  const rubric = compiledRubricFor(trace, tuning);
  const text = analyseAnswer(answer, rubric.lexicon);

  // Background facts first: an ordered concept named only inside one ("kube-proxy programs iptables rules")
  // is credited, but its position says nothing about the learner's order.
  const backgroundSpans: Match[] = [];
  const found = new Map<string, Found>();
  for (const concept of rubric.concepts) {
    if (concept.definition.order !== null) continue;
    const match = firstMatch(concept.matchers, text, () => true, false);
    if (match !== null) {
      found.set(concept.definition.id, { match, inBackground: false });
      backgroundSpans.push(match);
    }
  }
  const overlapsBackground = (m: Match): boolean => backgroundSpans.some((b) => m.first <= b.last && b.first <= m.last);
  for (const concept of rubric.concepts) {
    if (concept.definition.order === null) continue;
    const own = firstMatch(concept.matchers, text, (m) => !overlapsBackground(m), false);
    if (own !== null) {
      found.set(concept.definition.id, { match: own, inBackground: false });
      continue;
    }
    const inside = backgroundSpans.length > 0 ? firstMatch(concept.matchers, text, () => true, false) : null;
    if (inside !== null) found.set(concept.definition.id, { match: inside, inBackground: true });
  }

  const misconceptions: GradedMisconception[] = [];
  for (const m of rubric.misconceptions) {
    const match = firstMatch(m.matchers, text, () => true, true);
    if (match !== null) {
      misconceptions.push({
        id: m.definition.id,
        label: m.definition.label,
        evidence: evidenceOf(text, match),
        explanation: m.definition.explanation,
        penalty: m.definition.penalty,
      });
    }
  }
  misconceptions.sort((a, b) => a.evidence.start - b.evidence.start);

  const mentions: Mention[] = [];
  for (const concept of rubric.concepts) {
    const hit = found.get(concept.definition.id);
    // order is judged on the required hops: optional ones are often mentioned in passing, anywhere
    if (hit === undefined || hit.inBackground || concept.definition.order === null || !concept.definition.required) {
      continue;
    }
    mentions.push({ id: concept.definition.id, rank: concept.definition.order, position: hit.match.start });
  }
  const order = orderOf(mentions);
  const outOfOrder = new Set(order.outOfOrder);

  const totalWeight = rubric.concepts.reduce((sum, c) => sum + c.definition.weight, 0);
  const foundWeight = rubric.concepts.reduce(
    (sum, c) => sum + (found.has(c.definition.id) ? c.definition.weight : 0),
    0,
  );
  const coverage = totalWeight > 0 ? foundWeight / totalWeight : 0;
  const base = coverage * (1 - SCORING.orderShare + SCORING.orderShare * order.score);
  const penalty = Math.min(
    SCORING.maxPenalty,
    misconceptions.reduce((sum, m) => sum + m.penalty, 0),
  );
  const score = Math.max(0, Math.min(100, Math.round(100 * base) - penalty));
  const requiredMissing = rubric.concepts
    .filter((c) => c.definition.required && !found.has(c.definition.id))
    .map((c) => c.definition.id);
  const requiredWeight = rubric.concepts.reduce((sum, c) => sum + (c.definition.required ? c.definition.weight : 0), 0);
  const requiredFoundWeight = rubric.concepts.reduce(
    (sum, c) => sum + (c.definition.required && found.has(c.definition.id) ? c.definition.weight : 0),
    0,
  );
  const requiredShare = requiredWeight > 0 ? requiredFoundWeight / requiredWeight : 0;
  const verdict: Verdict =
    score >= SCORING.strongScore &&
    misconceptions.length === 0 &&
    requiredMissing.length <= SCORING.strongMaxRequiredMissing &&
    !rubric.concepts.some(
      (c) => c.definition.weight >= SCORING.keyWeight && requiredMissing.includes(c.definition.id),
    ) &&
    order.score >= SCORING.strongMinOrder
      ? "strong"
      : score < SCORING.weakBelow || requiredShare < SCORING.weakRequiredShare
        ? "weak"
        : "partial";

  const concepts: GradedConcept[] = rubric.concepts.map(({ definition }) => {
    const hit = found.get(definition.id);
    return {
      id: definition.id,
      label: definition.label,
      found: hit !== undefined,
      required: definition.required,
      evidence: hit === undefined ? null : evidenceOf(text, hit.match),
      weight: definition.weight,
      order: definition.order,
      outOfOrder: outOfOrder.has(definition.id),
    };
  });

  const feedback = feedbackFor({
    rubric,
    found: new Set(found.keys()),
    misconceptionIds: misconceptions.map((m) => m.id),
    outOfOrder: order.outOfOrder,
    mentionOrder: [...mentions].sort((a, b) => a.position - b.position).map((m) => m.id),
    empty: text.tokens.length === 0,
  });

  return {
    ok: true,
    grade: {
      score,
      verdict,
      concepts,
      order: { score: round2(order.score), outOfOrder: order.outOfOrder },
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
        formula: `round(100 × ${round2(coverage)} × (0.75 + 0.25 × ${round2(order.score)})) − ${penalty} = ${score}`,
        verdictRule:
          "strong: score ≥ 65, no misconception, every key (weight 3) concept found, ≤ 1 required concept missing, order ≥ 0.75; weak: required share < 0.3 or score < 20; otherwise partial",
      },
      graderVersion: GRADER_VERSION,
    },
  };
}
