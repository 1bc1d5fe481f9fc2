import type { CompiledRubric } from "./rubric";

/**
 * Feedback sentences, most important first: misconceptions (wrong beats missing), then missing required
 * hops in path order, then the first order problem, then optional hops worth adding. At most six.
 */
export interface FeedbackInput {
  readonly rubric: CompiledRubric;
  readonly found: ReadonlySet<string>;
  readonly misconceptionIds: readonly string[];
  readonly outOfOrder: readonly string[];
  /** concept ids in the order the answer mentions them */
  readonly mentionOrder: readonly string[];
  readonly empty: boolean;
}

const MAX_FEEDBACK = 6;

export function feedbackFor(input: FeedbackInput): string[] {
  const { rubric, found } = input;
  const out: string[] = [];
  const byId = new Map(rubric.concepts.map((c) => [c.definition.id, c.definition]));
  if (input.empty) {
    out.push(
      "Your answer is empty: walk through the request from the DNS lookup in the client pod to the reply reaching it.",
    );
  }
  for (const id of input.misconceptionIds) {
    const m = rubric.misconceptions.find((x) => x.definition.id === id);
    if (m !== undefined) out.push(m.definition.explanation);
  }
  const byOrder = [...rubric.concepts.map((c) => c.definition)].sort(
    (a, b) => (a.order ?? Infinity) - (b.order ?? Infinity),
  );
  for (const concept of byOrder) {
    if (concept.required && !found.has(concept.id)) out.push(concept.hint);
  }
  const firstOut = input.outOfOrder[0];
  const moved = firstOut === undefined ? undefined : byId.get(firstOut);
  if (moved !== undefined && moved.order !== null) {
    // the first concept mentioned after `moved` that really comes before it in the path
    const at = input.mentionOrder.indexOf(moved.id);
    const earlier = input.mentionOrder
      .slice(at + 1)
      .map((id) => byId.get(id))
      .find((c) => c !== undefined && c.order !== null && moved.order !== null && c.order < moved.order);
    out.push(
      earlier !== undefined
        ? `Fix the order: "${earlier.label}" happens before "${moved.label}", but your answer describes it later.`
        : `Fix the order: "${moved.label}" is out of place in the path.`,
    );
  }
  const optional = byOrder.filter((c) => !c.required && !found.has(c.id) && c.weight >= 1 && c.order !== null);
  for (const concept of optional.slice(0, 2)) out.push(concept.hint);
  if (out.length === 0) out.push("Complete and in order: nothing essential is missing.");
  return out.slice(0, MAX_FEEDBACK);
}
