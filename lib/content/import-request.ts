import type { ImportRequestFields } from "../schemas/authoring";
import { questionSetSchema, type QuestionSetContent } from "../schemas/question-set";
import { parseDelimitedItems } from "./csv-import";
import { WITH_INPUT, zodImportErrors, type ImportResult } from "./import-result";
import { parseJsonSet } from "./json-import";
import { parseMarkdownSet } from "./markdown-import";
import { slugFromText } from "./slug";

/**
 * The set a CSV or TSV import goes into: the slug asked for, else one made from the title ("" when neither
 * is given). Markdown and JSON files name their own set.
 */
export function delimitedImportSlug(request: ImportRequestFields): string {
  return request.slug ?? (request.title ? slugFromText(request.title, 80) : "");
}

/**
 * An import request (a file in one of the four formats, with the form's slug, title and prefix choice) as
 * question-set content, or every error by line. CSV and TSV carry items only: `existing` is the set they go
 * into (found by delimitedImportSlug), whose title, description and tags they keep.
 */
export function parseImport(request: ImportRequestFields, existing: QuestionSetContent | null): ImportResult {
  const parsed = parseFile(request, existing);
  return parsed.ok && request.prefixIds ? withPrefixedIds(parsed.content, parsed.itemLines) : parsed;
}

function parseFile(request: ImportRequestFields, existing: QuestionSetContent | null): ImportResult {
  if (request.format === "markdown" || request.format === "json") {
    const result = request.format === "markdown" ? parseMarkdownSet(request.text) : parseJsonSet(request.text);
    if (!result.ok || !request.slug) return result;
    return { ...result, content: { ...result.content, slug: request.slug } };
  }
  const result = parseDelimitedItems(request.text, { separator: request.format === "tsv" ? "\t" : "," });
  if (!result.ok) return result;
  const slug = delimitedImportSlug(request);
  if (!slug) {
    const message = "CSV and TSV files carry no set title: give the set a title (or the slug of an existing set).";
    return { ok: false, errors: [{ line: 1, message }] };
  }
  const valid = questionSetSchema.safeParse(
    {
      ...(existing ?? { slug, title: request.title ?? slug, description: "", tags: [], interviewMinutes: 20 }),
      ...(request.title ? { title: request.title } : {}),
      items: result.items,
    },
    WITH_INPUT,
  );
  if (!valid.success) return { ok: false, errors: zodImportErrors(valid.error, () => 1) };
  return { ok: true, content: valid.data, itemLines: result.itemLines };
}

/** Every item id prefixed with the set's slug (once), so the ids cannot collide with another set's. */
function withPrefixedIds(content: QuestionSetContent, itemLines: Readonly<Record<string, number>>): ImportResult {
  const prefix = `${content.slug}-`;
  const renamed = (id: string) => (id.startsWith(prefix) ? id : `${prefix}${id}`).slice(0, 100).replace(/-+$/, "");
  const valid = questionSetSchema.safeParse({
    ...content,
    items: content.items.map((item) => ({ ...item, id: renamed(item.id) })),
  });
  if (!valid.success) return { ok: false, errors: [{ line: 1, message: "Prefixed ids collide: shorten the slug." }] };
  return {
    ok: true,
    content: valid.data,
    itemLines: Object.fromEntries(Object.entries(itemLines).map(([id, line]) => [renamed(id), line])),
  };
}
