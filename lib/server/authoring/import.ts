import "server-only";
import { prisma } from "../db";
import { ItemIdTaken, upsertQuestionSet, type UpsertSummary } from "./store";
import type { SessionUser } from "../auth";
import { failure, type Failure } from "../../schemas/failure";
import {
  byLine,
  delimitedImportSlug,
  diffSetContent,
  failingRubricTests,
  parseImport,
  rubricTestCounts,
  WITH_INPUT,
  zodImportErrors,
  type ImportError,
  type RubricTestFailure,
  type SetDiff,
} from "../../content";
import { importRequestSchema, type ImportRequest } from "../../schemas/authoring";
import type { QuestionSetContent } from "../../schemas/question-set";
import { authorize } from "./access";
import { loadSet } from "./sets";

export interface IdConflict {
  readonly id: string;
  readonly line: number;
  readonly setSlug: string;
  readonly setTitle: string;
}

/**
 * The file's rubric tests, run in the preview as they run at Publish: how many there are, how many fail,
 * and each failing question with its results (what the grader missed). Failing tests leave a draft a draft
 * until they pass; they refuse an import into a published set, which Publish would have refused.
 */
export interface ImportRubricTests {
  readonly total: number;
  readonly failing: number;
  readonly failures: readonly RubricTestFailure[];
  readonly blocking: boolean;
}

export interface ImportPreview {
  readonly ok: boolean;
  readonly errors: readonly ImportError[];
  readonly target: { slug: string; title: string; exists: boolean; status: string | null } | null;
  readonly diff: SetDiff | null;
  readonly itemLines: Readonly<Record<string, number>>;
  readonly itemCount: number;
  readonly rubricTests: ImportRubricTests | null;
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

const rejected = (errors: readonly ImportError[]): ImportPreview => ({
  ok: false,
  errors,
  target: null,
  diff: null,
  itemLines: {},
  itemCount: 0,
  rubricTests: null,
});

async function prepareImport(input: ImportRequest) {
  const request = importRequestSchema.safeParse(input, WITH_INPUT);
  if (!request.success) {
    return { preview: rejected(zodImportErrors(request.error, () => 1, "request")), content: null, existing: null };
  }
  const delimited = request.data.format === "csv" || request.data.format === "tsv";
  const into = delimited ? delimitedImportSlug(request.data) : "";
  const parsed = parseImport(request.data, into ? ((await loadSet(into))?.content ?? null) : null);
  if (!parsed.ok) return { preview: rejected(parsed.errors), content: null, existing: null };
  const existing = await loadSet(parsed.content.slug);
  const conflicts = await idConflicts(parsed.content, parsed.itemLines);
  const failures = failingRubricTests(parsed.content.items);
  const rubricTests: ImportRubricTests = {
    ...rubricTestCounts(failures, parsed.content.items),
    failures,
    blocking: failures.length > 0 && existing?.row.status === "published",
  };
  const preview: ImportPreview = {
    ok: conflicts.length === 0 && !rubricTests.blocking,
    errors: byLine(conflicts),
    target: {
      slug: parsed.content.slug,
      title: parsed.content.title,
      exists: existing !== null,
      status: existing?.row.status ?? null,
    },
    diff: diffSetContent(existing?.content ?? null, parsed.content),
    itemLines: parsed.itemLines,
    itemCount: parsed.content.items.length,
    rubricTests,
  };
  return { preview, content: parsed.content, existing };
}

/** Parses and compares with what is stored; writes nothing. */
export async function previewImport(user: SessionUser | null, input: ImportRequest): Promise<ImportPreview> {
  authorize(user);
  return (await prepareImport(input)).preview;
}

/** An import refused with the preview that says why (every error with its line). */
export type ImportRejected = Failure<"IMPORT_INVALID"> & { readonly preview: ImportPreview };

export type ImportCommit = ({ readonly ok: true; readonly slug: string } & UpsertSummary) | ImportRejected;

/** All or nothing: re-parses, re-checks, then writes the whole set in one transaction (a new set is a draft). */
export async function commitImport(user: SessionUser | null, input: ImportRequest): Promise<ImportCommit> {
  authorize(user);
  const { preview, content, existing } = await prepareImport(input);
  const refuse = (shown: ImportPreview): ImportRejected => ({
    ...failure("IMPORT_INVALID", "Nothing was imported."),
    preview: shown,
  });
  if (!preview.ok || !content) return refuse(preview);
  try {
    const summary = await upsertQuestionSet(content, { status: existing ? undefined : "draft", createdById: user.id });
    return { ok: true, slug: content.slug, ...summary };
  } catch (error) {
    // an id taken by another set since the preview: upsertQuestionSet rolled back, nothing was written
    if (!(error instanceof ItemIdTaken)) throw error;
    const line = preview.itemLines[error.itemId] ?? 1;
    return refuse({ ...preview, ok: false, errors: [{ line, message: `Nothing was imported: ${error.message}` }] });
  }
}
