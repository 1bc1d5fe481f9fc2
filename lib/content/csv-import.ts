import { flashcardItemSchema, itemIdSchema, type ItemContent } from "../schemas/question-set";
import {
  byLine,
  importSizeError,
  itemCountError,
  WITH_INPUT,
  zodImportErrors,
  type ImportError,
  type ItemsImportResult,
} from "./import-result";
import { unguardFormula } from "./formula-cells";
import { markdownFromHtml } from "./html-text";
import { slugFromText } from "./slug";

/**
 * CSV and TSV import of flashcards: columns front, back, tags (space-separated, as Anki writes them) and an
 * optional id. Quoting follows RFC 4180: a field holding the separator, a quote or a line break is wrapped in
 * double quotes and its quotes doubled; a quoted field may span lines (its record's errors name the line it
 * starts on). Line endings CRLF or LF.
 *
 * Accepted extras:
 * - a header row naming the columns (`front,back,tags,id` in any order, any case);
 * - Anki's file headers at the top (`#separator:tab`, `#html:true`, `#columns:Front\tBack\tTags`,
 *   `#tags column:3`, `#guid column:4`); `#columns` names the columns like a header row. With `#html:true`
 *   front and back are HTML (an Anki export) and are turned back into Markdown (html-text.ts: such a file
 *   does not round-trip exactly; Hopdrill's own CSV/TSV export carries Markdown and does).
 *
 * Without an id column, an item's id is the slug of its front, so re-importing the same file updates the same
 * cards; duplicate ids are reported with both lines.
 */
export type Separator = "," | "\t";

export interface ParsedRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

const COLUMN_NAMES = ["front", "back", "tags", "id"] as const;
type Column = (typeof COLUMN_NAMES)[number];

const ANKI_SEPARATORS: Record<string, Separator | undefined> = { tab: "\t", comma: ",", "\t": "\t", ",": "," };

/** RFC 4180 records with the line each starts on; errors for unterminated quotes and text after a closing quote. */
export function parseRecords(
  text: string,
  separator: Separator,
  firstLine = 1,
): { records: ParsedRecord[]; errors: ImportError[] } {
  const records: ParsedRecord[] = [];
  const errors: ImportError[] = [];
  let line = firstLine;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let ended = false;
    while (!ended) {
      if (text[i] === '"') {
        const quoteLine = line;
        i += 1;
        let closed = false;
        while (i < text.length) {
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            closed = true;
            break;
          }
          if (ch === "\n") line += 1;
          if (ch === "\r" && text[i + 1] !== "\n") line += 1;
          field += ch;
          i += 1;
        }
        if (!closed) {
          errors.push({ line: quoteLine, message: 'This quoted field is never closed (a " is missing).' });
          return { records, errors };
        }
        if (i < text.length && text[i] !== separator && text[i] !== "\n" && text[i] !== "\r") {
          errors.push({
            line,
            message: 'Text follows a closing quote: inside a quoted field write a quote as two quotes ("").',
          });
          while (i < text.length && text[i] !== separator && text[i] !== "\n" && text[i] !== "\r") i += 1;
        }
      } else {
        while (i < text.length && text[i] !== separator && text[i] !== "\n" && text[i] !== "\r") {
          field += text[i];
          i += 1;
        }
      }
      fields.push(field);
      field = "";
      if (i >= text.length) ended = true;
      else if (text[i] === separator) i += 1;
      else {
        i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line += 1;
        ended = true;
      }
    }
    // a blank line is no record
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: start, fields });
  }
  return { records, errors };
}

interface AnkiHeaders {
  separator?: Separator;
  html?: boolean;
  columns?: string[];
  tagsColumn?: number;
  guidColumn?: number;
  bodyStart: number;
  linesSkipped: number;
}

function ankiHeaders(text: string, errors: ImportError[]): AnkiHeaders {
  const headers: AnkiHeaders = { bodyStart: 0, linesSkipped: 0 };
  let offset = 0;
  let lineNo = 1;
  while (offset < text.length && text[offset] === "#") {
    const end = text.indexOf("\n", offset);
    const raw = text.slice(offset, end === -1 ? text.length : end).replace(/\r$/, "");
    const match = /^#([a-z ]+):(.*)$/i.exec(raw);
    if (match) {
      const key = (match[1] ?? "").trim().toLowerCase();
      const value = match[2] ?? "";
      if (key === "separator") {
        const separator = ANKI_SEPARATORS[value.trim().toLowerCase()] ?? ANKI_SEPARATORS[value];
        if (separator) headers.separator = separator;
        else errors.push({ line: lineNo, message: `Unsupported separator "${value}": use tab or comma.` });
      } else if (key === "html") headers.html = value.trim().toLowerCase() === "true";
      else if (key === "columns") headers.columns = value.split(value.includes("\t") ? "\t" : ",");
      else if (key === "tags column") headers.tagsColumn = Number(value);
      else if (key === "guid column") headers.guidColumn = Number(value);
    }
    lineNo += 1;
    offset = end === -1 ? text.length : end + 1;
  }
  headers.bodyStart = offset;
  headers.linesSkipped = lineNo - 1;
  return headers;
}

