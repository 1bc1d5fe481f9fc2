import "server-only";
import { prisma } from "./db";
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
  return sets.map((set) => {
    const counts = { flashcard: 0, freeform: 0, scenario: 0 };
    for (const item of set.items) {
      if (item.kind === "flashcard" || item.kind === "freeform" || item.kind === "scenario") counts[item.kind] += 1;
    }
    return {
      id: set.id,
      slug: set.slug,
      title: set.title,
      description: set.description,
      tags: parseTags(set.tags),
      status: set.status,
      version: set.version,
      itemCount: set.items.length,
      counts,
    };
  });
}

/** The sets learners see. */
export function listPublishedSets(): Promise<SetSummary[]> {
  return summaries({ status: "published" });
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
