import { storedItemSchema, type ItemContent } from "../schemas/question-set";

/**
 * How an item is stored (the Item table's content columns) and read back: the one codec both ways. Tags are
 * a JSON array; a free-form question's scenario and rubric tuning share the `rubric` column, a scenario
 * question's template and generator options the `scenario` column.
 */
export interface ItemRow {
  readonly id: string;
  readonly kind: string;
  readonly front: string;
  readonly back: string;
  readonly tags: string;
  readonly rubric: string | null;
  readonly scenario: string | null;
}

export function toItemRow(item: ItemContent): ItemRow {
  return {
    id: item.id,
    kind: item.kind,
    front: item.front,
    back: item.back,
    tags: JSON.stringify(item.tags),
    rubric: item.kind === "freeform" ? JSON.stringify({ scenario: item.scenario, tuning: item.rubric }) : null,
    scenario: item.kind === "scenario" ? JSON.stringify({ template: item.template, generator: item.generator }) : null,
  };
}

function parsed(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * A stored item in the content format, or null when the row no longer validates (it is skipped, not shown).
 * The Markdown rendering limits are not applied: an item saved before them still shows, as plain text.
 */
export function fromItemRow(row: ItemRow): ItemContent | null {
  const base = { id: row.id, kind: row.kind, front: row.front, back: row.back, tags: parseTags(row.tags) };
  const candidate =
    row.kind === "freeform"
      ? { ...base, scenario: parsed(row.rubric).scenario ?? "seed", rubric: parsed(row.rubric).tuning ?? null }
      : row.kind === "scenario"
        ? { ...base, template: parsed(row.scenario).template, generator: parsed(row.scenario).generator ?? {} }
        : base;
  const item = storedItemSchema.safeParse(candidate);
  return item.success ? item.data : null;
}

/** A JSON tag list (items and sets store their tags so); anything else reads as no tags. */
export function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === "string") : [];
  } catch {
    return [];
  }
}
