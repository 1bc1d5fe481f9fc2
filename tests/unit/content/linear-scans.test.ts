/**
 * Quadratic regexes in import and export (hostile input, item 7): the heading-id, closing-`#` and fence
 * patterns of markdown-source.ts could match the same run of spaces two ways, and html-text.ts rescanned an
 * Anki field to its end for every unclosed `<!--`. Admin-triggered, they blocked every user of the server:
 * a heading of `## a` + 160,000 spaces + `b` took 22 s in the import preview, a Markdown export of items with
 * long heading-like lines 8.9 s, an Anki TSV of repeated `<!--` 2.1 s. Each case here runs at the size
 * and at the 2 MB import limit (a set's stored text for the export) and must take well under a second of CPU.
 */
import { describe, expect, it } from "vitest";
import { failingRubricTests, markdownFromSet, parseImport, parseMarkdownSet, SEED_SET } from "../../../lib/content";
import { MAX_IMPORT_BYTES } from "../../../lib/content/import-result";
import { importRequestSchema, type ImportRequest } from "../../../lib/schemas/authoring";
import { questionSetSchema, type ItemContent, type QuestionSetContent } from "../../../lib/schemas/question-set";
import { cpuMs } from "../cpu-time";

/** Generous: linear code takes tens of milliseconds here, the quadratic code took seconds to minutes. */
const BOUND_MS = 1_000;
const MAX_TEXT = 50_000;
const FRONT = "---\ntitle: Hostile\nslug: hostile\n---\n";

/** What the import preview computes before it touches the database (lib/server/authoring/import.ts). */
function preview(input: ImportRequest) {
  const request = importRequestSchema.parse(input);
  const parsed = parseImport(request, null);
  if (parsed.ok) failingRubricTests(parsed.content.items);
  return parsed;
}

/** `count` copies of `unit`, each on its own line, as long as fits in `bytes` with the front matter. */
function fileOf(unit: (index: number) => string, bytes = MAX_IMPORT_BYTES): string {
  const parts = [FRONT];
  let size = FRONT.length;
  for (let index = 0; ; index += 1) {
    const next = `${unit(index)}\n\n`;
    if (size + next.length > bytes) break;
    parts.push(next);
    size += next.length;
  }
  return parts.join("");
}

const spaced = (length: number) => `a${" ".repeat(length - 2)}b`;

describe("import and export scan in linear time (issue 14, item 7)", () => {
  it("previews a heading of '## a' + 160,000 spaces + 'b' (22 s before)", () => {
    const text = `${FRONT}\n## a${" ".repeat(160_000)}b\n\nanswer\n`;
    let result: ReturnType<typeof preview> | undefined;
    expect(cpuMs(() => (result = preview({ format: "markdown", text })))).toBeLessThan(BOUND_MS);
    // the question is one line of 160,002 characters: refused with its line, as any over-long question
    expect(result?.ok).toBe(false);
    expect(result?.ok === false && result.errors[0]?.line).toBe(6);
  });

  it("previews 2 MB of such headings, and of fences and closing '#'s padded with spaces", () => {
    const shapes = [
      (index: number) => `## ${spaced(MAX_TEXT - 3)} {#q${index}}`, // id suffix after a run of spaces
      (index: number) => `## q${index}${" ".repeat(MAX_TEXT)}x#`, // no closing sequence: '#' after text
      () => `\`\`\`${" ".repeat(MAX_TEXT)}\``, // not a fence: a backtick in the info string
      () => `~~~${" ".repeat(MAX_TEXT)}~x\n~~~${" ".repeat(MAX_TEXT)}x`, // a fence, then a line that closes none
    ];
    for (const shape of shapes) {
      const text = fileOf(shape);
      expect(text.length).toBeGreaterThan(MAX_IMPORT_BYTES - 2 * MAX_TEXT - 100);
      expect(cpuMs(() => preview({ format: "markdown", text }))).toBeLessThan(BOUND_MS);
    }
  });

  it("exports items with long heading-like lines in their questions and answers (8.9 s before)", () => {
    const seed = questionSetSchema.parse(SEED_SET);
    const template = seed.items.find((item) => item.kind === "flashcard");
    if (!template) throw new Error("the seed set has a flashcard");
    // 40 items × 50,000 characters: the 2 MB a set of imported items can hold
    const items: ItemContent[] = Array.from({ length: 40 }, (_, index) => ({
      ...template,
      id: `long-${index}`,
      front: index % 2 === 0 ? spaced(MAX_TEXT) : `q ${index}`,
      back: index % 2 === 0 ? "short answer" : `## ${spaced(MAX_TEXT - 3)}`,
    }));
    const set: QuestionSetContent = { ...seed, slug: "long-lines", items };
    let text = "";
    expect(cpuMs(() => (text = markdownFromSet(set)))).toBeLessThan(BOUND_MS);
    // and the export still reads back as the same items
    const back = parseMarkdownSet(text);
    expect(back.ok && back.content.items.map((item) => [item.front, item.back])).toEqual(
      items.map((item) => [item.front, item.back]),
    );
  });

  it("imports an Anki #html:true TSV of repeated '<!--' (2.1 s before)", () => {
    const header = "#separator:tab\n#html:true\n#columns:Front\tBack\n";
    const row = (length: number) => `front\tanswer${"<!--".repeat(length / 4)}\n`;
    for (const text of [header + row(100_000), header + row(MAX_IMPORT_BYTES - header.length - 16)]) {
      let result: ReturnType<typeof preview> | undefined;
      expect(cpuMs(() => (result = preview({ format: "tsv", text, title: "Anki deck" })))).toBeLessThan(BOUND_MS);
      // an unclosed comment runs to the end of the field (HTML's comment states) and says nothing on the card
      expect(result?.ok && result.content.items.map((item) => [item.front, item.back])).toEqual([["front", "answer"]]);
    }
  });
});
