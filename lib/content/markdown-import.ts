import { questionSetSchema, itemIdSchema } from "../schemas/question-set";
import {
  byLine,
  importSizeError,
  lineInField,
  itemCountError,
  WITH_INPUT,
  zodImportErrors,
  type ImportError,
  type ImportResult,
} from "./import-result";
import {
  scanMarkdown,
  sectionText,
  usedDefinitions,
  withoutClosingHashes,
  indexDefinitions,
  type DefinitionIndex,
  type FencedBlock,
  type ScannedSection,
} from "./markdown-source";
import { slugFromText } from "./slug";
import { parseYamlSource, type YamlSource } from "./yaml-source";

/**
 * Markdown import in the Interview Series' post format.
 *
 * ```markdown
 * ---
 * title: "Interview Series: Explain How Kubernetes DNS works"   # required (or a leading `# Title` line)
 * slug: kubernetes-dns-post     # optional: derived from the title
 * description: …                # optional: otherwise the text before the first `##` heading
 * tags: [interview, kubernetes] # optional; a comma-separated string works too
 * interviewMinutes: 20          # optional
 * ---
 * Intro text (the set's description when front matter has none).
 *
 * ## What is that weird DNS format? {#dns-name-format}
 * The answer, in Markdown: everything up to the next `##` heading.
 * ```
 *
 * Each `##` heading is one question; the text below it is its answer. `###` and deeper headings stay part of
 * the answer, and a `##` line inside a fenced code block is code, not a question.
 *
 * Stable ids: `{#id}` at the end of a heading sets the item's id explicitly (lower-case letters, digits and
 * '-'); otherwise the id is the slug of the heading text (`What is that weird DNS format?` →
 * `what-is-that-weird-dns-format`). Editing a heading therefore changes a derived id: give questions whose
 * wording may change an explicit `{#id}` (the exporter always writes one), so learners' progress follows them.
 *
 * Optional fenced blocks inside a section carry what plain Markdown cannot (YAML or JSON inside):
 * - ```` ```item ````: `kind` (flashcard | freeform | scenario), `tags`, `front` (a multi-line question; the
 *   heading is then only a label), `back`, `scenario` (free-form: `seed` or an inline scenario), `template`
 *   and `generator` (scenario questions).
 * - ```` ```rubric ````: the free-form question's grader tuning (lib/schemas/rubric.ts: synonyms, weights,
 *   misconceptions, modelAnswer, samples). A rubric block makes the question free-form.
 *
 * Link reference definitions (`[1]: https://…`) may sit anywhere; each question that uses one gets a copy, so
 * reference-style links survive the split into separate items.
 *
 * Every error names its line; the whole file is checked and every error reported, nothing half-imported.
 */

const ITEM_KEYS = ["kind", "tags", "front", "back", "scenario", "template", "generator"] as const;
const SET_KEYS = ["title", "slug", "description", "tags", "interviewMinutes"] as const;

interface ParsedSection {
  /** 1-based place among the file's questions (sections refused earlier keep their numbers) */
  readonly number: number;
  readonly headingLine: number;
  readonly bodyLine: number;
  readonly item: Record<string, unknown>;
  readonly itemBlock: { source: YamlSource; keys: readonly string[] } | null;
  readonly rubricBlock: YamlSource | null;
}

function frontMatterOf(lines: string[]): { yaml: string; bodyStart: number } | { error: ImportError } | null {
  if (!/^---[ \t]*$/.test(lines[0] ?? "")) return null;
  // only an unindented marker closes it: YAML block scalars indent their lines, even a "---" inside one
  const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)[ \t]*$/.test(line));
  if (end === -1)
    return { error: { line: 1, message: "The front matter opened on line 1 is never closed with '---'." } };
  return { yaml: lines.slice(1, end).join("\n"), bodyStart: end + 1 };
}

function blockOf(section: ScannedSection, info: string, errors: ImportError[]): FencedBlock | null {
  const blocks = section.blocks.filter((block) => block.info === info);
  for (const extra of blocks.slice(1)) {
    errors.push({ line: extra.line, message: `A question has at most one \`\`\`${info} block.` });
  }
  return blocks[0] ?? null;
}

function mappingFrom(block: FencedBlock, what: string, errors: ImportError[]): YamlSource | null {
  const parsed = parseYamlSource(block.body, block.line + 1, what);
  if (!parsed.ok) {
    errors.push(...parsed.errors);
    return null;
  }
  const { value } = parsed.source;
  if (value === null || value === undefined) return { ...parsed.source, value: {} } as YamlSource;
  if (typeof value !== "object" || Array.isArray(value)) {
    errors.push({ line: block.line, message: `${what} must be a mapping of keys to values.` });
    return null;
  }
  return parsed.source;
}

