import { z } from "zod";
import { questionSetSchema, type QuestionSetContent } from "../schemas/question-set";
import {
  byLine,
  importSizeError,
  itemCountError,
  lineOfOffset,
  WITH_INPUT,
  zodImportErrors,
  type ImportResult,
} from "./import-result";
import { jsonSyntaxError } from "./json-syntax";
import { nestingError, parseYamlSource } from "./yaml-source";

/**
 * JSON import: the zod schema in lib/schemas/question-set.ts is the format (`questionSetJsonSchema()` gives
 * the same as a JSON Schema for editors). Syntax errors name the line where the text stops being JSON; validation errors name the
 * line of the offending value (positions come from re-reading the text with the YAML parser, of which JSON is
 * a subset).
 */
export function parseJsonSet(text: string): ImportResult {
  const tooBig = importSizeError(text);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const clean = text.replace(/^\uFEFF/, "");
  const tooDeep = nestingError(clean);
  if (tooDeep) return { ok: false, errors: [tooDeep] };
  let value: unknown;
  try {
    value = JSON.parse(clean);
  } catch (error) {
    return { ok: false, errors: [syntaxErrorOf(clean, error)] };
  }
  const located = parseYamlSource(clean, 1, "The JSON");
  const lineOf = located.ok ? located.source.lineOf : () => 1;
  if (value !== null && typeof value === "object" && "items" in value && Array.isArray(value.items)) {
    const tooMany = itemCountError(value.items.length, lineOf(["items", 5_000]));
    if (tooMany) return { ok: false, errors: [tooMany] };
  }
  const result = questionSetSchema.safeParse(value, WITH_INPUT);
  if (!result.success) return { ok: false, errors: byLine(zodImportErrors(result.error, lineOf)) };
  const itemLines = Object.fromEntries(result.data.items.map((item, index) => [item.id, lineOf(["items", index])]));
  return { ok: true, content: result.data, itemLines };
}

function syntaxErrorOf(text: string, error: unknown): { line: number; message: string } {
  const located = jsonSyntaxError(text);
  if (located) return { line: lineOfOffset(text, located.offset), message: `Not valid JSON: ${located.message}.` };
  return { line: 1, message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
}

/** The set as pretty JSON in the import format; `parseJsonSet(jsonFromSet(set))` gives `set` back. */
export function jsonFromSet(set: QuestionSetContent): string {
  return `${JSON.stringify(set, null, 2)}\n`;
}

/** The import format as a JSON Schema (draft 2020-12) for editors' completion and validation. */
export function questionSetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(questionSetSchema, { io: "input", unrepresentable: "any" });
  return {
    ...schema,
    $id: "https://hopdrill.local/api/admin/schema/question-set.json",
    title: "Hopdrill question set",
    description: "A question set in Hopdrill's import/export format (lib/schemas/question-set.ts).",
  };
}
