import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMarkdownSet, renderMarkdown, SEED_SET } from "../../../lib/content";
import {
  MAX_CONTAINER_MARKERS,
  MAX_MARKDOWN_DEPTH,
  MAX_PARAGRAPH_DELIMITERS,
  MAX_URL_PUNCTUATION_RUN,
  longestUrlPunctuationRun,
  markdownLimitError,
} from "../../../lib/content/markdown-limits";
import { itemSchema } from "../../../lib/schemas/question-set";
import { cpuMs } from "../cpu-time";

const MAX_TEXT = 50_000;

/** `unit` repeated to exactly `length` characters. */
const fill = (unit: string, length = MAX_TEXT) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

// cmark's test/pathological_tests.py patterns and the issue's reproductions, each as a repeated unit
const PATHOLOGICAL_UNITS = [
  "_a*",
  "*a **a ",
  " a** a*",
  "a_ ",
  "_a ",
  "a]",
  "[a",
  "*a_ ",
  "a***",
  "[ a_",
  "[ (](",
  "![",
  "](b)",
  "[a](<b",
  "~a",
  "a <?",
  "a <!--",
  "&#",
  "\\*",
  "[^a",
  "www.a.b/",
  ">",
  "> ",
  "- ",
  "1. ",
  "|a",
  "`",
  "${",
  "ⅷ",
];

/** Pathological texts of the largest size an item allows: one unit repeated, as one paragraph or many. */
const pathologicalText = fc
  .record({
    unit: fc.constantFrom(...PATHOLOGICAL_UNITS),
    paragraph: fc.integer({ min: 1, max: 2_000 }),
    wrap: fc.constantFrom("", "```bash\n", "> ", "- "),
  })
  .map(({ unit, paragraph, wrap }) => {
    const block = `${wrap}${fill(unit, paragraph)}`;
    return fill(`${block}\n\n`);
  });

