/**
 * Admin authoring on the server: the set list, import preview and commit, set and item edits, publishing
 * with rubric tests, export. Every function takes the signed-in user and checks the admin role itself
 * (pages, actions and routes check too: defence in depth), then queries and returns plain objects.
 *
 * All content changes go through `upsertQuestionSet`: one transaction, items matched by stable id, missing
 * items retired (kept for learners' history), and a new version with a snapshot when a published set changes.
 */
import { prisma } from "./db";
import { upsertQuestionSet } from "./question-sets";
import { checkAdmin, type SessionUser } from "./auth";
import {
  ankiFromSet,
  delimitedFromSet,
  diffSetContent,
  jsonFromSet,
  markdownFromSet,
  parseDelimitedItems,
  parseJsonSet,
  parseMarkdownSet,
  runRubricTests,
  scenarioQuestion,
  slugFromText,
  stableJson,
  type ImportError,
  type RubricTestResult,
  type SetDiff,
} from "../content";
import { renderMarkdown } from "../content/markdown";
import { importRequestSchema, type ExportFormat, type ImportRequest } from "../schemas/authoring";
import {
  itemSchema,
  questionSetSchema,
  slugSchema,
  type GeneratorOptions,
  type ItemContent,
  type QuestionSetContent,
} from "../schemas/question-set";
import type { ScenarioTemplate } from "../content";

export class AdminOnlyError extends Error {
  constructor(readonly status: 401 | 403) {
    super(status === 401 ? "Sign in first." : "This needs an admin account.");
  }
}

function authorize(user: SessionUser | null): asserts user is SessionUser {
  const access = checkAdmin(user);
  if (!access.ok) throw new AdminOnlyError(access.status);
}

// ---------------------------------------------------------------- reading sets

type ItemRow = {
  id: string;
  kind: string;
  front: string;
  back: string;
  tags: string;
  rubric: string | null;
  scenario: string | null;
};

