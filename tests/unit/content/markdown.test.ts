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
});
