import { parse, stringify } from "yaml";
import type { ItemContent, QuestionSetContent } from "../schemas/question-set";
import { parseHeadingText, scanMarkdown, sourceLines } from "./markdown-source";

/**
 * A set as a Markdown post in the format `parseMarkdownSet` reads (see markdown-import.ts). Every heading gets
 * an explicit `{#id}`; anything plain Markdown cannot hold losslessly (a multi-line question, an answer that
 * itself contains a `##` heading or an unclosed fence, tags, rubrics, scenario options) goes into the
 * question's ```item / ```rubric block. Re-importing the output gives the same set (tested as a property).
 */
export function markdownFromSet(set: QuestionSetContent): string {
  const meta: Record<string, unknown> = { title: set.title, slug: set.slug };
  if (set.description) meta.description = set.description;
  if (set.tags.length > 0) meta.tags = set.tags;
  meta.interviewMinutes = set.interviewMinutes;
  const parts = [`---\n${yaml(meta)}---`];
  for (const item of set.items) parts.push(itemSection(item));
  return `${parts.join("\n\n")}\n`;
}

/**
 * YAML reads best, but the yaml library mis-writes a few odd strings (whitespace-only lines in block scalars,
 * some escapes when folding), so check the text reads back and otherwise write JSON, which YAML 1.2 reads too.
 */
function yaml(value: unknown): string {
  const readable = stringify(value, { lineWidth: 0 });
  if (JSON.stringify(parse(readable)) === JSON.stringify(value)) return readable;
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A fence longer than any backtick run inside, so the block cannot close early. */
function fenced(info: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${body.endsWith("\n") ? body : `${body}\n`}${fence}`;
}

/** True when `front` survives as heading text. */
function headingHolds(front: string, id: string): boolean {
  if (front.includes("\n") || front.includes("\r") || front !== front.trim() || front === "") return false;
  const parsed = parseHeadingText(`${front} {#${id}}`);
  return parsed.text === front && parsed.explicitId === id;
}

/** True when `back` survives as the section's plain text (no headings, data blocks, definitions, open fences). */
function bodyHolds(back: string): boolean {
  if (back !== back.trim()) return false;
  const scanned = scanMarkdown(sourceLines(back));
  const only = scanned.sections[0];
  return (
    scanned.unclosedFence === null &&
    scanned.sections.length === 1 &&
    only !== undefined &&
    only.blocks.length === 0 &&
    only.definitions.length === 0 &&
    only.lines.map((line) => line.text).join("\n") === back
  );
}

function headingLabel(front: string): string {
  const firstLine = front.split(/\r\n|\r|\n/).find((line) => line.trim() !== "") ?? "";
  const label = firstLine.replace(/[{}#]/g, "").trim();
  return label.length > 80 ? `${label.slice(0, 77).trimEnd()}…` : label;
}

function itemSection(item: ItemContent): string {
  const meta: Record<string, unknown> = {};
  if (item.kind !== "flashcard") meta.kind = item.kind;
  if (item.tags.length > 0) meta.tags = item.tags;
  const frontInHeading = headingHolds(item.front, item.id);
  if (!frontInHeading) meta.front = item.front;
  const backInBody = bodyHolds(item.back);
  if (!backInBody) meta.back = item.back;
  if (item.kind === "freeform" && item.scenario !== "seed") meta.scenario = item.scenario;
  if (item.kind === "scenario") {
    meta.template = item.template;
    meta.generator = item.generator;
  }
  const label = frontInHeading ? item.front : headingLabel(item.front);
  const heading = label ? `## ${label} {#${item.id}}` : `## {#${item.id}}`;
  const parts = [heading];
  if (Object.keys(meta).length > 0) parts.push(fenced("item", yaml(meta)));
  if (item.kind === "freeform" && item.rubric !== null) parts.push(fenced("rubric", yaml(item.rubric)));
  if (backInBody && item.back !== "") parts.push(item.back);
  return parts.join("\n\n");
}
