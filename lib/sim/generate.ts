import type { ScenarioInput } from "../schemas/scenario";
import { SEED_SCENARIO } from "./seed-scenario";

export type Difficulty = "easy" | "medium" | "hard";

export function generateScenario(_seed: number, _difficulty: Difficulty = "medium"): ScenarioInput {
  return SEED_SCENARIO;
}
