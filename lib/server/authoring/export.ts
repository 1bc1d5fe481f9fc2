import "server-only";
import type { SessionUser } from "../auth";
import { ankiFromSet, delimitedFromSet, jsonFromSet, markdownFromSet } from "../../content";
import { renderMarkdown } from "../../content/markdown";
import { type ExportFormat } from "../../schemas/authoring";
import { authorize } from "./access";
import { loadSet } from "./sets";

export async function exportSet(
  user: SessionUser | null,
  slug: string,
  format: ExportFormat,
): Promise<{ filename: string; contentType: string; body: string } | null> {
  authorize(user);
  const loaded = await loadSet(slug);
  if (!loaded) return null;
  const { content } = loaded;
  switch (format) {
    case "markdown":
      return { filename: `${slug}.md`, contentType: "text/markdown; charset=utf-8", body: markdownFromSet(content) };
    case "json":
      return { filename: `${slug}.json`, contentType: "application/json; charset=utf-8", body: jsonFromSet(content) };
    case "csv":
      return { filename: `${slug}.csv`, contentType: "text/csv; charset=utf-8", body: delimitedFromSet(content, ",") };
    case "tsv":
      return {
        filename: `${slug}.tsv`,
        contentType: "text/tab-separated-values; charset=utf-8",
        body: delimitedFromSet(content, "\t"),
      };
    case "anki":
      return {
        filename: `${slug}.anki.txt`,
        contentType: "text/plain; charset=utf-8",
        body: ankiFromSet(content, renderMarkdown),
      };
  }
}
