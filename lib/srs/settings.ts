import { parseStepList } from "../schemas/study";
import { DEFAULT_SCHEDULER_SETTINGS, type SchedulerSettings } from "./types";

/**
 * Scheduler settings from the stored user columns (steps as text, "1m 10m"). Stored values were validated
 * when saved; a step list that no longer parses falls back to the default rather than breaking study.
 */
export function schedulerSettingsFrom(row: {
  readonly desiredRetention: number;
  readonly learningSteps: string;
  readonly relearningSteps: string;
  readonly enableFuzz: boolean;
  readonly maximumInterval: number;
}): SchedulerSettings {
  const learning = parseStepList(row.learningSteps);
  const relearning = parseStepList(row.relearningSteps);
  const retention = row.desiredRetention > 0 && row.desiredRetention < 1 ? row.desiredRetention : 0.9;
  return {
    desiredRetention: retention,
    learningSteps: learning.ok ? learning.steps : DEFAULT_SCHEDULER_SETTINGS.learningSteps,
    relearningSteps: relearning.ok ? relearning.steps : DEFAULT_SCHEDULER_SETTINGS.relearningSteps,
    enableFuzz: row.enableFuzz,
    maximumInterval: Math.min(36500, Math.max(1, Math.round(row.maximumInterval))),
  };
}