describe("stored Markdown that stalls or crashes rendering (issue 14, item 6)", () => {
  it.each([
    ["30 KB of `_a*`", fill("_a*", 30_000), 1],
    ["20,000 nested block quotes", `${">".repeat(20_000)} a`, 1],
    ["20,000 nested list items", `${"- ".repeat(20_000)}a`, 1],
    ["many separate deep block quotes", fill(`${">".repeat(16)} a\n\n`), 251],
    ["a web address with 50,000 `_` before a `#` (97 s to render)", `https://example.test/${"_".repeat(50_000)}#`, 1],
  ])("refuses %s with the line", (_name, text, line) => {
    expect(markdownLimitError(text)).toMatchObject({ line });
  });

  it("the issue's texts render without throwing, within a bound", () => {
    for (const text of [
      fill("_a*", 30_000),
      `${">".repeat(20_000)} a`,
      `\`\`\`bash\n${"${".repeat(1_563)}\n\`\`\``,
      `\`\`\`bash\n${fill("${", MAX_TEXT - 20)}\n\`\`\``,
    ]) {
      let html = "";
      expect(cpuMs(() => (html = renderMarkdown(text)))).toBeLessThan(1_000);
      expect(html.length).toBeGreaterThan(0);
    }
  });

  it("a text past the limits is shown as escaped plain paragraphs", () => {
    const html = renderMarkdown(`<script>x</script> ${fill("_a*", 3_000)}\n\nsecond`);
    expect(html).toMatch(/^<p>&#x3C;script>x&#x3C;\/script> _a\*/);
    expect(html).toContain("<p>second</p>");
    expect(html).not.toContain("<script");
  });

  it("keeps ordinary long answers: every seed item and a long list pass", () => {
    for (const item of SEED_SET.items) {
      expect(markdownLimitError(item.front)).toBeNull();
      expect(markdownLimitError(item.back ?? "")).toBeNull();
    }
    const list = Array.from({ length: 400 }, (_, i) => `- step ${i}: run \`kubectl get pods\` and check **Ready**`);
    expect(markdownLimitError(list.join("\n"))).toBeNull();
  });

  it.each([
    ["a column-0 fence hides code from the count", `\`\`\`json\n${"[1], ".repeat(2_000)}\n\`\`\``, null],
    ["an unclosed column-0 fence runs to the end", `\`\`\`\n${"[".repeat(5_000)}`, null],
    ["words with underscores do not count", fill("KUBE_DNS_SERVICE_HOST ", 20_000), null],
    ["a fence inside a list item can end early: counted", `- \`\`\`\n${"[".repeat(300)}`, 1],
    ["raw HTML can swallow the fence line: counted", `<div>\n\`\`\`\n\n${"[".repeat(300)}\n\`\`\``, 4],
    ["a backtick in the info string is no fence", `\`\`\`a\`\n${"[".repeat(300)}`, 1],
    ["an indented fence may be paragraph text: counted", `a\n    \`\`\`\n${"[".repeat(300)}`, 1],
    ["tight bullet items are paragraphs of their own", "- **a** [b]\n".repeat(2_000), null],
    ["tight ordered siblings are paragraphs of their own", "1. **a** [b]\n".repeat(2_000), null],
    ["a marker indented 4 past the item is paragraph text", `- a\n${"      - [[\n".repeat(150)}`, 1],
    ["an ordered item after a bullet may be lazy text", `- a\n${"2. [[\n".repeat(150)}`, 1],
    ["an ordered item after a plain line may be paragraph text", `1. # h\nb\n${"2. [[\n".repeat(150)}`, 1],
  ])("%s", (_name, text, line) => {
    const error = markdownLimitError(text);
    if (line === null) expect(error).toBeNull();
    else expect(error?.line).toBe(line);
  });

  // found by the fuzz test (tests/unit/content/hostile-text.test.ts): GFM autolink literals rescan
  // trailing punctuation, so such a run costs its length squared
  it("bounds runs of trailing punctuation in web addresses only", () => {
    const table: [string, number][] = [
      [`https://a.test/${"_".repeat(50)}#`, 50],
      [`see www.a.test/x${"_.!?".repeat(10)}y`, 40],
      [`http://a/${"&amp;".repeat(3)}x`, 15],
      [`http://a/&amp${"_".repeat(5)}`, 5],
      [`${"_".repeat(500)} plain underscores`, 0],
      // the address ends at a space or `<`: only its "." counts; `>` goes on (as the extension's path does)
      [`https://a.test/ ${"_".repeat(500)}`, 1],
      [`https://a.test/<${"_".repeat(500)}`, 1],
      [`<https://a.test/>${"_".repeat(500)}`, 500],
      [`HTTPS://A.TEST/${"!".repeat(7)}a`, 7],
    ];
    for (const [line, run] of table) expect(longestUrlPunctuationRun(line), line).toBe(run);
    const at = `https://example.test/${"_".repeat(MAX_URL_PUNCTUATION_RUN)}#`;
    expect(markdownLimitError(at)).toBeNull();
    expect(markdownLimitError(`a\n${at.replace("#", "_#")}`)?.line).toBe(2);
    // the worst text within the limit: runs of the limit, each followed by a letter, in one address
    const worst = `https://example.test/${fill(`${"_".repeat(MAX_URL_PUNCTUATION_RUN)}a`, MAX_TEXT - 30)}`;
    expect(markdownLimitError(worst)).toBeNull();
    expect(cpuMs(() => renderMarkdown(worst))).toBeLessThan(1_000);
  });

  it("counts up to each limit exactly", () => {
    expect(markdownLimitError(`${"> ".repeat(MAX_MARKDOWN_DEPTH)}a`)).toBeNull();
    expect(markdownLimitError(`${"> ".repeat(MAX_MARKDOWN_DEPTH + 1)}a`)?.message).toMatch(
      /they nest 17 deep on line 1 /,
    );
    expect(markdownLimitError("[".repeat(MAX_PARAGRAPH_DELIMITERS))).toBeNull();
    expect(markdownLimitError(`a\n\n${"[".repeat(MAX_PARAGRAPH_DELIMITERS + 1)}`)?.line).toBe(3);
    expect(markdownLimitError("- a\n\n".repeat(MAX_CONTAINER_MARKERS))).toBeNull();
    expect(markdownLimitError("- a\n\n".repeat(MAX_CONTAINER_MARKERS + 1))?.line).toBe(2 * MAX_CONTAINER_MARKERS + 1);
  });

  it("saving refuses such a text on its field, and an import names the file's line (nothing imported)", () => {
    const saved = itemSchema.safeParse({ id: "a", kind: "flashcard", front: "q", back: fill("_a*", 30_000) });
    expect(saved.success).toBe(false);
    expect(saved.error?.issues[0]?.path).toEqual(["back"]);
    const imported = parseMarkdownSet(`---\ntitle: t\n---\n## q\n\nfine\n\n${">".repeat(20_000)} a\n\n## r\n\nok\n`);
    expect(imported).toEqual({
      ok: false,
      errors: [
        {
          line: 8,
          path: "items.0.back",
          message:
            "Question 1's answer must nest block quotes and lists at most 16 deep; they nest 20,000 deep on line 3 of the text.",
        },
      ],
    });
  });

  it("property: any text up to the size limit is checked in linear time and renders within a bound", () => {
    fc.assert(
      fc.property(pathologicalText, (text) => {
        expect(text.length).toBe(MAX_TEXT);
        expect(cpuMs(() => markdownLimitError(text))).toBeLessThan(50);
        let html = "";
        // an ordinary 50,000-character answer takes about 0.3 s on a busy 2-core machine
        expect(cpuMs(() => (html = renderMarkdown(text)))).toBeLessThan(3_000);
        expect(html).not.toMatch(/<script/i);
      }),
      { numRuns: 12, seed: 14 },
    );
  }, 120_000);
});

describe("code blocks", () => {
  it("take keyboard focus so a wide one can be scrolled without a mouse", () => {
    expect(renderMarkdown("```\nkubectl get pods\n```")).toMatch(/^<pre tabindex="0"><code>/);
  });
});
