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
import { describeScenario, parseScenarioItem, scenarioAnswer, scenarioVariant } from "../../content";
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
  let scenario: ScenarioView | null = null;
  const settingsOfItem = row.item.kind === "scenario" ? parseScenarioItem(row.item.scenario) : null;
  if (settingsOfItem !== null) {
    const seed = row.scenarioSeed ?? cardSeed(userId, row.itemId, row.reps);
    const variant = scenarioVariant(seed, settingsOfItem.generator);
    if (variant !== null) {
      scenario = {
        seed,
        template: settingsOfItem.template,
        descriptionHtml: renderMarkdown(describeScenario(variant.trace)),
        answerHtml: renderMarkdown(scenarioAnswer(variant.trace, settingsOfItem.template)),
        trace: variant.trace,
        matchesOptions: variant.matchesOptions,
      };
    }
  }
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
