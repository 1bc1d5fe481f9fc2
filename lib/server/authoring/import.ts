import { prisma } from "../db";
import { upsertQuestionSet } from "./store";
import { type SessionUser } from "../auth";
import {
  diffSetContent,
  parseDelimitedItems,
  parseJsonSet,
  parseMarkdownSet,
  slugFromText,
  type ImportError,
  type SetDiff,
} from "../../content";
import { importRequestSchema, type ImportRequest } from "../../schemas/authoring";
import { questionSetSchema, type QuestionSetContent } from "../../schemas/question-set";
import { authorize } from "./access";
import { loadSet } from "./sets";

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
