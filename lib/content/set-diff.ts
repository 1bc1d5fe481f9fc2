import type { ItemContent, QuestionSetContent } from "../schemas/question-set";

/**
 * What an import (or an edit) would change in an existing set, matching items by stable id: the same rules
 * `upsertQuestionSet` applies when it writes, so the preview tells the truth.
 */
export interface ItemChange {
  readonly id: string;
  readonly kind: ItemContent["kind"];
  readonly front: string;
  /** for updates: which fields differ (`position` when only the order changed) */
  readonly fields: readonly string[];
}

export interface SetDiff {
  readonly created: readonly ItemChange[];
  readonly updated: readonly ItemChange[];
  readonly unchanged: readonly ItemChange[];
  /** items of the existing set missing from the import: kept for learners' history, hidden from the set */
  readonly retired: readonly ItemChange[];
  /** set fields that change (title, description, tags, interviewMinutes) */
  readonly setFields: readonly string[];
}

const SET_FIELDS = ["title", "description", "tags", "interviewMinutes"] as const;

function comparable(item: ItemContent): Record<string, string> {
  const { id: _id, ...rest } = item;
  return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, stableJson(value)]));
}

/** JSON with object keys sorted, so key order never counts as a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function change(item: ItemContent, fields: readonly string[] = []): ItemChange {
  return { id: item.id, kind: item.kind, front: item.front, fields };
}

export function diffSetContent(existing: QuestionSetContent | null, imported: QuestionSetContent): SetDiff {
  const before = new Map((existing?.items ?? []).map((item, position) => [item.id, { item, position }]));
  const created: ItemChange[] = [];
  const updated: ItemChange[] = [];
  const unchanged: ItemChange[] = [];
  imported.items.forEach((item, position) => {
    const old = before.get(item.id);
    if (!old) {
      created.push(change(item));
      return;
    }
    const a = comparable(old.item);
    const b = comparable(item);
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => a[key] !== b[key]);
    if (old.position !== position) fields.push("position");
    if (fields.length === 0) unchanged.push(change(item));
    else updated.push(change(item, fields));
  });
  const kept = new Set(imported.items.map((item) => item.id));
  const retired = (existing?.items ?? []).filter((item) => !kept.has(item.id)).map((item) => change(item));
  const setFields = existing
    ? SET_FIELDS.filter((field) => stableJson(existing[field]) !== stableJson(imported[field]))
    : [];
  return { created, updated, unchanged, retired, setFields };
}
