import type { Root as HtmlRoot, RootContent as HtmlContent } from "hast";
import rehypeParse from "rehype-parse";
import rehypeRemark from "rehype-remark";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";

/**
 * Anki's text files with `#html:true` hold HTML fields. This turns the HTML Anki writes (its editor's
 * `<b>`, `<i>`, `<br>`, `<div>`, lists, `<code>`/`<pre>`, links) back into Markdown, so an Anki deck can be
 * imported: parsed as a browser would (rehype-parse, the WHATWG HTML parser parse5), converted by
 * rehype-remark (scripts, styles and comments dropped, unknown elements kept as their text) and written by
 * remark-stringify. Every step is linear in the field's length; the result is rendered through the
 * sanitising Markdown renderer like any other field.
 */
const parser = unified().use(rehypeParse, { fragment: true });
const converter = unified()
  // a comment would come back as raw HTML in the Markdown (shown as text): it says nothing on the card
  .use(rehypeRemark, { nodeHandlers: { comment: () => undefined } })
  .use(remarkGfm)
  .use(remarkStringify, { bullet: "-", emphasis: "_", fence: "`", fences: true, listItemIndent: "one", rule: "-" });

/** Elements nested deeper than this would overflow the converters' recursion (an Anki card nests a few). */
export const MAX_HTML_DEPTH = 100;

function depthOf(tree: HtmlRoot): number {
  let deepest = 0;
  const stack: { node: HtmlContent; depth: number }[] = tree.children.map((node) => ({ node, depth: 1 }));
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    deepest = Math.max(deepest, next.depth);
    if (next.node.type === "element") {
      for (const node of next.node.children) stack.push({ node, depth: next.depth + 1 });
    }
  }
  return deepest;
}

export type HtmlToMarkdown =
  { readonly ok: true; readonly markdown: string } | { readonly ok: false; readonly message: string };

export function markdownFromHtml(html: string): HtmlToMarkdown {
  const tree = parser.parse(html);
  const depth = depthOf(tree);
  if (depth > MAX_HTML_DEPTH) {
    return {
      ok: false,
      message: `The HTML nests ${depth.toLocaleString("en")} elements deep; at most ${MAX_HTML_DEPTH} are allowed.`,
    };
  }
  const markdown = converter.stringify(converter.runSync(tree));
  return { ok: true, markdown: markdown.trim() };
}
