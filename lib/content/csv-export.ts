import type { ItemContent, QuestionSetContent } from "../schemas/question-set";
import type { Separator } from "./csv-import";
import { guardAnkiTags, guardFormula } from "./formula-cells";

/**
 * CSV/TSV export (RFC 4180 quoting) and Anki's tab-separated import format.
 *
 * CSV/TSV carry what a flashcard is: front, back, tags and id, with Markdown as written, so
 * `parseDelimitedItems(delimitedFromSet(set))` gives the items back. Free-form rubrics and scenario options
 * do not fit in columns: those items travel as plain front/back cards here (use Markdown or JSON to keep them).
 * A cell that a spreadsheet would run as a formula gets OWASP's `'` guard, which the importer takes off
 * (formula-cells.ts).
 *
 * The Anki file follows Anki's text-import headers (Anki manual, "Importing › Text files › File headers"):
 * `#separator:tab`, `#html:true`, `#columns:Front\tBack\tTags` and `#tags column:3`, with both sides rendered
 * to sanitised HTML by the caller's renderer (lib/content/markdown.ts), so Anki shows formatted cards. Its
 * fields stay as Anki reads them: see formula-cells.ts for how they are kept from running as formulas.
 */
export function quoteField(value: string, separator: Separator): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function row(fields: readonly string[], separator: Separator): string {
  return fields.map((field) => quoteField(field, separator)).join(separator);
}

/** Tags are space-separated in Anki: whitespace inside a tag becomes '_'. */
function tagField(tags: readonly string[]): string {
  return tags.map((tag) => tag.replace(/\s+/g, "_")).join(" ");
}

export function delimitedFromSet(set: QuestionSetContent, separator: Separator = ","): string {
  const lines = [row(["front", "back", "tags", "id"], separator)];
  for (const item of set.items) {
    const cells = [item.front, item.back, tagField(item.tags), item.id].map(guardFormula);
    lines.push(row(cells, separator));
  }
  return `${lines.join("\r\n")}\r\n`;
}

export function ankiFromSet(set: QuestionSetContent, renderMarkdown: (markdown: string) => string): string {
  const header = ["#separator:tab", "#html:true", "#columns:Front\tBack\tTags", "#tags column:3"];
  const rows = set.items.map((item: ItemContent) =>
    row([renderMarkdown(item.front), renderMarkdown(item.back), guardAnkiTags(tagField(item.tags))], "\t"),
  );
  return `${[...header, ...rows].join("\n")}\n`;
}
