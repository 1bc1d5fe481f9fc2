import type { Verdict } from "../schemas/grade";

/**
 * The one score formula (interview results recompute overridden scores with `scoreOf` too):
 *
 *   score = round(100 × coverage × (0.75 + 0.25 × order)) − penalty, clamped to 0..100
 *
 * - coverage: Σ weight × credit of the concepts / Σ weight of every concept of the matched path. Credit is 1 for
 *   a step stated, 0.5 for a step with a wrong actor or value (a correction), 0.2 for a step only named in a
 *   clause that states nothing (a bare list of terms; all such mentions together earn at most 15 % of the
 *   weight), 0 for a denied or missing step.
 * - order: required steps in the longest in-order run / required steps stated (1 with fewer than two).
 * - penalty: 10 per misconception (15 for a variant's central one), at most 30, plus 10 for a misplacement that
 *   changes the meaning (reverse NAT before delivery, DNAT before DNS, routing before the DNAT).
 *
 * Verdict:
 * - strong: score ≥ 65, no misconception, no meaning-changing misplacement, no correction of a required step
 *   (chain-name trivia aside), every key concept (weight 3) fully stated, at most one other required concept
 *   missing, order ≥ 0.75, and the answer goes past the DNS answer (it states a required step of the
 *   connection when the path has one);
 * - another request (other-request.ts: another client, Service or direction, or only the DNS packet's own trip):
 *   graded on the mechanism it shows for that request, with bounded credit: partial when it shows it (the
 *   Service round trip) with no misconception, weak otherwise, never strong;
 * - weak: the required concepts' credited weight is under 30 % of theirs, or score < 20. A score under 20 that
 *   only a single misconception's penalty put there is not weak when the answer states at least four required
 *   steps right: that is real coverage with one error, which is partial.
 *   An answer stating fewer than four required steps and no key (weight 3) step past the lookup set-up is weak.
 *   None of these makes weak an answer that states in full the point its variant exists to test (grade.ts
 *   VARIANT_CORE: a headless or ExternalName Service takes the ClusterIP and kube-proxy out of the path, and
 *   the client connects straight to the pod or the external address) with no misconception: that is real
 *   understanding of this request, however much of the rest is missing;
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
  partialCredit: 0.5,
  mentionCredit: 0.2,
  mentionCap: 0.15,
  misplacementPenalty: 10,
  /** required steps stated (full or partial credit, not bare mentions) that keep one misconception from sinking a
   * low score to weak */
  realCoverageSteps: 4,
} as const;

export interface ScoreInput {
  readonly foundWeight: number;
  readonly totalWeight: number;
  /** 0..1 */
  readonly order: number;
  /** points taken off (misconceptions and misplacements) */
  readonly penalty: number;
}

export function scoreOf(input: ScoreInput): { coverage: number; base: number; score: number } {
  const coverage = input.totalWeight > 0 ? Math.min(1, input.foundWeight / input.totalWeight) : 0;
  const base = coverage * (1 - SCORING.orderShare + SCORING.orderShare * input.order);
  const score = Math.max(0, Math.min(100, Math.round(100 * base) - input.penalty));
  return { coverage, base, score };
}

export interface VerdictInput {
  readonly score: number;
  readonly misconceptions: number;
  readonly meaningChanged: boolean;
  readonly requiredCorrected: boolean;
  readonly keyMissing: boolean;
  readonly requiredMissing: number;
  readonly order: number;
  readonly requiredShare: number;
  /** the answer is about another request (other-request.ts) */
  readonly otherRequest: boolean;
  /** that request's own mechanism is shown (OtherRequest.mechanism) */
  readonly otherMechanism?: boolean;
  /** every concept the variant exists to test (VARIANT_CORE) is stated in full */
  readonly variantCore?: boolean;
  /** the path has required steps after the DNS answer and the answer states none of them */
  readonly stopsAtDns?: boolean;
  /** required concepts stated with at least partial credit (bare mentions do not count) */
  readonly requiredStated?: number;
  /** a key (weight 3) required step past the lookup set-up is stated: the DNS answer, a rewrite, the outcome */
  readonly keyPastSetup?: boolean;
}

/** A low score is one misconception's penalty on an answer with real coverage, not a lack of understanding. */
function penaltyOnly(v: VerdictInput): boolean {
  return v.misconceptions === 1 && (v.requiredStated ?? 0) >= SCORING.realCoverageSteps;
}

export function verdictOf(v: VerdictInput): Verdict {
  // graded on the request it tells, for the asked one: partial at best
  if (v.otherRequest) return v.otherMechanism === true && v.misconceptions === 0 ? "partial" : "weak";
  const low = v.score < SCORING.weakBelow && !penaltyOnly(v);
  // only the lookup set-up, and not even four steps of it: little real understanding of this request
  const setupOnly = v.keyPastSetup === false && (v.requiredStated ?? 0) < SCORING.realCoverageSteps;
  // the point the variant exists to test made right, with nothing wrong, is real understanding whatever is missing
  const variantPoint = v.variantCore === true && v.misconceptions === 0;
  if (!variantPoint && (low || setupOnly || v.requiredShare < SCORING.weakRequiredShare)) return "weak";
  const strong =
    v.score >= SCORING.strongScore &&
    v.misconceptions === 0 &&
    !v.meaningChanged &&
    !v.requiredCorrected &&
    !v.keyMissing &&
    v.requiredMissing <= SCORING.strongMaxRequiredMissing &&
    v.order >= SCORING.strongMinOrder &&
    v.stopsAtDns !== true;
  return strong ? "strong" : "partial";
}

export const VERDICT_RULE =
  "strong: score ≥ 65, no misconception, no meaning-changing misplacement, no corrected required step, every key (weight 3) concept stated, ≤ 1 required concept missing, order ≥ 0.75, a required step after the DNS answer stated; weak: required share < 0.3, score < 20 (unless one misconception's penalty put it there and ≥ 4 required steps are stated), < 4 required steps stated with no key step past the lookup set-up (none of these when the variant's point is stated in full with no misconception); an answer about another request: partial if it shows that request's Service round trip with no misconception, else weak; otherwise partial";
