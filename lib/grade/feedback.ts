import type { Correction, GradedConcept, GradedMisconception, Misplacement } from "../schemas/grade";
import type { OtherRequest } from "./other-request";
import type { CompiledRubric } from "./rubric";

/**
 * Feedback sentences, most important first: misconceptions (wrong beats missing), corrections of what was said
 * (the right actor or value), missing required steps in path order, the first misplaced step (quoting both
 * places), then optional steps worth adding. At most six, in the scenario's own names.
 */
export interface FeedbackInput {
  readonly rubric: CompiledRubric;
  readonly concepts: readonly GradedConcept[];
  readonly misconceptions: readonly GradedMisconception[];
  readonly corrections: readonly Correction[];
  readonly misplaced: readonly Misplacement[];
  readonly empty: boolean;
  readonly otherRequest: OtherRequest | null;
}

const MAX_FEEDBACK = 6;

export function feedbackFor(input: FeedbackInput): string[] {
  const out: string[] = [];
  const f = input.rubric.facts;
  if (input.empty) {
    out.push(
      f.kind === "outside"
        ? `Your answer is empty: walk through the request from ${f.clientName}'s connect to ${f.host} into the cluster and back to the reply reaching it.`
        : `Your answer is empty: walk through the request from the DNS lookup in ${f.clientName} to the reply reaching it.`,
    );
  }
  const other = input.otherRequest;
  if (other !== null) {
    const asked = `${f.clientPod} calling ${f.host}${f.fqdn !== null ? ` (${f.fqdn})` : ""}`;
    const told =
      other.kind === "dns-packet" ? `the trip of ${other.described}` : `another request (${other.described})`;
    const credit = other.mechanism
      ? "the mechanism you show for it earns partial credit; now tell it for the asked request"
      : "it earns no credit for the asked request";
    out.push(`Your answer describes ${told}, but this question is about ${asked}: ${credit}.`);
  }
  for (const m of input.misconceptions) out.push(m.explanation);
  const seen = new Set<string>();
  for (const c of input.corrections) {
    if (c.kind === "polarity" || seen.has(c.explanation)) continue;
    seen.add(c.explanation);
    out.push(c.explanation);
  }
  const byOrder = [...input.concepts].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity));
  for (const c of byOrder) {
    if (c.required && c.credit < 0.5) {
      out.push(c.status === "mentioned" ? `You name it but do not say what happens: ${c.hint}` : c.hint);
    }
  }
  const firstMisplaced = input.misplaced[0];
  if (firstMisplaced !== undefined) out.push(`Fix the order: ${firstMisplaced.message}`);
  const optional = byOrder.filter((c) => !c.required && c.credit === 0 && c.weight >= 1 && c.order !== null);
  for (const c of optional.slice(0, 2)) out.push(c.hint);
  if (out.length === 0) out.push("Complete and in order: nothing essential is missing.");
  return out.slice(0, MAX_FEEDBACK);
}