function columnOf(name: string): Column | null {
  const lower = name.trim().toLowerCase();
  if (lower === "guid") return "id";
  return (COLUMN_NAMES as readonly string[]).includes(lower) ? (lower as Column) : null;
}

/** Guess the separator: Anki's header, else a tab on the first data line means TSV. */
export function detectSeparator(text: string): Separator {
  const header = /^#separator:(.*)$/im.exec(text);
  const named = header ? ANKI_SEPARATORS[(header[1] ?? "").trim().toLowerCase()] : undefined;
  if (named) return named;
  const firstData = text.split(/\r?\n/).find((line) => line.trim() !== "" && !line.startsWith("#")) ?? "";
  return firstData.includes("\t") ? "\t" : ",";
}

export function parseDelimitedItems(text: string, options: { separator?: Separator } = {}): ItemsImportResult {
  const tooBig = importSizeError(text);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const clean = text.replace(/^\uFEFF/, "");
  const errors: ImportError[] = [];
  const headers = ankiHeaders(clean, errors);
  const separator = options.separator ?? headers.separator ?? detectSeparator(clean);
  const parsed = parseRecords(clean.slice(headers.bodyStart), separator, headers.linesSkipped + 1);
  errors.push(...parsed.errors);
  let records = parsed.records;

  let columns: (Column | null)[] = ["front", "back", "tags", "id"];
  if (headers.columns) columns = headers.columns.map(columnOf);
  if (headers.tagsColumn && headers.tagsColumn >= 1) columns[headers.tagsColumn - 1] = "tags";
  if (headers.guidColumn && headers.guidColumn >= 1) columns[headers.guidColumn - 1] = "id";
  const first = records[0];
  if (
    first &&
    first.fields.every((field) => columnOf(field) !== null) &&
    first.fields.some((f) => columnOf(f) === "front")
  ) {
    columns = first.fields.map(columnOf);
    records = records.slice(1);
  }
  for (const required of ["front", "back"] as const) {
    if (!columns.includes(required)) {
      errors.push({ line: 1, message: `No "${required}" column: the columns are front, back, tags, id.` });
    }
  }
  const tooMany = itemCountError(records.length, records[5_000]?.line ?? 1);
  if (tooMany) return { ok: false, errors: [tooMany] };

  const items: ItemContent[] = [];
  const itemLines: Record<string, number> = {};
  for (const record of records) {
    const value = (column: Column): string | undefined => {
      const index = columns.indexOf(column);
      const raw = index === -1 ? undefined : record.fields[index];
      // the spreadsheet formula guard of Hopdrill's export (formula-cells.ts); Anki's HTML files carry none
      return raw === undefined || headers.html ? raw : unguardFormula(raw);
    };
    const used = columns.filter((column) => column !== null).length;
    if (record.fields.length > Math.max(columns.length, used)) {
      errors.push({
        line: record.line,
        message: `This row has ${record.fields.length} fields; expected at most ${columns.length} (${columns.map((c) => c ?? "ignored").join(", ")}). Quote fields that contain the separator.`,
      });
      continue;
    }
    let htmlError: string | null = null;
    const field = (column: Column): string | undefined => {
      const raw = value(column);
      if (raw === undefined || !headers.html || column === "tags" || column === "id") return raw;
      const converted = markdownFromHtml(raw);
      if (converted.ok) return converted.markdown;
      htmlError ??= `The ${column}: ${converted.message}`;
      return "";
    };
    const front = field("front") ?? "";
    const back = field("back") ?? "";
    if (htmlError !== null) {
      errors.push({ line: record.line, message: htmlError });
      continue;
    }
    const explicitId = value("id")?.trim();
    const id = explicitId || slugFromText(front);
    if (explicitId && !itemIdSchema.safeParse(explicitId).success) {
      errors.push({ line: record.line, message: `The id "${explicitId}" must be lower-case letters, digits and '-'.` });
      continue;
    }
    if (!id) {
      errors.push({
        line: record.line,
        message: front.trim()
          ? "The front has no words to derive an id from: add an id column."
          : "The front is empty.",
      });
      continue;
    }
    if (itemLines[id] !== undefined) {
      errors.push({
        line: record.line,
        message: `The id "${id}" is already used by the row on line ${itemLines[id]}: add an id column to tell them apart.`,
      });
      continue;
    }
    const candidate = {
      id,
      kind: "flashcard",
      front,
      back,
      tags: (value("tags") ?? "").split(/\s+/).filter(Boolean),
    };
    const result = flashcardItemSchema.safeParse(candidate, WITH_INPUT);
    if (!result.success) {
      errors.push(...zodImportErrors(result.error, () => record.line, "row"));
      continue;
    }
    itemLines[id] = record.line;
    items.push(result.data);
  }
  if (errors.length > 0) return { ok: false, errors: byLine(errors) };
  if (items.length === 0) return { ok: false, errors: [{ line: 1, message: "The file holds no rows." }] };
  return { ok: true, items, itemLines };
}
