import "server-only";
import type { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { fromItemRow } from "../../content";
import { storedQuestionSetSchema, type ItemContent } from "../../schemas/question-set";

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
      const parsed = storedQuestionSetSchema.safeParse(JSON.parse(row.snapshot));
      if (parsed.success) return parsed.data.items;
    } catch {
      // fall through to the live rows
    }
  }
  const rows = await db.item.findMany({ where: { setId }, orderBy: { position: "asc" } });
  return rows.map(fromItemRow).filter((item) => item !== null);
}
