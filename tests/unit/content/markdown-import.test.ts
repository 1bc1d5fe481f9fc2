import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { markdownFromSet, parseMarkdownSet, renderMarkdown, type ImportError } from "../../../lib/content";

const SEED_POST = path.resolve(import.meta.dirname, "../../fixtures/seed-post/000_abd2bde263f7ba78.txt");
// a copy of shared/seed/000_abd2bde263f7ba78.txt, so the test runs on any clone
const seedText = fs.readFileSync(SEED_POST, "utf8");

function errorsOf(text: string): readonly ImportError[] {
  const result = parseMarkdownSet(text);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

function ok(text: string) {
  const result = parseMarkdownSet(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

const fm = (extra = "") => `---\ntitle: Test set\n${extra}---\n`;

describe("parseMarkdownSet: the seed post", () => {
  it("yields one question per ## section, with the post's metadata", () => {
    const text = seedText;
    const headings = text.split("\n").filter((line) => line.startsWith("## "));
    const { content, itemLines } = ok(text);
    expect(content.title).toBe("Interview Series: Explain How Kubernetes DNS works");
    expect(content.slug).toBe("interview-series-explain-how-kubernetes-dns-works");
    expect(content.tags).toEqual(["interview", "kubernetes", "dns", "networking"]);
    expect(content.description).toMatch(/^This will be the first in my interview questions series/);
    expect(content.items.map((item) => item.front)).toEqual(headings.map((line) => line.slice(3)));
    expect(content.items.every((item) => item.kind === "flashcard")).toBe(true);
    expect(content.items[1]?.id).toBe("what-is-that-weird-dns-format");
    // each item starts on its heading's line
    const lines = text.split("\n");
    for (const item of content.items) expect(lines[(itemLines[item.id] ?? 0) - 1]).toBe(`## ${item.front}`);
  });

  it("copies reference link definitions into the questions that use them", () => {
    const { content } = ok(seedText);
    const configured = content.items.find((item) => item.front.startsWith("How (and where)"));
    expect(configured?.back).toContain("[1]: https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/");
    expect(renderMarkdown(configured?.back ?? "")).toContain(
      'href="https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/"',
    );
    const last = content.items.at(-1);
    expect(last?.back).not.toContain("[1]:");
  });
});

describe("parseMarkdownSet: structure", () => {
  it("uses {#id} suffixes, keeps ### headings and code in the answer", () => {
    const { content } = ok(
      `${fm()}\n## What does \`ndots\` do? {#ndots}\n\nIt sets a threshold.\n\n### Details\n\n\`\`\`bash\n## not a question\necho hi\n\`\`\`\n\n## Second ##\n\nAnswer two.\n`,
    );
    expect(content.items.map((item) => item.id)).toEqual(["ndots", "second"]);
    expect(content.items[0]?.front).toBe("What does `ndots` do?");
    expect(content.items[0]?.back).toContain("### Details");
    expect(content.items[0]?.back).toContain("## not a question");
    expect(content.items[1]?.front).toBe("Second");
  });

  it("derives the slug from the title and takes a # Title when there is no front matter", () => {
    const { content } = ok("# Kubernetes Ingress, étape 1\n\nIntro here.\n\n## Q one\n\nA one.\n");
    expect(content.title).toBe("Kubernetes Ingress, étape 1");
    expect(content.slug).toBe("kubernetes-ingress-etape-1");
    expect(content.description).toBe("Intro here.");
  });

  it("reads item and rubric blocks: a free-form question with its tuning", () => {
    const { content } = ok(
      `${fm("tags: dns, k8s\n")}\n## Walk through it {#walk}\n\n\`\`\`item\ntags: [capstone]\nscenario: seed\n\`\`\`\n\n\`\`\`rubric\nweights:\n  dnat: 2\nsynonyms:\n  dnat: [rewrites the destination]\nsamples:\n  - answer: nothing\n    verdict: weak\n\`\`\`\n\nThe model answer.\n`,
    );
    expect(content.tags).toEqual(["dns", "k8s"]);
    const item = content.items[0];
    expect(item?.kind).toBe("freeform");
    if (item?.kind !== "freeform") throw new Error("kind");
    expect(item.back).toBe("The model answer.");
    expect(item.tags).toEqual(["capstone"]);
    expect(item.rubric?.weights).toEqual({ dnat: 2 });
    expect(item.rubric?.samples).toEqual([{ answer: "nothing", verdict: "weak" }]);
  });

  it("reads scenario questions from the item block", () => {
    const { content } = ok(
      `${fm()}\n## Which names are queried? {#names}\n\n\`\`\`item\nkind: scenario\ntemplate: dns-names\ngenerator:\n  difficulty: hard\n  proxyModes: [ipvs]\n\`\`\`\n`,
    );
    const item = content.items[0];
    if (item?.kind !== "scenario") throw new Error("kind");
    expect(item.template).toBe("dns-names");
    expect(item.generator.difficulty).toBe("hard");
    expect(item.generator.proxyModes).toEqual(["ipvs"]);
    expect(item.back).toBe("");
  });

  it("reads a dns-queries question with CoreDNS autopath, and writes it back the same", () => {
    const { content } = ok(
      `${fm()}\n## With autopath, how many queries? {#autopath}\n\n\`\`\`item\nkind: scenario\ntemplate: dns-queries\ngenerator:\n  difficulty: medium\n  autopath: true\n\`\`\`\n`,
    );
    const item = content.items[0];
    if (item?.kind !== "scenario") throw new Error("kind");
    expect([item.template, item.generator.autopath]).toEqual(["dns-queries", true]);
    expect(ok(markdownFromSet(content)).content).toEqual(content);
  });
});

describe("parseMarkdownSet: every error names its line", () => {
  it.each<[string, string, number, RegExp]>([
    ["unclosed front matter", "---\ntitle: x\n\n## Q\n\nA\n", 1, /never closed/],
    ["invalid front matter YAML", "---\ntitle: x\ntags: [a, b\n---\n## Q\n\nA\n", 3, /not valid YAML/],
    ["front matter that is not a mapping", "---\n- a\n- b\n---\n## Q\n\nA\n", 2, /mapping/],
    [
      "unknown front matter key",
      "---\ntitle: x\ncolour: red\n---\n## Q\n\nA\n",
      3,
      /Unknown front matter key "colour"/,
    ],
    ["missing title", "Intro\n\n## Q\n\nA\n", 1, /needs a title/],
    ["bad explicit id", `${fm()}\n## Q {#Bad_Id}\n\nA\n`, 5, /\{#Bad_Id\}/],
    ["heading without words", `${fm()}\n## ???\n\nA\n`, 5, /no words/],
    ["empty answer", `${fm()}\n## Q one\n\n## Q two\n\nA\n`, 5, /^Question 1's answer must not be empty\.$/],
    ["no questions", `${fm()}\nJust prose.\n`, 4, /No questions/],
    ["unclosed code fence", `${fm()}\n## Q\n\n\`\`\`\ncode\n`, 7, /never closed/],
    [
      "rubric block with invalid YAML",
      `${fm()}\n## Q\n\n\`\`\`rubric\nweights: [\n\`\`\`\n\nA\n`,
      8,
      /rubric block is not valid YAML/,
    ],
    [
      "rubric with an unknown concept id",
      `${fm()}\n## Q\n\n\`\`\`rubric\nweights:\n  dnat: 1\n  teleport: 2\n\`\`\`\n\nA\n`,
      10,
      /unknown concept id "teleport"/,
    ],
    [
      "rubric weight out of range",
      `${fm()}\n## Q\n\n\`\`\`rubric\nweights:\n  dnat: 99\n\`\`\`\n\nA\n`,
      9,
      /^Question 1's rubric weight of "dnat" must be at most 10; found the number 99\.$/,
    ],
    [
      "rubric on a flashcard",
      `${fm()}\n## Q\n\n\`\`\`item\nkind: flashcard\n\`\`\`\n\n\`\`\`rubric\n{}\n\`\`\`\n\nA\n`,
      11,
      /belongs to a free-form question/,
    ],
    [
      "two rubric blocks",
      `${fm()}\n## Q\n\n\`\`\`rubric\n{}\n\`\`\`\n\n\`\`\`rubric\n{}\n\`\`\`\n\nA\n`,
      11,
      /at most one/,
    ],
    ["unknown item key", `${fm()}\n## Q\n\n\`\`\`item\ncolour: red\n\`\`\`\n\nA\n`, 8, /Unknown key "colour"/],
    [
      "bad scenario template",
      `${fm()}\n## Q\n\n\`\`\`item\nkind: scenario\ntemplate: teleport\n\`\`\`\n`,
      9,
      /template/,
    ],
    [
      "bad tag type",
      `${fm()}\n## Q\n\n\`\`\`item\ntags: [1, 2]\n\`\`\`\n\nA\n`,
      8,
      /^Question 1's tag 1 must be text; found the number 1\.$/,
    ],
    ["bad interview length", "---\ntitle: x\ninterviewMinutes: 500\n---\n## Q\n\nA\n", 3, /interviewMinutes/],
  ])("%s", (_name, text, line, message) => {
    const errors = errorsOf(text);
    expect(errors).toContainEqual(expect.objectContaining({ line, message: expect.stringMatching(message) }));
  });

  it("reports duplicate ids on the second heading, naming the first", () => {
    const errors = errorsOf(`${fm()}\n## Same question\n\nA\n\n## Same question!\n\nB\n`);
    expect(errors).toEqual([expect.objectContaining({ line: 9, message: expect.stringMatching(/line 5/) })]);
  });

  it("reports every error at once, in line order", () => {
    const errors = errorsOf(`${fm()}\n## Q {#Bad}\n\nA\n\n## ???\n\nB\n\n## Empty\n`);
    expect(errors.map((error) => error.line)).toEqual([5, 9, 13]);
  });
});

describe("parseMarkdownSet: limits and hostile input", () => {
  it("refuses files over 2 MB", () => {
    const errors = errorsOf(`${fm()}\n## Q\n\n${"x".repeat(2 * 1024 * 1024)}\n`);
    expect(errors[0]?.message).toMatch(/limited to 2 MB/);
  });

  it("refuses more than 5,000 questions", () => {
    const body = Array.from({ length: 5_001 }, (_, i) => `## Q ${i}\n\nA\n`).join("\n");
    const errors = errorsOf(`${fm()}\n${body}`);
    expect(errors[0]?.message).toMatch(/5,001 items; a set holds at most 5,000/);
  });

  it("keeps HTML and script as text that renders inert", () => {
    const { content } = ok(
      `${fm()}\n## <img src=x onerror=alert(1)> {#xss}\n\n<script>alert(document.cookie)</script>\n\n[x](javascript:alert(1))\n`,
    );
    const item = content.items[0];
    const html = renderMarkdown(`${item?.front}\n\n${item?.back}`);
    expect(html).not.toMatch(/<script|onerror|javascript:|<img/i);
  });

  it("does not expand YAML alias bombs", () => {
    const bomb =
      "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
    const result = parseMarkdownSet(`---\ntitle: x\n${bomb}---\n## Q\n\nA\n`);
    expect(result.ok).toBe(false);
  });
});

describe("parseMarkdownSet: deeply nested YAML", () => {
  it("refuses front matter nested deeper than the limit, on its line, before the YAML parser sees it", () => {
    const text = `---\ntitle: Deep\nextra: ${"[".repeat(5_000)}${"]".repeat(5_000)}\n---\n\n## Q\n\nA.\n`;
    expect(errorsOf(text)).toContainEqual({
      line: 3,
      message: expect.stringContaining("nested deeper than 64 levels"),
    });
  });
});