function parseSection(
  number: number,
  section: ScannedSection,
  allDefinitions: DefinitionIndex,
  errors: ImportError[],
): ParsedSection | null {
  const heading = section.heading;
  if (!heading) return null;
  const itemFence = blockOf(section, "item", errors);
  const rubricFence = blockOf(section, "rubric", errors);
  const itemBlock = itemFence ? mappingFrom(itemFence, "The ```item block", errors) : null;
  const rubricBlock = rubricFence ? mappingFrom(rubricFence, "The ```rubric block", errors) : null;
  if ((itemFence && !itemBlock) || (rubricFence && !rubricBlock)) return null;

  const meta = (itemBlock?.value ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(meta)) {
    if (!(ITEM_KEYS as readonly string[]).includes(key)) {
      errors.push({
        line: itemBlock?.lineOf([key]) ?? heading.line,
        message: `Unknown key "${key}" in the \`\`\`item block (known: ${ITEM_KEYS.join(", ")}).`,
      });
    }
  }

  const body = sectionText(section.lines);
  const definitions = usedDefinitions(body, allDefinitions);
  const answer = definitions.length > 0 ? `${body}\n\n${definitions.map((d) => d.text).join("\n")}` : body;
  const front = meta.front ?? heading.text;
  const back = meta.back ?? answer;

  let id: string;
  if (heading.explicitId !== null) {
    id = heading.explicitId;
    if (!itemIdSchema.safeParse(id).success) {
      errors.push({
        line: heading.line,
        message: `The id {#${id}} must be lower-case letters, digits and '-', starting with a letter or digit (at most 100).`,
      });
      return null;
    }
  } else {
    id = slugFromText(typeof front === "string" ? front : heading.text);
    if (!id) {
      errors.push({
        line: heading.line,
        message: "This heading has no words to derive an id from: add an explicit id, e.g. `## … {#my-question}`.",
      });
      return null;
    }
  }

  const kind = meta.kind ?? (rubricBlock ? "freeform" : meta.template !== undefined ? "scenario" : "flashcard");
  if (rubricFence && kind !== "freeform") {
    errors.push({
      line: rubricFence.line,
      message: "A ```rubric block belongs to a free-form question (kind: freeform).",
    });
  }
  const item: Record<string, unknown> = { id, kind, front, back };
  if (meta.tags !== undefined) item.tags = meta.tags;
  if (kind === "freeform") {
    if (meta.scenario !== undefined) item.scenario = meta.scenario;
    item.rubric = rubricBlock ? rubricBlock.value : null;
  } else if (kind === "scenario") {
    if (meta.template !== undefined) item.template = meta.template;
    if (meta.generator !== undefined) item.generator = meta.generator;
  }
  const firstBodyLine = section.lines.find((line) => line.text.trim() !== "")?.line ?? heading.line;
  return {
    number,
    headingLine: heading.line,
    bodyLine: firstBodyLine,
    item,
    itemBlock: itemBlock ? { source: itemBlock, keys: Object.keys(meta) } : null,
    rubricBlock,
  };
}

