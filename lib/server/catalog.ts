import "server-only";
import { prisma } from "./db";
import { Prisma } from "./generated/prisma/client";
import { rawRows, rowNumber } from "./sql-rows";
import { parseTags } from "../content";
import { renderMarkdown } from "../content/markdown";
import type { SessionUser } from "./auth";

export interface SetSummary {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly status: string;
  readonly version: number;
  readonly itemCount: number;
  readonly counts: { readonly flashcard: number; readonly freeform: number; readonly scenario: number };
}

async function summaries(where: { id?: string; status?: string | { in: string[] } }): Promise<SetSummary[]> {
  const sets = await prisma.questionSet.findMany({
    where,
    orderBy: [{ title: "asc" }],
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      tags: true,
      status: true,
      version: true,
      items: { where: { retiredAt: null }, select: { kind: true } },
    },
  });
  return sets.map((set) =>
    summaryOf(
      set,
      set.items.map((item) => ({ kind: item.kind, count: 1 })),
    ),
  );
}

type SetColumns = Pick<SetSummary, "id" | "slug" | "title" | "description" | "status" | "version"> & { tags: string };

function summaryOf(set: SetColumns, kinds: readonly { kind: string | null; count: number }[]): SetSummary {
  const counts = { flashcard: 0, freeform: 0, scenario: 0 };
  let itemCount = 0;
  for (const { kind, count } of kinds) {
    if (kind === "flashcard" || kind === "freeform" || kind === "scenario") counts[kind] += count;
    if (kind !== null) itemCount += count;
  }
  return {
    id: set.id,
    slug: set.slug,
    title: set.title,
    description: set.description,
    tags: parseTags(set.tags),
    status: set.status,
    version: set.version,
    itemCount,
    counts,
  };
}

/**
 * The sets learners see, with their active items counted by kind: one grouped statement (the set list is
 * every signed-in learner's first page). Grouping by the primary key lets the set's other columns be
 * selected, in SQLite and in PostgreSQL alike.
 */
export async function listPublishedSets(): Promise<SetSummary[]> {
  const rows = await rawRows<SetColumns & { kind: string | null; n: unknown }>(
    Prisma.sql`SELECT q."id", q."slug", q."title", q."description", q."tags", q."status", q."version", i."kind",
      COUNT(i."id") AS "n" FROM "QuestionSet" q LEFT JOIN "Item" i ON i."setId" = q."id" AND i."retiredAt" IS NULL
      WHERE q."status" = 'published' GROUP BY q."id", i."kind" ORDER BY q."title", q."id"`,
  );
  const sets = new Map<string, { set: SetColumns; kinds: { kind: string | null; count: number }[] }>();
  for (const { kind, n, ...set } of rows) {
    const entry = sets.get(set.id) ?? { set, kinds: [] };
    entry.kinds.push({ kind, count: rowNumber(n) });
    sets.set(set.id, entry);
  }
  return [...sets.values()].map(({ set, kinds }) => summaryOf(set, kinds));
}

/** Every set, for the admin area (caller must have checked the admin role). */
export function listAllSets(): Promise<SetSummary[]> {
  return summaries({ status: { in: ["draft", "published", "archived"] } });
}

export interface SetItemView {
  readonly id: string;
  readonly kind: string;
  readonly frontHtml: string;
  readonly backHtml: string;
  readonly tags: readonly string[];
}

export interface SetView {
  readonly summary: SetSummary;
  readonly descriptionHtml: string;
  readonly items: readonly SetItemView[];
}

/** A set and its items with Markdown rendered safely; drafts and archived sets only for admins. */
export async function getSetView(slug: string, viewer: SessionUser | null): Promise<SetView | null> {
  const set = await prisma.questionSet.findUnique({
    where: { slug },
    include: { items: { where: { retiredAt: null }, orderBy: { position: "asc" } } },
  });
  if (!set) return null;
  if (set.status !== "published" && viewer?.role !== "admin") return null;
  const [summary] = await summaries({ id: set.id });
  if (!summary) return null;
  return {
    summary,
    descriptionHtml: renderMarkdown(set.description),
    items: set.items.map((item) => ({
      id: item.id,
      kind: item.kind,
      frontHtml: renderMarkdown(item.front),
      backHtml: renderMarkdown(item.back),
      tags: parseTags(item.tags),
    })),
  };
}

export async function adminOverview(): Promise<{ users: number; admins: number; reviews: number }> {
  const [users, admins, reviews] = await Promise.all([
    prisma.user.count(),
    prisma.user.count({ where: { role: "admin" } }),
    prisma.reviewLog.count(),
  ]);
  return { users, admins, reviews };
}
