import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../lib/content";

describe("renderMarkdown", () => {
  it("renders Markdown with highlighted code blocks", () => {
    const html = renderMarkdown("**bold** and `code`\n\n```yaml\napiVersion: v1\n```");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<code>code</code>");
    expect(html).toMatch(/<code class="hljs language-yaml">.*hljs-attr/s);
  });

  it.each([
    ["<script>alert(1)</script>", /<script/i],
    ['<img src="x" onerror="alert(1)">', /onerror/i],
    ["[click](javascript:alert(1))", /javascript:/i],
    ['<a href="#" onclick="steal()">x</a>', /onclick/i],
    ["<iframe src=https://evil.example></iframe>", /<iframe/i],
    ['<svg onload="alert(1)"></svg>', /onload/i],
  ])("drops hostile markup: %s", (input, forbidden) => {
    expect(renderMarkdown(input)).not.toMatch(forbidden);
  });

  it("keeps ordinary links", () => {
    expect(renderMarkdown("[docs](https://kubernetes.io/docs/)")).toContain('href="https://kubernetes.io/docs/"');
  });

  // hostile input, item 13: `# H1` in items gave the set page 7 h1 elements
  it.each([
    ["# One", "<h3>One</h3>"],
    ["## Two", "<h4>Two</h4>"],
    ["### Three", "<h5>Three</h5>"],
    ["#### Four", "<h6>Four</h6>"],
    ["###### Six", "<h6>Six</h6>"],
    ["Setext\n===", "<h3>Setext</h3>"],
  ])("shifts a text's headings below the page's: %j", (input, heading) => {
    const html = renderMarkdown(input);
    expect(html).toBe(heading);
    expect(html).not.toMatch(/<h[12][ >]/);
  });

  it("puts a table in a focusable, named region that scrolls by itself", () => {
    const html = renderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |");
    expect(html).toMatch(/^<div class="scroll-region" role="region" aria-label="Table" tabindex="0"><table>/);
    expect(html).toMatch(/<\/table><\/div>$/);
  });
});
