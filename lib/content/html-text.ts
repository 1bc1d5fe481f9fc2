/**
 * Anki's text files with `#html:true` hold HTML fields. This turns the HTML Anki writes (its editor's
 * `<b>`, `<i>`, `<br>`, `<div>`, lists, `<code>`/`<pre>`, links) back into Markdown, so an Anki deck can be
 * imported. It is deliberately small and lossy: unknown tags are dropped with their attributes, `<script>`
 * and `<style>` with their content; whatever remains is text, and is rendered through the sanitising
 * Markdown renderer like any other field.
 */
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function markdownFromHtml(html: string): string {
  let text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<pre\b[^>]*>([\s\S]*?)<\/pre\s*>/gi, (_m, body: string) => {
      // entities stay encoded here: the one decoding pass at the end handles them (no double decoding)
      const code = body.replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]+>/g, "");
      return `\n\n\`\`\`\n${code.replace(/\n$/, "")}\n\`\`\`\n\n`;
    })
    .replace(/<a\b[^>]*\bhref\s*=\s*"([^"]*)"[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, href: string, label: string) => {
      return `[${label.replace(/<[^>]+>/g, "")}](${href})`;
    })
    .replace(/<\/?(b|strong)\b[^>]*>/gi, "**")
    .replace(/<\/?(i|em)\b[^>]*>/gi, "_")
    .replace(/<\/?code\b[^>]*>/gi, "`")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/(p|div|ul|ol|h[1-6]|blockquote|table|tr)\s*>/gi, "\n\n")
    .replace(/<[^>]+>/g, "");
  text = decodeEntities(text);
  return text
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
