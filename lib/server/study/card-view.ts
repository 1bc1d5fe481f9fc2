import "server-only";
import { renderMarkdown } from "../../content/markdown";
import {
  createScheduler,
  describeInterval,
  formatInterval,
  RATINGS,
  RATING_LABEL,
  schedulerSettingsFrom,
  type Rating,
} from "../../srs/index";
import type { Trace } from "../../sim/index";
import { fromItemRow, scenarioAnswer, scenarioProse, scenarioVariant, type ScenarioTemplate } from "../../content";
import type { GeneratorOptions } from "../../schemas/question-set";
import { type UserStudySettings } from "./settings";
import { cardSeed, srsCardOf, type CardWithItem } from "./cards";

export interface IntervalLabel {
  readonly rating: Rating;
  readonly name: string;
  readonly label: string;
  readonly description: string;
}

export interface ScenarioView {
  readonly seed: number;
  readonly template: string;
  readonly descriptionHtml: string;
  readonly answerHtml: string;
  readonly trace: Trace;
  readonly matchesOptions: boolean;
}

export interface CardView {
  readonly id: string;
  readonly itemId: string;
  readonly kind: string;
  readonly state: number;
  readonly reps: number;
  readonly queue: "learning" | "review" | "new" | "cram";
  readonly frontHtml: string;
  readonly backHtml: string;
  readonly scenario: ScenarioView | null;
  readonly intervals: readonly IntervalLabel[];
}

export function cardView(
  row: CardWithItem,
  userId: string,
  settings: UserStudySettings,
  now: Date,
  queue: CardView["queue"],
): CardView {
  const scheduler = createScheduler(schedulerSettingsFrom(settings));
  const preview = scheduler.preview(srsCardOf(row), now);
  const intervals = RATINGS.map((rating) => ({
    rating,
    name: RATING_LABEL[rating],
    label: queue === "cram" ? "cram" : formatInterval(preview[rating].intervalMs),
    description: queue === "cram" ? "no change to the schedule" : describeInterval(preview[rating].intervalMs),
  }));
  const item = row.item.kind === "scenario" ? fromItemRow(row.item) : null;
  const scenario =
    item?.kind === "scenario" ? scenarioView(item, row.scenarioSeed ?? cardSeed(userId, row.itemId, row.reps)) : null;
  return {
    id: row.id,
    itemId: row.itemId,
    kind: row.item.kind,
    state: row.state,
    reps: row.reps,
    queue,
    frontHtml: renderMarkdown(row.item.front),
    backHtml: renderMarkdown(row.item.back),
    scenario,
    intervals,
  };
}

/**
 * A scenario card's face for one due date: the variant of its seed (a new seed each time it comes due, see
 * cardSeed), described and answered by lib/content's scenario module.
 */
function scenarioView(
  item: { readonly template: ScenarioTemplate; readonly generator: GeneratorOptions },
  seed: number,
): ScenarioView | null {
  const variant = scenarioVariant(seed, item.generator);
  if (variant === null) return null;
  return {
    seed,
    template: item.template,
    descriptionHtml: renderMarkdown(scenarioProse(variant.trace)),
    answerHtml: renderMarkdown(scenarioAnswer(variant.trace, item.template)),
    trace: variant.trace,
    matchesOptions: variant.matchesOptions,
  };
}
