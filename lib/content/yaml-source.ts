import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { ImportError } from "./import-result";

/**
 * A YAML (or JSON: JSON is YAML 1.2's flow subset) text parsed with source positions kept, so validation
 * errors about a field can point at the line that holds it. `firstLine` is the line of the text's first line
 * in the whole file (front matter and fenced blocks start below line 1).
 */
export interface YamlSource {
  readonly value: unknown;
  /** Line of the node at `path`, or of its nearest existing parent (a missing field → the object's line). */
  lineOf(path: readonly PropertyKey[]): number;
}

export function parseYamlSource(
  text: string,
  firstLine: number,
  what: string,
): { ok: true; source: YamlSource } | { ok: false; errors: ImportError[] } {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return { ok: false, errors: [{ line: firstLine, message: `${what}: ${String(error)}` }] };
  }
  const lastLine = Math.max(1, text.replace(/\n$/, "").split("\n").length);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => ({
        // an error at the very end (an unclosed bracket) belongs to the last line of text, not the one after it
        line: firstLine + Math.min(lineCounter.linePos(error.pos[0]).line, lastLine) - 1,
        message: `${what} is not valid YAML: ${firstSentence(error.message)}`,
      })),
    };
  }
  let value: unknown;
  try {
    // maxAliasCount guards against alias bombs ("billion laughs")
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return { ok: false, errors: [{ line: firstLine, message: `${what}: ${firstSentence(String(error))}` }] };
  }
  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return firstLine + lineCounter.linePos(node.range[0]).line - 1;
    }
    return firstLine;
  };
  return { ok: true, source: { value, lineOf } };
}

function firstSentence(message: string): string {
  return message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? message;
}
