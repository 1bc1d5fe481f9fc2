import "server-only";
import { isUniqueViolation, prisma } from "../db";
import { setVersionAfter, toItemRow } from "../../content";
import { questionSetSchema, type ItemContent, type QuestionSetContent } from "../../schemas/question-set";
import type { Prisma } from "../generated/prisma/client";

export type SetStatus = "draft" | "published" | "archived";

function itemRow(item: ItemContent, setId: string, position: number) {
  const { id: _id, ...content } = toItemRow(item);
  return { setId, position, ...content, retiredAt: null };
}

/** Thrown inside the save's transaction (which rolls back) when an item id already belongs to another set. */
export class ItemIdTaken extends Error {
  constructor(readonly itemId: string) {
    super(`Item id "${itemId}" already belongs to another question set.`);
  }
}

type ItemRowData = ReturnType<typeof itemRow>;

function sameItem(a: ItemRowData, b: Pick<Prisma.ItemGetPayload<object>, keyof ItemRowData>): boolean {
  return (Object.keys(a) as (keyof ItemRowData)[]).every((key) => a[key] === b[key]);
}

type Transaction = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/** A free-form question's sample answers (rubric `samples`) are its rubric tests: keep the RubricTest rows equal. */
async function syncRubricTests(
  tx: Transaction,
  item: ItemContent,
  current: readonly { answer: string; expectedVerdict: string }[],
): Promise<void> {
  const wanted = item.kind === "freeform" ? (item.rubric?.samples ?? []) : [];
  const same =
    wanted.length === current.length &&
    wanted.every((sample, i) => sample.answer === current[i]?.answer && sample.verdict === current[i]?.expectedVerdict);
  if (same) return;
  await tx.rubricTest.deleteMany({ where: { itemId: item.id } });
  // createdAt keeps the authored order (one millisecond apart, as SQLite stores milliseconds)
  const base = Date.now();
  for (const [index, sample] of wanted.entries()) {
    await tx.rubricTest.create({
      data: {
        itemId: item.id,
        answer: sample.answer,
        expectedVerdict: sample.verdict,
        createdAt: new Date(base + index),
      },
    });
  }
}

export interface UpsertSummary {
  readonly setId: string;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly retired: number;
  readonly version: number;
}

type UpsertOptions = { status?: SetStatus; createdById?: string | null };

/** Attempts at a save that lost a race to create the same set, item or version (each retry sees the winner). */
const MAX_UPSERT_ATTEMPTS = 5;

/**
 * Creates or updates a set and its items in one transaction, matching items by their stable id.
 * Items missing from the content are retired (kept, so learners' history still resolves), not deleted.
 * A published set whose content changed gets a new version (lib/content setVersionAfter decides).
 *
 * Saves of one set take turns: the transaction first writes the set's row, which holds every other save of
 * it until this one commits (PostgreSQL's row lock; SQLite's transactions take turns anyway), so what it
 * reads next is what the previous save left. Saves of a set that does not exist yet both try to create it;
 * the loser gets a unique violation (P2002, also for an item or version created twice) and starts over,
 * finding the winner's rows. So concurrent saves (two instances seeding at once, two admins) never fail and
 * never create a row twice.
 */
export async function upsertQuestionSet(
  content: QuestionSetContent,
  options: UpsertOptions = {},
): Promise<UpsertSummary> {
  const set = questionSetSchema.parse(content);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await prisma.$transaction((tx) => upsertInTransaction(tx, set, options));
    } catch (error) {
      if (isUniqueViolation(error) && attempt < MAX_UPSERT_ATTEMPTS) continue;
      throw error;
    }
  }
}

async function upsertInTransaction(
  tx: Transaction,
  set: QuestionSetContent,
  options: UpsertOptions,
): Promise<UpsertSummary> {
  // the turn: the row is written again below in any case (its updatedAt moves with every save)
  await tx.questionSet.updateMany({ where: { slug: set.slug }, data: { slug: set.slug } });
  const existing = await tx.questionSet.findUnique({
    where: { slug: set.slug },
    include: { items: { include: { rubricTests: { orderBy: { createdAt: "asc" } } } } },
  });
  const setFields = {
    title: set.title,
    description: set.description,
    tags: JSON.stringify(set.tags),
    interviewMinutes: set.interviewMinutes,
  };
  const row =
    existing ??
    (await tx.questionSet.create({
      data: {
        slug: set.slug,
        ...setFields,
        status: options.status ?? "draft",
        publishedAt: options.status === "published" ? new Date() : null,
        createdById: options.createdById ?? null,
      },
      include: { items: { include: { rubricTests: { orderBy: { createdAt: "asc" } } } } },
    }));

  const byId = new Map(row.items.map((item) => [item.id, item]));
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const [position, item] of set.items.entries()) {
    const data = itemRow(item, row.id, position);
    const current = byId.get(item.id);
    if (!current) {
      const elsewhere = await tx.item.findUnique({ where: { id: item.id }, select: { setId: true } });
      if (elsewhere) throw new ItemIdTaken(item.id);
      await tx.item.create({ data: { id: item.id, ...data } });
      created += 1;
    } else if (sameItem(data, current)) {
      unchanged += 1;
    } else {
      await tx.item.update({ where: { id: item.id }, data });
      updated += 1;
    }
    await syncRubricTests(tx, item, current?.rubricTests ?? []);
  }
  const keep = new Set(set.items.map((item) => item.id));
  const toRetire = row.items.filter((item) => !keep.has(item.id) && item.retiredAt === null).map((item) => item.id);
  if (toRetire.length > 0) {
    await tx.item.updateMany({ where: { id: { in: toRetire } }, data: { retiredAt: new Date() } });
  }

  const status = options.status ?? row.status;
  const snapshot = await tx.questionSetVersion.findUnique({
    where: { setId_version: { setId: row.id, version: row.version } },
    select: { snapshot: true },
  });
  const next = setVersionAfter(
    { version: row.version, snapshot: snapshot?.snapshot ?? null },
    set,
    status === "published",
  );
  const final = await tx.questionSet.update({
    where: { id: row.id },
    data: {
      ...setFields,
      status,
      version: next.version,
      publishedAt: status === "published" && row.publishedAt === null ? new Date() : undefined,
    },
  });
  if (next.snapshot) {
    await tx.questionSetVersion.upsert({
      where: { setId_version: { setId: final.id, version: final.version } },
      create: { setId: final.id, version: final.version, snapshot: JSON.stringify(set) },
      update: {}, // a version's snapshot never changes
    });
  }
  return { setId: final.id, created, updated, unchanged, retired: toRetire.length, version: final.version };
}
