/**
 * Admin authoring, the reads: the set list, a set in the editor, one item, a set's header. Each takes the
 * signed-in user, checks the admin role itself, then queries and returns plain objects.
 */
import "server-only";
import { prisma } from "../db";
import type { SessionUser } from "../auth";
import {
  fromItemRow,
  issueMessage,
  parseTags,
  runRubricTests,
  type ItemRow,
  type RubricTestResult,
} from "../../content";
import { renderMarkdown } from "../../content/markdown";
import { fieldErrorsOf, formField, type FieldErrors } from "../../schemas/field-errors";
import {
  itemSchema,
  questionSetSchema,
  storedQuestionSetSchema,
  type ItemContent,
  type QuestionSetContent,
} from "../../schemas/question-set";
import { authorize } from "./access";

/** A stored item in the content format; rows are validated when written, so one that fails is a bug. */
function storedItem(row: ItemRow): ItemContent {
  const item = fromItemRow(row);
  if (item === null) throw new Error(`The stored item "${row.id}" no longer validates.`);
  return item;
}

/**
 * What a stored set no longer satisfies of the rules a save applies: texts saved before the Markdown
 * rendering limits (lib/content/markdown-limits.ts) existed. Pages show such a text as plain paragraphs;
 * the editor lists these, and a save or publish is refused until they are fixed.
 */
export interface StoredProblem {
  /** the item the problem is in, null for the set's own fields */
  readonly itemId: string | null;
  readonly message: string;
}

export function storedProblems(content: QuestionSetContent): StoredProblem[] {
  const valid = questionSetSchema.safeParse(content);
  if (valid.success) return [];
  return valid.error.issues.map((issue) => {
    const index = issue.path[0] === "items" ? issue.path[1] : undefined;
    const itemId = typeof index === "number" ? (content.items[index]?.id ?? null) : null;
    return { itemId, message: issueMessage(issue, "set") };
  });
}

/** The set as the editor, the import preview and the export see it: its active items, in order. */
export async function loadSet(slug: string) {
  const row = await prisma.questionSet.findUnique({
    where: { slug },
    include: { items: { where: { retiredAt: null }, orderBy: { position: "asc" } } },
  });
  if (!row) return null;
  const content: QuestionSetContent = storedQuestionSetSchema.parse({
    slug: row.slug,
    title: row.title,
    description: row.description,
    tags: parseTags(row.tags),
    interviewMinutes: row.interviewMinutes,
    items: row.items.map(storedItem),
  });
  return { row, content };
}

export interface AdminSetRow {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly status: string;
  readonly version: number;
  readonly counts: { readonly flashcard: number; readonly freeform: number; readonly scenario: number };
  readonly retired: number;
  readonly learners: number;
  readonly interviews: number;
  readonly updatedAt: string;
}

export async function adminSetList(user: SessionUser | null): Promise<AdminSetRow[]> {
  authorize(user);
  const sets = await prisma.questionSet.findMany({
    orderBy: [{ updatedAt: "desc" }],
    include: {
      items: { select: { kind: true, retiredAt: true, _count: { select: { cards: true } } } },
      _count: { select: { interviews: true } },
    },
  });
  return sets.map((set) => {
    const counts = { flashcard: 0, freeform: 0, scenario: 0 };
    let retired = 0;
    let cards = 0;
    for (const item of set.items) {
      cards += item._count.cards;
      if (item.retiredAt !== null) retired += 1;
      else if (item.kind === "flashcard" || item.kind === "freeform" || item.kind === "scenario")
        counts[item.kind] += 1;
    }
    return {
      id: set.id,
      slug: set.slug,
      title: set.title,
      status: set.status,
      version: set.version,
      counts,
      retired,
      learners: cards,
      interviews: set._count.interviews,
      updatedAt: set.updatedAt.toISOString(),
    };
  });
}

export interface EditorItem {
  readonly item: ItemContent;
  readonly frontHtml: string;
  readonly rubricTests: readonly RubricTestResult[];
}

export interface SetEditorView {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly interviewMinutes: number;
  readonly status: string;
  readonly version: number;
  readonly versions: readonly { version: number; createdAt: string }[];
  readonly items: readonly EditorItem[];
  readonly retiredCount: number;
  readonly failingTests: number;
  readonly problems: readonly StoredProblem[];
}

export async function setEditorView(user: SessionUser | null, slug: string): Promise<SetEditorView | null> {
  authorize(user);
  const loaded = await loadSet(slug);
  if (!loaded) return null;
  const [versions, retiredCount] = await Promise.all([
    prisma.questionSetVersion.findMany({
      where: { setId: loaded.row.id },
      orderBy: { version: "desc" },
      select: { version: true, createdAt: true },
    }),
    prisma.item.count({ where: { setId: loaded.row.id, retiredAt: { not: null } } }),
  ]);
  const items = loaded.content.items.map((item) => ({
    item,
    frontHtml: renderMarkdown(item.front),
    rubricTests: item.kind === "freeform" ? runRubricTests(item) : [],
  }));
  return {
    slug: loaded.content.slug,
    title: loaded.content.title,
    description: loaded.content.description,
    tags: loaded.content.tags,
    interviewMinutes: loaded.content.interviewMinutes,
    status: loaded.row.status,
    version: loaded.row.version,
    versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString() })),
    items,
    retiredCount,
    failingTests: items.reduce((sum, entry) => sum + entry.rubricTests.filter((test) => !test.pass).length, 0),
    problems: storedProblems(loaded.content),
  };
}

export async function editorItem(
  user: SessionUser | null,
  slug: string,
  itemId: string,
): Promise<{
  set: { slug: string; title: string; status: string };
  item: ItemContent;
  tests: RubricTestResult[];
  /** fields the stored item fails (see StoredProblem), shown by their fields when the editor opens */
  fieldErrors: FieldErrors;
} | null> {
  authorize(user);
  const loaded = await loadSet(slug);
  const item = loaded?.content.items.find((candidate) => candidate.id === itemId);
  if (!loaded || !item) return null;
  return {
    set: { slug: loaded.row.slug, title: loaded.row.title, status: loaded.row.status },
    item,
    tests: item.kind === "freeform" ? runRubricTests(item) : [],
    fieldErrors: storedFieldErrors(item),
  };
}

function storedFieldErrors(item: ItemContent): FieldErrors {
  const valid = itemSchema.safeParse(item);
  return valid.success ? {} : fieldErrorsOf(valid.error, formField);
}

export async function setHeader(
  user: SessionUser | null,
  slug: string,
): Promise<{ slug: string; title: string; status: string } | null> {
  authorize(user);
  const row = await prisma.questionSet.findUnique({
    where: { slug },
    select: { slug: true, title: true, status: true },
  });
  return row;
}
