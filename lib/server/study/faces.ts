/**
 * What a learner sees of a card: its Markdown rendered and sanitised, and for scenario cards the variant of
 * the card's seed described and answered by lib/content's scenario module. An item's face only changes when
 * the item is edited (its updatedAt) and a scenario's only with its seed, so faces are kept, most recently
 * used first: a study queue renders the same few cards for every learner of a set, and scenario cards draw
 * their seeds from a small pool per item (cards.ts, SCENARIO_SEEDS_PER_ITEM), so their faces repeat too.
 */
import "server-only";
import { renderMarkdown } from "../../content/markdown";
import { diagramTraceOf, type DiagramTrace } from "../../sim/index";
import { fromItemRow, scenarioAnswer, scenarioProse, scenarioVariant, type ItemRow } from "../../content";
import { cardSeed } from "./cards";

export interface ScenarioView {
  readonly seed: number;
  readonly template: string;
  readonly descriptionHtml: string;
  readonly answerHtml: string;
  /** what the card's path diagram draws, not the whole trace */
  readonly trace: DiagramTrace;
  readonly matchesOptions: boolean;
}

export interface CardFace {
  readonly kind: string;
  readonly frontHtml: string;
  readonly backHtml: string;
  readonly scenario: ScenarioView | null;
}

/** The Item columns a face is made from. */
export interface FaceItem extends ItemRow {
  readonly updatedAt: Date;
}

const FACES_KEPT = 2_000;
const faces = new Map<string, CardFace>();

/**
 * The face of `item` for a learner whose card has `reps` reviews and stored `scenarioSeed` (null: the seed
 * of that review count, cardSeed). Only scenario items depend on the seed.
 */
export function cardFace(item: FaceItem, userId: string, reps: number, scenarioSeed: number | null): CardFace {
  const seed = item.kind === "scenario" ? (scenarioSeed ?? cardSeed(userId, item.id, reps)) : null;
  const key = `${item.id}\u0000${item.updatedAt.getTime()}\u0000${seed ?? ""}`;
  const kept = faces.get(key);
  if (kept !== undefined) {
    faces.delete(key);
    faces.set(key, kept);
    return kept;
  }
  const face = renderFace(item, seed);
  if (faces.size >= FACES_KEPT) faces.delete(faces.keys().next().value as string);
  faces.set(key, face);
  return face;
}

function renderFace(item: FaceItem, seed: number | null): CardFace {
  const parsed = item.kind === "scenario" ? fromItemRow(item) : null;
  let scenario: ScenarioView | null = null;
  if (parsed?.kind === "scenario" && seed !== null) {
    const variant = scenarioVariant(seed, parsed.generator);
    if (variant !== null) {
      scenario = {
        seed,
        template: parsed.template,
        descriptionHtml: renderMarkdown(scenarioProse(variant.trace)),
        answerHtml: renderMarkdown(scenarioAnswer(variant.trace, parsed.template)),
        trace: diagramTraceOf(variant.trace),
        matchesOptions: variant.matchesOptions,
      };
    }
  }
  return { kind: item.kind, frontHtml: renderMarkdown(item.front), backHtml: renderMarkdown(item.back), scenario };
}
