import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import type { Element, ElementContent, Root, RootContent } from "hast";
import { common, createLowlight } from "lowlight";
import { markdownLimitError } from "./markdown-limits";

// GitHub's sanitisation schema (no script, no event handlers, no javascript: URLs), plus the
// `language-*` class on code so the highlighter knows the language. Raw HTML in Markdown is dropped
// (remark-rehype without allowDangerousHtml), then sanitised anyway.
const schema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [...(defaultSchema.attributes?.code ?? []), ["className", /^language-[\w-]+$/]],
  },
};

// The highlighter nests a span per open construct (`${` in bash opens one each time); deeper than this, the
// tree walkers' recursion would overflow the stack, so such a code block is shown unhighlighted.
const MAX_HIGHLIGHT_DEPTH = 64;
const lowlight = createLowlight(common);

/** How deeply elements nest under `nodes`, walked without recursion. */
function nestingDepth(nodes: readonly (RootContent | ElementContent)[]): number {
  let depth = 0;
  const stack = nodes.map((node) => ({ node, depth: 1 }));
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    depth = Math.max(depth, next.depth);
    if (next.node.type === "element")
      for (const node of next.node.children) stack.push({ node, depth: next.depth + 1 });
  }
  return depth;
}

/** Every element of the tree, walked without recursion. */
function elements(tree: Root): Element[] {
  const found: Element[] = [];
  const stack: (RootContent | ElementContent)[] = [...tree.children];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.type !== "element") continue;
    found.push(node);
    stack.push(...node.children);
  }
  return found;
}

/**
 * Code blocks: highlighted by their `language-*` class (highlight.js's common languages through lowlight,
 * as rehype-highlight does, unless the result nests too deep), and every `<pre>` takes keyboard focus
 * (tabindex 0) so a code block wider than its card can be scrolled without a mouse (WCAG 2.1.1, axe's
 * scrollable-region-focusable).
 */
function codeBlocks() {
  return (tree: Root) => {
    for (const pre of elements(tree)) {
      if (pre.tagName !== "pre") continue;
      pre.properties.tabIndex = 0;
      for (const code of pre.children) {
        if (code.type !== "element" || code.tagName !== "code") continue;
        const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
        const language = classes.find((name) => name.startsWith("language-"))?.slice("language-".length);
        if (!language || !lowlight.registered(language)) continue;
        code.properties.className = ["hljs", ...classes];
        const text = code.children.map((child) => (child.type === "text" ? child.value : "")).join("");
        const highlighted = lowlight.highlight(language, text).children;
        if (nestingDepth(highlighted) <= MAX_HIGHLIGHT_DEPTH) code.children = highlighted as ElementContent[];
      }
    }
  };
}

/**
 * Rendered texts sit inside a page: its h1 is the page's title and its h2s the page's sections, so a text's
 * headings start at h3 (`# H1` in an item becomes <h3>, `###` and deeper <h5>/<h6>): one h1 per page, and
 * a screen reader's heading outline stays the page's.
 */
export const HEADING_SHIFT = 2;
const HEADING = /^h([1-6])$/;

/**
 * Tables: a table wider than its card scrolls sideways inside its own region, which the keyboard can focus
 * and scroll (as app/_components/scroll-region.tsx does for the app's own tables, and its CSS).
 */
function tableRegion(table: Element): Element {
  const properties = { className: ["scroll-region"], role: "region", ariaLabel: "Table", tabIndex: 0 };
  return { type: "element", tagName: "div", properties, children: [table] };
}

function headingsAndTables() {
  return (tree: Root) => {
    const parents: (Root | Element)[] = [tree, ...elements(tree)];
    for (const parent of parents) {
      if (parent.type === "element") {
        const level = HEADING.exec(parent.tagName)?.[1];
        if (level) parent.tagName = `h${Math.min(6, Number(level) + HEADING_SHIFT)}`;
      }
      parent.children = parent.children.map((child) =>
        child.type === "element" && child.tagName === "table" ? tableRegion(child) : child,
      ) as typeof parent.children;
    }
  };
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize, schema)
  // after sanitising: highlighting only adds span classes, and the tabindex; headings and tables are the
  // page's own markup around the text
  .use(codeBlocks)
  .use(headingsAndTables)
  .use(rehypeStringify);

const stringifier = unified().use(rehypeStringify);

/**
 * A text past the limits of markdown-limits.ts (stored before they were checked) as plain paragraphs: the
 * renderer could stall or overflow on it, the reader still gets the words.
 */
function plainHtml(markdown: string): string {
  const paragraphs = markdown.split(/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)/);
  const children: ElementContent[] = paragraphs
    .map((text) => text.trim())
    .filter((text) => text !== "")
    .map((text) => ({ type: "element", tagName: "p", properties: {}, children: [{ type: "text", value: text }] }));
  return stringifier.stringify({ type: "root", children });
}

// The same card and question texts are rendered on every study and set page view, and the pipeline costs
// about a millisecond per card (a tenth of a rating's CPU in the load benchmark, tests/bench/load.ts). The
// output depends on the input only, so recent results are kept: at most RENDERED_MAX entries, texts up to
// RENDERED_TEXT_MAX characters, oldest dropped first (a Map iterates in insertion order).
const RENDERED_MAX = 2000;
const RENDERED_TEXT_MAX = 20_000;
const rendered = new Map<string, string>();

/**
 * Markdown to safe HTML, with code blocks highlighted. A text past the limits that keep rendering fast
 * (markdown-limits.ts; saving and importing refuse such texts) is shown as plain paragraphs.
 */
export function renderMarkdown(markdown: string): string {
  const known = rendered.get(markdown);
  if (known !== undefined) return known;
  const html = markdownLimitError(markdown) ? plainHtml(markdown) : String(processor.processSync(markdown));
  if (markdown.length <= RENDERED_TEXT_MAX) {
    if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value ?? "");
    rendered.set(markdown, html);
  }
  return html;
}
