import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { lineOfOffset, type ImportError } from "./import-result";

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
  const tooDeep = nestingError(text);
  if (tooDeep)
    return { ok: false, errors: [{ line: firstLine + tooDeep.line - 1, message: `${what}: ${tooDeep.message}` }] };
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return { ok: false, errors: [{ line: firstLine, message: `${what}: ${String(error)}` }] };
  }
  const lastLine = Math.max(1, text.replace(/\n$/, "").split("\n").length);
  const [error] = doc.errors;
  if (error !== undefined) {
    // one root cause, one error: the parser's later errors follow from its first (a missing bracket or quote
    // leaves the rest of the block unreadable)
    return {
      ok: false,
      errors: [
        {
          // an error at the very end (an unclosed bracket) belongs to the last line of text, not the one after it
          line: firstLine + Math.min(lineCounter.linePos(error.pos[0]).line, lastLine) - 1,
          message: `${what} is not valid YAML: ${firstSentence(error.message)}`,
        },
      ],
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

/** What an author usually did when the YAML parser says this (the parser's words are about its grammar). */
const YAML_HINTS: readonly (readonly [RegExp, string])[] = [
  [
    /compact mappings|Implicit map keys need to be followed/,
    `a value that contains ": " must be in quotes (title: "DNS: the path")`,
  ],
  [
    /Implicit keys need to be on a single line/,
    "each key: value pair goes on its own line; continue a long value in quotes",
  ],
];

function firstSentence(message: string): string {
  const sentence = message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? message;
  const hint = YAML_HINTS.find(([pattern]) => pattern.test(sentence))?.[1];
  return hint === undefined ? sentence : `${sentence} (${hint})`;
}

/**
 * A question set is at most a few levels deep; deeper JSON or YAML flow collections are refused before any
 * parser recurses into them (a fuzz test crashed the YAML parser with 5,000 levels).
 */
export const MAX_JSON_DEPTH = 64;

export function nestingError(text: string): { line: number; message: string } | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \\ */) i += 1;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) {
        return { line: lineOfOffset(text, i), message: `The text is nested deeper than ${MAX_JSON_DEPTH} levels.` };
      }
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) depth -= 1;
  }
  return null;
}