export function parseMarkdownSet(text: string): ImportResult {
  const tooBig = importSizeError(text);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const raw = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const errors: ImportError[] = [];

  let frontMatter: YamlSource | null = null;
  // a front matter that cannot be read leaves the set's title and slug unknown: that is its one error, not
  // "needs a title", "slug: missing" and "title: missing" after it
  let frontMatterBroken = false;
  let bodyStart = 0;
  const fm = frontMatterOf(raw);
  if (fm && "error" in fm) return { ok: false, errors: [fm.error] };
  if (fm) {
    bodyStart = fm.bodyStart;
    const parsed = parseYamlSource(fm.yaml, 2, "The front matter");
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      frontMatterBroken = true;
    } else if (
      parsed.source.value !== null &&
      (typeof parsed.source.value !== "object" || Array.isArray(parsed.source.value))
    ) {
      errors.push({ line: 2, message: "The front matter must be a mapping (key: value lines)." });
      frontMatterBroken = true;
    } else frontMatter = parsed.source;
  }

  const lines = raw.slice(bodyStart).map((line, index) => ({ text: line, line: bodyStart + index + 1 }));
  const scanned = scanMarkdown(lines);
  if (scanned.unclosedFence !== null) {
    errors.push({ line: scanned.unclosedFence, message: "This fenced code block is never closed." });
  }
  const headings = scanned.sections.filter((section) => section.heading !== null);
  const tooMany = itemCountError(headings.length, headings[5_000]?.heading?.line ?? 1);
  if (tooMany) return { ok: false, errors: [tooMany] };

  // set metadata: front matter first; a leading `# Title` and the intro text are fallbacks
  const meta = (frontMatter?.value ?? {}) as Record<string, unknown>;
  const intro = scanned.sections[0]?.heading === null ? scanned.sections[0] : null;
  let introLines = intro?.lines ?? [];
  let title: unknown = meta.title;
  let titleLine = frontMatter?.lineOf(["title"]) ?? 1;
  if (title === undefined) {
    const h1 = introLines.find((line) => /^ {0,3}#[ \t]+\S/.test(line.text));
    if (h1) {
      title = withoutClosingHashes(h1.text.replace(/^ {0,3}#[ \t]+/, "")).trim();
      titleLine = h1.line;
      introLines = introLines.filter((line) => line !== h1);
    } else if (!frontMatterBroken) {
      errors.push({
        line: 1,
        message: "The set needs a title: add `title:` to the front matter (or a `# Title` line).",
      });
    }
  }
  // the set's own fields are reported once: by the front matter's error or the missing title above
  const setFieldsReported = frontMatterBroken || title === undefined;
  for (const key of Object.keys(meta)) {
    if (key === "date" || key === "author" || key === "draft" || key === "categories") continue;
    if (!(SET_KEYS as readonly string[]).includes(key)) {
      errors.push({
        line: frontMatter?.lineOf([key]) ?? 1,
        message: `Unknown front matter key "${key}" (known: ${SET_KEYS.join(", ")}; date and author are ignored).`,
      });
    }
  }
  const tags =
    typeof meta.tags === "string"
      ? meta.tags
          .split(",")
          .map((tag) => tag.trim())
          .filter(Boolean)
      : meta.tags;
  const slug = meta.slug ?? (typeof title === "string" ? slugFromText(title, 80) : undefined);

  const allDefinitions = indexDefinitions(scanned.sections.flatMap((section) => section.definitions));
  const parsedSections: ParsedSection[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const [index, section] of headings.entries()) {
    const parsed = parseSection(index + 1, section, allDefinitions, errors);
    if (!parsed) continue;
    const id = String(parsed.item.id);
    const first = firstLineOfId.get(id);
    if (first !== undefined) {
      errors.push({
        line: parsed.headingLine,
        message: `The id "${id}" is already used by the question on line ${first}: give one of them an explicit {#id}.`,
      });
      continue;
    }
    firstLineOfId.set(id, parsed.headingLine);
    parsedSections.push(parsed);
  }
  if (headings.length === 0) {
    errors.push({
      line: lines[0]?.line ?? 1,
      message: "No questions found: each question starts with a `## ` heading.",
    });
  }

  const candidate: Record<string, unknown> = {
    slug,
    title,
    description: meta.description ?? sectionText(introLines),
    items: parsedSections.map((section) => section.item),
  };
  if (tags !== undefined) candidate.tags = tags;
  if (meta.interviewMinutes !== undefined) candidate.interviewMinutes = meta.interviewMinutes;

  const lineFor = (path: readonly PropertyKey[], issue: Parameters<typeof lineInField>[0]): number => {
    const [head, index, field, ...rest] = path;
    if (head !== "items" || typeof index !== "number") {
      if (head === "title") return titleLine;
      if (head === "slug" && meta.slug === undefined) return titleLine;
      return frontMatter?.lineOf(path) ?? 1;
    }
    const section = parsedSections[index];
    if (!section) return 1;
    if (field === "rubric" && section.rubricBlock) return section.rubricBlock.lineOf(rest);
    if (typeof field === "string" && section.itemBlock?.keys.includes(field)) {
      return section.itemBlock.source.lineOf([field, ...rest]);
    }
    // the answer text starts on its first non-blank line (sectionText trims it)
    if (field === "back") return section.bodyLine + lineInField(issue) - 1;
    return section.headingLine;
  };
  const result = questionSetSchema.safeParse(candidate, WITH_INPUT);
  if (!result.success) {
    const consequence = (error: ImportError) =>
      setFieldsReported &&
      (error.path === "title" || error.path === "slug" || (frontMatterBroken && !error.path?.startsWith("items")));
    const number = (index: number) => parsedSections[index]?.number ?? index + 1;
    errors.push(...zodImportErrors(result.error, lineFor, "set", number).filter((error) => !consequence(error)));
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors: byLine(errors) };
  const itemLines = Object.fromEntries(parsedSections.map((section) => [String(section.item.id), section.headingLine]));
  return { ok: true, content: result.data, itemLines };
}
