/**
 * What a form's server action answers (useActionState): a form-level message (`ok` when it reports success),
 * errors by field shown next to each field, and the values to show again.
 */
export interface FormState {
  readonly ok?: boolean;
  readonly message?: string;
  readonly fieldErrors?: Readonly<Record<string, readonly string[] | undefined>>;
  readonly values?: FormValues;
}

/** A field's value to show again: a list for a name posted more than once (a group of checkboxes). */
export type FormValue = string | readonly string[];
export type FormValues = Readonly<Record<string, FormValue>>;

/**
 * Every field a form posted, to show again after a refused submit: React resets a form once its action
 * has run, so a field shows what was typed only when the action sends it back. Files and the framework's
 * own `$`-fields are left out; callers leave out passwords.
 */
export function postedValues(form: FormData, omit: readonly string[] = []): Record<string, FormValue> {
  const values: Record<string, FormValue> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || name.startsWith("$") || omit.includes(name)) continue;
    const before = values[name];
    values[name] = before === undefined ? value : [...(typeof before === "string" ? [before] : before), value];
  }
  return values;
}

/** A text field's value in `values` ("" when it was not posted). */
export function textValue(values: FormValues, name: string): string {
  const value = values[name];
  return typeof value === "string" ? value : (value?.[0] ?? "");
}

/** The values of a group of checkboxes in `values` (none when none was ticked). */
export function listValue(values: FormValues, name: string): readonly string[] {
  const value = values[name];
  return value === undefined ? [] : typeof value === "string" ? [value] : value;
}

/** How many rows of `prefix.N.*` fields `values` holds (misconceptions, sample answers): the highest N + 1. */
export function rowCount(values: FormValues, prefix: string): number {
  let rows = 0;
  for (const name of Object.keys(values)) {
    if (!name.startsWith(`${prefix}.`)) continue;
    const index = Number(name.slice(prefix.length + 1).split(".")[0]);
    if (Number.isInteger(index) && index >= 0) rows = Math.max(rows, index + 1);
  }
  return rows;
}

/** Browsers post a textarea's line breaks as CRLF; everything stored uses LF. */
export function withLf(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