function json(text: string | null, fallback: unknown): unknown {
  if (text === null) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** A stored item back in the content format (the inverse of question-sets.ts `itemRow`). */
export function itemFromRow(row: ItemRow): ItemContent {
  const base = { id: row.id, kind: row.kind, front: row.front, back: row.back, tags: json(row.tags, []) };
  if (row.kind === "freeform") {
    const stored = json(row.rubric, {}) as { scenario?: unknown; tuning?: unknown };
    return itemSchema.parse({ ...base, scenario: stored.scenario ?? "seed", rubric: stored.tuning ?? null });
  }
  if (row.kind === "scenario") {
    const stored = json(row.scenario, {}) as { template?: unknown; generator?: unknown };
    return itemSchema.parse({ ...base, template: stored.template, generator: stored.generator ?? {} });
  }
  return itemSchema.parse(base);
}

async function loadSet(slug: string) {
  const row = await prisma.questionSet.findUnique({
    where: { slug },
    include: { items: { where: { retiredAt: null }, orderBy: { position: "asc" } } },
  });
  if (!row) return null;
  const content: QuestionSetContent = questionSetSchema.parse({
    slug: row.slug,
    title: row.title,
    description: row.description,
    tags: json(row.tags, []),
    interviewMinutes: row.interviewMinutes,
    items: row.items.map(itemFromRow),
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
} | null> {
  authorize(user);
  const loaded = await loadSet(slug);
  const item = loaded?.content.items.find((candidate) => candidate.id === itemId);
  if (!loaded || !item) return null;
  return {
    set: { slug: loaded.row.slug, title: loaded.row.title, status: loaded.row.status },
    item,
    tests: item.kind === "freeform" ? runRubricTests(item) : [],
  };
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

// ---------------------------------------------------------------- import

export interface IdConflict {
  readonly id: string;
  readonly line: number;
  readonly setSlug: string;
  readonly setTitle: string;
}

export interface ImportPreview {
  readonly ok: boolean;
  readonly errors: readonly ImportError[];
  readonly target: { slug: string; title: string; exists: boolean; status: string | null } | null;
  readonly diff: SetDiff | null;
  readonly itemLines: Readonly<Record<string, number>>;
  readonly itemCount: number;
}

type Parsed =
  { ok: true; content: QuestionSetContent; itemLines: Record<string, number> } | { ok: false; errors: ImportError[] };

async function parseImport(request: ReturnType<typeof importRequestSchema.parse>): Promise<Parsed> {
  let parsed: Parsed;
  if (request.format === "markdown" || request.format === "json") {
    const result = request.format === "markdown" ? parseMarkdownSet(request.text) : parseJsonSet(request.text);
    parsed = result.ok
      ? { ok: true, content: result.content, itemLines: { ...result.itemLines } }
      : { ok: false, errors: [...result.errors] };
    if (parsed.ok && request.slug) parsed.content = { ...parsed.content, slug: request.slug };
  } else {
    const result = parseDelimitedItems(request.text, { separator: request.format === "tsv" ? "\t" : "," });
    if (!result.ok) return { ok: false, errors: [...result.errors] };
    const slug = request.slug ?? (request.title ? slugFromText(request.title, 80) : "");
    if (!slug) {
      return {
        ok: false,
        errors: [
          {
            line: 1,
            message: "CSV and TSV files carry no set title: give the set a title (or the slug of an existing set).",
          },
        ],
      };
    }
    const existing = await loadSet(slug);
    const candidate = {
      ...(existing?.content ?? { slug, title: request.title ?? slug, description: "", tags: [], interviewMinutes: 20 }),
      ...(request.title ? { title: request.title } : {}),
      items: result.items,
    };
    const valid = questionSetSchema.safeParse(candidate);
    if (!valid.success) {
      return {
        ok: false,
        errors: valid.error.issues.map((issue) => ({ line: 1, message: `${issue.path.join(".")}: ${issue.message}` })),
      };
    }
    parsed = { ok: true, content: valid.data, itemLines: { ...result.itemLines } };
  }
  if (parsed.ok && request.prefixIds) {
    const prefix = `${parsed.content.slug}-`;
    const renamed = (id: string) => (id.startsWith(prefix) ? id : `${prefix}${id}`).slice(0, 100).replace(/-+$/, "");
    const items = parsed.content.items.map((item) => ({ ...item, id: renamed(item.id) }));
    const valid = questionSetSchema.safeParse({ ...parsed.content, items });
    if (!valid.success) return { ok: false, errors: [{ line: 1, message: "Prefixed ids collide: shorten the slug." }] };
    parsed = {
      ok: true,
      content: valid.data,
      itemLines: Object.fromEntries(Object.entries(parsed.itemLines).map(([id, line]) => [renamed(id), line])),
    };
  }
  return parsed;
}

/** Ids that already belong to another set (ids are global: they key learners' cards). */
async function idConflicts(content: QuestionSetContent, itemLines: Record<string, number>): Promise<ImportError[]> {
  const rows = await prisma.item.findMany({
    where: { id: { in: content.items.map((item) => item.id) }, set: { slug: { not: content.slug } } },
    select: { id: true, set: { select: { slug: true, title: true } } },
  });
  return rows.map((row) => ({
    line: itemLines[row.id] ?? 1,
    message:
      `The id "${row.id}" already belongs to the set "${row.set.title}" (${row.set.slug}). Give this question its ` +
      `own {#id}, tick "prefix item ids with the set slug", or import into that set by using its slug.`,
  }));
}

async function prepareImport(input: ImportRequest) {
  const parsedRequest = importRequestSchema.safeParse(input);
  if (!parsedRequest.success) {
    return {
      preview: {
        ok: false,
        errors: parsedRequest.error.issues.map((issue) => ({
          line: 1,
          message: `${issue.path.join(".") || "request"}: ${issue.message}`,
        })),
        target: null,
        diff: null,
        itemLines: {},
        itemCount: 0,
      } satisfies ImportPreview,
      content: null,
      existing: null,
    };
  }
  const parsed = await parseImport(parsedRequest.data);
  if (!parsed.ok) {
    return {
      preview: {
        ok: false,
        errors: parsed.errors,
        target: null,
        diff: null,
        itemLines: {},
        itemCount: 0,
      } satisfies ImportPreview,
      content: null,
      existing: null,
    };
  }
  const existing = await loadSet(parsed.content.slug);
  const conflicts = await idConflicts(parsed.content, parsed.itemLines);
  const preview: ImportPreview = {
    ok: conflicts.length === 0,
    errors: conflicts.sort((a, b) => a.line - b.line),
    target: {
      slug: parsed.content.slug,
      title: parsed.content.title,
      exists: existing !== null,
      status: existing?.row.status ?? null,
    },
    diff: diffSetContent(existing?.content ?? null, parsed.content),
    itemLines: parsed.itemLines,
    itemCount: parsed.content.items.length,
  };
  return { preview, content: parsed.content, existing };
}

/** Parses and compares with what is stored; writes nothing. */
export async function previewImport(user: SessionUser | null, input: ImportRequest): Promise<ImportPreview> {
  authorize(user);
  return (await prepareImport(input)).preview;
}

export type ImportCommit =
  | {
      readonly ok: true;
      readonly slug: string;
      readonly created: number;
      readonly updated: number;
      readonly unchanged: number;
      readonly retired: number;
      readonly version: number;
    }
  | { readonly ok: false; readonly preview: ImportPreview };

/** All or nothing: re-parses, re-checks, then writes the whole set in one transaction (a new set is a draft). */
export async function commitImport(user: SessionUser | null, input: ImportRequest): Promise<ImportCommit> {
  authorize(user);
  const { preview, content, existing } = await prepareImport(input);
  if (!preview.ok || !content) return { ok: false, preview };
  try {
    const summary = await upsertQuestionSet(content, {
      status: existing ? undefined : "draft",
      createdById: user.id,
    });
    return { ok: true, slug: content.slug, ...summary };
  } catch (error) {
    // upsertQuestionSet rolled the transaction back: nothing was written
    const message = error instanceof Error ? error.message : "The import failed.";
    return {
      ok: false,
      preview: { ...preview, ok: false, errors: [{ line: 1, message: `Nothing was imported: ${message}` }] },
    };
  }
}

// ---------------------------------------------------------------- set edits

export type ActionResult =
  | { readonly ok: true; readonly message?: string }
  | { readonly ok: false; readonly message: string; readonly fieldErrors?: Record<string, string[]> };

export async function createSet(
  user: SessionUser | null,
  fields: { title: string; slug?: string | undefined; description: string; tags: string[]; interviewMinutes: number },
): Promise<ActionResult & { slug?: string }> {
  authorize(user);
  const slug = fields.slug ?? slugFromText(fields.title, 80);
  if (!slugSchema.safeParse(slug).success) {
    return { ok: false, message: "Check the slug.", fieldErrors: { slug: ["Use lower-case words joined by '-'."] } };
  }
  if (await prisma.questionSet.findUnique({ where: { slug }, select: { id: true } })) {
    return {
      ok: false,
      message: "That slug is taken.",
      fieldErrors: { slug: [`A set with the slug "${slug}" exists already.`] },
    };
  }
  await upsertQuestionSet(questionSetSchema.parse({ ...fields, slug, items: [] }), {
    status: "draft",
    createdById: user.id,
  });
  return { ok: true, slug };
}

async function editContent(
  slug: string,
  change: (content: QuestionSetContent) => QuestionSetContent | string,
): Promise<ActionResult> {
  const loaded = await loadSet(slug);
  if (!loaded) return { ok: false, message: "No such set." };
  const next = change(loaded.content);
  if (typeof next === "string") return { ok: false, message: next };
  const valid = questionSetSchema.safeParse(next);
  if (!valid.success) return { ok: false, message: valid.error.issues[0]?.message ?? "Invalid content." };
  try {
    const summary = await upsertQuestionSet(valid.data);
    const bumped = summary.version !== loaded.row.version;
    return { ok: true, message: bumped ? `Saved as version ${summary.version}.` : "Saved." };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : "Saving failed." };
  }
}

export async function updateSetMeta(
  user: SessionUser | null,
  slug: string,
  fields: { title: string; description: string; tags: string[]; interviewMinutes: number },
): Promise<ActionResult> {
  authorize(user);
  return editContent(slug, (content) => ({ ...content, ...fields }));
}

/** Adds (originalId null) or replaces an item. Ids are stable: an existing item keeps its id. */
export async function saveItem(
  user: SessionUser | null,
  slug: string,
  item: ItemContent,
  originalId: string | null,
): Promise<ActionResult & { tests?: RubricTestResult[] }> {
  authorize(user);
  if (originalId === null) {
    const taken = await prisma.item.findUnique({
      where: { id: item.id },
      select: { set: { select: { slug: true, title: true } } },
    });
    if (taken && taken.set.slug !== slug) {
      return {
        ok: false,
        message: "That id is taken.",
        fieldErrors: { id: [`"${item.id}" belongs to the set "${taken.set.title}".`] },
      };
    }
  } else if (item.id !== originalId) {
    return { ok: false, message: "An item's id cannot change (learners' progress follows it)." };
  }
  const result = await editContent(slug, (content) => {
    const index = content.items.findIndex((existing) => existing.id === (originalId ?? item.id));
    if (originalId === null && index !== -1) return `An item with the id "${item.id}" is already in this set.`;
    if (originalId !== null && index === -1) return "That item is no longer in this set.";
    const items = [...content.items];
    if (index === -1) items.push(item);
    else items[index] = item;
    return { ...content, items };
  });
  if (!result.ok) return result;
  return { ...result, tests: item.kind === "freeform" ? runRubricTests(item) : [] };
}

/** Removes an item from the set; it is retired, not deleted, so learners' cards and results still resolve. */
export async function retireItem(user: SessionUser | null, slug: string, itemId: string): Promise<ActionResult> {
  authorize(user);
  return editContent(slug, (content) => ({ ...content, items: content.items.filter((item) => item.id !== itemId) }));
}

export async function moveItem(
  user: SessionUser | null,
  slug: string,
  itemId: string,
  direction: "up" | "down",
): Promise<ActionResult> {
  authorize(user);
  return editContent(slug, (content) => {
    const index = content.items.findIndex((item) => item.id === itemId);
    const target = direction === "up" ? index - 1 : index + 1;
    if (index === -1 || target < 0 || target >= content.items.length) return content;
    const items = [...content.items];
    const [moved] = items.splice(index, 1);
    if (moved) items.splice(target, 0, moved);
    return { ...content, items };
  });
}

export interface PublishFailure {
  readonly itemId: string;
  readonly front: string;
  readonly results: readonly RubricTestResult[];
}

/**
 * Publishes after running every free-form question's rubric tests (blocked while any fails). A set whose
 * content differs from its last published snapshot gets a new version, so past interviews keep theirs.
 */
export async function publishSet(
  user: SessionUser | null,
  slug: string,
): Promise<ActionResult & { failures?: PublishFailure[] }> {
  authorize(user);
  const loaded = await loadSet(slug);
  if (!loaded) return { ok: false, message: "No such set." };
  if (loaded.content.items.length === 0) return { ok: false, message: "Add at least one item before publishing." };
  const failures: PublishFailure[] = [];
  for (const item of loaded.content.items) {
    if (item.kind !== "freeform") continue;
    const results = runRubricTests(item);
    if (results.some((result) => !result.pass)) failures.push({ itemId: item.id, front: item.front, results });
  }
  if (failures.length > 0) {
    const count = failures.reduce((sum, failure) => sum + failure.results.filter((r) => !r.pass).length, 0);
    return {
      ok: false,
      message: `Publishing is blocked: ${count} rubric test${count === 1 ? "" : "s"} failing.`,
      failures,
    };
  }
  const snapshot = stableJson(loaded.content);
  const version = await prisma.$transaction(async (tx) => {
    const current = await tx.questionSetVersion.findUnique({
      where: { setId_version: { setId: loaded.row.id, version: loaded.row.version } },
    });
    const same = current !== null && stableJson(JSON.parse(current.snapshot)) === snapshot;
    const next = current === null || same ? loaded.row.version : loaded.row.version + 1;
    await tx.questionSet.update({
      where: { id: loaded.row.id },
      data: { status: "published", version: next, archivedAt: null, publishedAt: loaded.row.publishedAt ?? new Date() },
    });
    if (!same) {
      await tx.questionSetVersion.create({
        data: { setId: loaded.row.id, version: next, snapshot: JSON.stringify(loaded.content) },
      });
    }
    return next;
  });
  return { ok: true, message: `Published (version ${version}).` };
}

export async function setStatus(
  user: SessionUser | null,
  slug: string,
  status: "draft" | "archived",
): Promise<ActionResult> {
  authorize(user);
  const updated = await prisma.questionSet.updateMany({
    where: { slug },
    data: { status, archivedAt: status === "archived" ? new Date() : null },
  });
  if (updated.count === 0) return { ok: false, message: "No such set." };
  return {
    ok: true,
    message:
      status === "archived"
        ? "Archived: hidden from learners, their history kept."
        : "Back to draft: hidden from learners.",
  };
}

/** Deletes a set only when no learner has history with it (otherwise archive it). */
export async function deleteSet(user: SessionUser | null, slug: string, confirm: string): Promise<ActionResult> {
  authorize(user);
  if (confirm !== slug)
    return {
      ok: false,
      message: "Type the set's slug to confirm.",
      fieldErrors: { confirm: [`Type "${slug}" to confirm.`] },
    };
  const set = await prisma.questionSet.findUnique({ where: { slug }, select: { id: true } });
  if (!set) return { ok: false, message: "No such set." };
  const [cards, interviews] = await Promise.all([
    prisma.card.count({ where: { item: { setId: set.id } } }),
    prisma.interview.count({ where: { setId: set.id } }),
  ]);
  if (cards + interviews > 0) {
    return {
      ok: false,
      message: `Learners have history with this set (${cards} card${cards === 1 ? "" : "s"}, ${interviews} interview${interviews === 1 ? "" : "s"}): archive it instead, which keeps their history.`,
    };
  }
  await prisma.questionSet.delete({ where: { id: set.id } });
  return { ok: true, message: "Deleted." };
}

// ---------------------------------------------------------------- export and previews

export async function exportSet(
  user: SessionUser | null,
  slug: string,
  format: ExportFormat,
): Promise<{ filename: string; contentType: string; body: string } | null> {
  authorize(user);
  const loaded = await loadSet(slug);
  if (!loaded) return null;
  const { content } = loaded;
  switch (format) {
    case "markdown":
      return { filename: `${slug}.md`, contentType: "text/markdown; charset=utf-8", body: markdownFromSet(content) };
    case "json":
      return { filename: `${slug}.json`, contentType: "application/json; charset=utf-8", body: jsonFromSet(content) };
    case "csv":
      return { filename: `${slug}.csv`, contentType: "text/csv; charset=utf-8", body: delimitedFromSet(content, ",") };
    case "tsv":
      return {
        filename: `${slug}.tsv`,
        contentType: "text/tab-separated-values; charset=utf-8",
        body: delimitedFromSet(content, "\t"),
      };
    case "anki":
      return {
        filename: `${slug}.anki.txt`,
        contentType: "text/plain; charset=utf-8",
        body: ankiFromSet(content, renderMarkdown),
      };
  }
}

export function markdownPreview(user: SessionUser | null, text: string): string {
  authorize(user);
  return renderMarkdown(text.slice(0, 50_000));
}

export interface ScenarioSample {
  readonly ok: boolean;
  readonly message?: string;
  readonly seed?: number;
  readonly questionHtml?: string;
  readonly answer?: readonly string[];
  readonly serviceKind?: string;
  readonly placement?: string;
  readonly scenario?: {
    readonly request: { from: string; url: string };
    readonly proxyMode: string;
    readonly nodes: readonly string[];
    readonly pods: readonly string[];
    readonly services: readonly string[];
  };
}

export function scenarioSample(
  user: SessionUser | null,
  input: { template: ScenarioTemplate; generator: GeneratorOptions; front: string; seed: number },
): ScenarioSample {
  authorize(user);
  const result = scenarioQuestion(input.template, input.generator, input.front, input.seed);
  if (!result.ok) return { ok: false, message: result.message };
  const { question } = result;
  const s = question.scenario;
  return {
    ok: true,
    seed: question.seed,
    questionHtml: renderMarkdown(question.questionText),
    answer: question.answer,
    serviceKind: question.serviceKind,
    placement: question.placement,
    scenario: {
      request: { from: s.request.from, url: s.request.url },
      proxyMode: s.kubeProxy.mode,
      nodes: s.nodes.map((node) => `${node.name} (${node.ip}, pods ${node.podCIDR})`),
      pods: s.pods.map(
        (pod) => `${pod.namespace}/${pod.name} on ${pod.node}: ${pod.ip}${pod.ready ? "" : " (not ready)"}`,
      ),
      services: s.services.map(
        (svc) =>
          `${svc.namespace}/${svc.name}: ${svc.type}${svc.clusterIP ? ` ${svc.clusterIP}` : ""}${svc.externalName ? ` → ${svc.externalName}` : ""}`,
      ),
    },
  };
}
