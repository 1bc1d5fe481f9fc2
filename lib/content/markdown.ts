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

/** Markdown to safe HTML, with code blocks highlighted. */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}
