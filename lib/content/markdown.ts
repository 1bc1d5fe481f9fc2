import rehypeHighlight from "rehype-highlight";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

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

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize, schema)
  // after sanitising: the highlighter only adds span classes
  .use(rehypeHighlight, { detect: false })
  .use(rehypeStringify);

// The same card and question texts are rendered on every study and set page view, and the pipeline costs
// about a millisecond per card (a tenth of a rating's CPU in the load benchmark, tests/bench/load.ts). The
// output depends on the input only, so recent results are kept: at most RENDERED_MAX entries, texts up to
// RENDERED_TEXT_MAX characters, oldest dropped first (a Map iterates in insertion order).
const RENDERED_MAX = 2000;
const RENDERED_TEXT_MAX = 20_000;
const rendered = new Map<string, string>();

/** Markdown to safe HTML, with code blocks highlighted. */
export function renderMarkdown(markdown: string): string {
  const known = rendered.get(markdown);
  if (known !== undefined) return known;
  const html = String(processor.processSync(markdown));
  if (markdown.length <= RENDERED_TEXT_MAX) {
    if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value ?? "");
    rendered.set(markdown, html);
  }
  return html;
}
