/**
 * Fuzz: pathological Unicode, long tokens and nested Markdown (tests/unit/hostile-text.ts) through the
 * renderer, every import format and the exports. Each call must finish within a CPU-time bound (linear
 * code takes milliseconds; the quadratic and recursive paths of hostile input items 6 and 7 took seconds
 * or overflowed the stack), never throw, and answer an import with the result or errors that name a line.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ankiFromSet, delimitedFromSet, markdownFromSet, parseImport, renderMarkdown } from "../../../lib/content";
import { importRequestSchema, type ImportRequest } from "../../../lib/schemas/authoring";
import { cpuMs } from "../cpu-time";
import { hostileText, longToken, nestedMarkdown, pathologicalUnicode } from "../hostile-text";

/** Per call; generous for a loaded machine, far below what the old quadratic paths took. */
const RENDER_MS = 2_000;
const IMPORT_MS = 1_000;
const RUNS = 25;

function timed<T>(bound: number, label: string, run: () => T): T {
  let result: T | undefined;
  const used = cpuMs(() => (result = run()));
  expect(used, `${label} took ${Math.round(used)} ms of CPU`).toBeLessThan(bound);
  return result as T;
}

/** The text in each place an import reads it. */
function files(text: string): ImportRequest[] {
  const yaml = JSON.stringify(text);
  const cell = `"${text.replaceAll('"', '""')}"`;
  return [
    { format: "markdown", text: `---\ntitle: Fuzz\nslug: fuzz\n---\n\n## Question {#q}\n\n${text}\n` },
    { format: "markdown", text: `---\ntitle: Fuzz\nslug: fuzz\n---\n\n## ${text.split("\n")[0] ?? ""}\n\nanswer\n` },
    { format: "markdown", text: `---\ntitle: ${yaml}\n---\n\n${text}\n` },
    {
      format: "json",
      text: JSON.stringify({
        slug: "fuzz",
        title: "Fuzz",
        items: [{ id: "q", kind: "flashcard", front: "q", back: text }],
      }),
    },
    { format: "csv", title: "Fuzz", text: `front,back\nq,${cell}\n` },
    { format: "tsv", title: "Fuzz", text: `#separator:tab\n#html:true\n#columns:Front\tBack\nq\t${cell}\n` },
  ];
}

function checkImport(input: ImportRequest): void {
  const request = importRequestSchema.safeParse(input);
  if (!request.success) return;
  const label = `${input.format} import of ${input.text.slice(0, 40)}`;
  const result = timed(IMPORT_MS, label, () => parseImport(request.data, null));
  if (!result.ok) {
    for (const error of result.errors) {
      expect(error.line, label).toBeGreaterThanOrEqual(1);
      expect(error.message, label).not.toBe("");
    }
    return;
  }
  const set = result.content;
  timed(IMPORT_MS, `Markdown export after ${label}`, () => markdownFromSet(set));
  timed(IMPORT_MS, `CSV export after ${label}`, () => delimitedFromSet(set));
  timed(RENDER_MS, `Anki export after ${label}`, () => ankiFromSet(set, renderMarkdown));
}

describe("hostile text renders and imports within a time bound", () => {
  it.each([
    ["pathological Unicode", pathologicalUnicode()],
    ["long tokens", longToken()],
    ["nested Markdown", nestedMarkdown()],
  ])("renders %s without throwing, headings below the page's", (_name, text) => {
    fc.assert(
      fc.property(text, (markdown) => {
        const html = timed(RENDER_MS, `render of ${markdown.slice(0, 40)}`, () => renderMarkdown(markdown));
        expect(typeof html).toBe("string");
        expect(html).not.toMatch(/<(h1|h2|script)[\s>]/i);
      }),
      { numRuns: RUNS },
    );
  });

  it("imports and exports hostile text in every format", () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        for (const file of files(text)) checkImport(file);
      }),
      { numRuns: RUNS },
    );
  });
});
