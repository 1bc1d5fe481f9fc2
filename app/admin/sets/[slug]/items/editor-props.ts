import { CONCEPT_IDS } from "@/lib/grade";
import { TEMPLATE_LABELS, type ScenarioTemplate } from "@/lib/content";
import type { ItemContent } from "@/lib/schemas/question-set";
import type { EditorItemValues } from "../../../_components/item-editor";

/** Plain props for the client editor (concept ids and template labels come from the pure libraries). */
export const conceptIds: readonly string[] = CONCEPT_IDS;
export const templates = Object.entries(TEMPLATE_LABELS) as [ScenarioTemplate, string][];

export function editorValues(item: ItemContent): EditorItemValues {
  return item;
}

export function blankItem(kind: ItemContent["kind"]): EditorItemValues {
  const base = { id: "", front: "", back: "", tags: [] };
  if (kind === "freeform") return { ...base, kind, scenario: "seed", rubric: null };
  if (kind === "scenario") {
    return {
      ...base,
      kind,
      template: "full-path",
      generator: { difficulty: "easy", serviceKinds: [], proxyModes: [], placement: "any", resolvers: [] },
    };
  }
  return { ...base, kind };
}
