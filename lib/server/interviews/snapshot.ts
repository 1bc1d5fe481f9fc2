import type { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { questionSetSchema, type ItemContent } from "../../schemas/question-set";

export function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

/**
 * The set's items as published in `version` (QuestionSetVersion snapshot), so a past interview renders with
 * the question, model answer and rubric it was taken with, even after the set was edited.
 */
export async function snapshotItems(
  db: Prisma.TransactionClient | typeof prisma,
  setId: string,
  version: number,
): Promise<ItemContent[]> {
  const row = await db.questionSetVersion.findUnique({ where: { setId_version: { setId, version } } });
  if (row !== null) {
    try {
      const parsed = questionSetSchema.safeParse(JSON.parse(row.snapshot));
      if (parsed.success) return parsed.data.items;
    } catch {
      // fall through to the live rows
    }
  }
  const items = await db.item.findMany({ where: { setId }, orderBy: { position: "asc" } });
  const out: ItemContent[] = [];
  for (const item of items) {
    const tags = parseTags(item.tags);
    const base = { id: item.id, front: item.front, back: item.back, tags };
    const extra: unknown =
      item.rubric !== null ? JSON.parse(item.rubric) : item.scenario !== null ? JSON.parse(item.scenario) : {};
    const candidate =
      item.kind === "freeform"
        ? { ...base, kind: "freeform", ...(extra as object), rubric: (extra as { tuning?: unknown }).tuning ?? null }
        : item.kind === "scenario"
          ? { ...base, kind: "scenario", ...(extra as object) }
          : { ...base, kind: "flashcard" };
    const parsed = questionSetSchema.shape.items.element.safeParse(candidate);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}
