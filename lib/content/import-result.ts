import type { ZodError, core } from "zod";
import { dottedPath } from "../schemas/field-errors";
import { issueMessage, type IssueScope } from "./import-messages";
import type { ItemContent, QuestionSetContent } from "../schemas/question-set";

/**
 * What every importer returns. Errors always carry a 1-based line number in the imported file, so the
 * admin can find the problem; `path` names the field when the error is about one (e.g. `items.2.front`).
 */
export interface ImportError {
  readonly line: number;
  readonly message: string;
  readonly path?: string;
}

export type ImportResult =
  | { readonly ok: true; readonly content: QuestionSetContent; readonly itemLines: Readonly<Record<string, number>> }
  | { readonly ok: false; readonly errors: readonly ImportError[] };

/** Items only (CSV/TSV carry no set metadata: title and slug come from the import form). */
export type ItemsImportResult =
  | { readonly ok: true; readonly items: readonly ItemContent[]; readonly itemLines: Readonly<Record<string, number>> }
  | { readonly ok: false; readonly errors: readonly ImportError[] };

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_IMPORT_ITEMS = 5_000;

/** Files over 2 MB are refused before parsing (size in UTF-8 bytes, as uploaded). */
export function importSizeError(text: string): ImportError | null {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes <= MAX_IMPORT_BYTES) return null;
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return { line: 1, message: `The file is ${mb} MB; imports are limited to 2 MB. Split the set into smaller files.` };
}

export function itemCountError(count: number, line = 1): ImportError | null {
  if (count <= MAX_IMPORT_ITEMS) return null;
  return {
    line,
    message: `The file has ${count.toLocaleString("en")} items; a set holds at most 5,000. Split it into several sets.`,
  };
}

/** Line of each zero-based character offset, for parsers that report positions. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/**
 * zod issues as import errors, each placed on a line by `lineFor(path, issue)` (an issue about one
 * line of a text field, from markdown-limits.ts, carries it as `params.line`: see `lineInField`) and said in words
 * (import-messages.ts); `path` keeps the dotted field path for programs. Parse with `reportInput: true`, so
 * each message can say what the file holds.
 */
export function zodImportErrors(
  error: ZodError,
  lineFor: (path: readonly PropertyKey[], issue: core.$ZodIssue) => number,
  scope: IssueScope = "set",
  questionNumber?: (index: number) => number,
): ImportError[] {
  return error.issues.map((issue) => ({
    line: lineFor(issue.path, issue),
    path: dottedPath(issue.path),
    message: issueMessage(issue, scope, questionNumber),
  }));
}

/** zod parse options for imported text: issues carry the value they are about (issueMessage says it). */
export const WITH_INPUT = { reportInput: true } as const;

export function byLine(errors: readonly ImportError[]): ImportError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}

/** The 1-based line within a text field an issue points at (1 when it names none). */
export function lineInField(issue: core.$ZodIssue): number {
  const line = issue.code === "custom" ? (issue.params as { line?: unknown } | undefined)?.line : undefined;
  return typeof line === "number" && Number.isInteger(line) && line >= 1 ? line : 1;
}
