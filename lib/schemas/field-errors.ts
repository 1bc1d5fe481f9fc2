import type { z } from "zod";

/** Messages by field: a form field's name or a body's dotted path ("rubric.weights.dnat"). */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** The dotted path of an issue ("items.3.id"); "" for the value as a whole. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** For flat forms: the top-level field an issue is about ("sets" for `sets.0`), "form" for the whole form. */
export function formField(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "form" : String(path[0]);
}

/**
 * A zod error as messages by field, in issue order. `fieldOf` names the field of an issue path: the dotted
 * path by default (JSON bodies), `formField` for flat forms, or a form's own mapping.
 */
export function fieldErrorsOf(
  error: z.ZodError,
  fieldOf: (path: readonly PropertyKey[]) => string = dottedPath,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) (errors[fieldOf(issue.path)] ??= []).push(issue.message);
  return errors;
}

/** `[{ path, message }]`, as JSON bodies list them. */
export function issueList(errors: FieldErrors): { path: string; message: string }[] {
  return Object.entries(errors).flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
}

/** Every message on one line, each after its field: "questions: must be at most 10; minutes: …". */
export function errorSummary(errors: FieldErrors): string {
  return issueList(errors)
    .map(({ path, message }) => (path === "" || path === "form" ? message : `${path}: ${message}`))
    .join("; ");
}
