import { CONCEPT_IDS } from "@/lib/grade";
import { SCENARIO_TEMPLATES, type ScenarioTemplate } from "@/lib/content";
import { generatorOptionsSchema, type ItemContent, type ItemKind } from "@/lib/schemas/question-set";

/** Plain props for the client editor (concept ids and template labels come from the pure libraries). */
export const conceptIds: readonly string[] = CONCEPT_IDS;
export const templates = Object.entries(SCENARIO_TEMPLATES).map(
  ([template, { label }]) => [template as ScenarioTemplate, label] as const,
);

/** A new item of `kind` with the content format's defaults and nothing written yet. */
export function blankItem(kind: ItemKind): ItemContent {
  const base = { id: "", front: "", back: "", tags: [] };
  if (kind === "freeform") return { ...base, kind, scenario: "seed", rubric: null };
  if (kind === "scenario") return { ...base, kind, template: "full-path", generator: generatorOptionsSchema.parse({}) };
  return { ...base, kind };
}
