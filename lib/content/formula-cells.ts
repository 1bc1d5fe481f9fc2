/**
 * CSV injection (OWASP, "CSV Injection"): a spreadsheet opening a CSV or TSV file runs a cell that begins
 * with `=`, `+`, `-` or `@` as a formula (tab and carriage return can hide such a start), which can fetch
 * URLs or run commands. OWASP's defence is a leading `'`, which makes the cell text; Hopdrill's CSV/TSV
 * export writes it, and its importer takes it off again, so the files still round-trip:
 *
 * - export: a cell starting with one of those characters gets a `'` in front; so does a cell that starts
 *   with `'` followed by one of them or by another `'` (else the importer would take off a `'` the text had);
 * - import: one leading `'` followed by one of those characters or by `'` comes off.
 *
 * A text starting with `'` and anything else (`'quoted'`) is written and read as it is. A spreadsheet shows
 * the `'` (for `- item`, a Markdown list, too): the price of a file that cannot run anything.
 *
 * The Anki export is not changed so: Anki reads fields literally and would show the `'`. Its front and back
 * are rendered HTML, which starts with `<`, and its tag cell is neutralised with a leading space instead,
 * which Anki drops (tags are split on spaces) and which keeps a spreadsheet from reading a formula.
 */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);

const guarded = (value: string, from: number) => FORMULA_START.has(value[from] ?? "") || value[from] === "'";

/** A cell for a CSV/TSV file, with the `'` guard when it would start a formula. */
export function guardFormula(value: string): string {
  if (FORMULA_START.has(value[0] ?? "") || (value[0] === "'" && guarded(value, 1))) return `'${value}`;
  return value;
}

/** A cell read from a CSV/TSV file, with the guard `guardFormula` wrote taken off. */
export function unguardFormula(value: string): string {
  return value[0] === "'" && guarded(value, 1) ? value.slice(1) : value;
}

/** An Anki tag cell: a leading space when it would start a formula (Anki splits tags on spaces). */
export function guardAnkiTags(value: string): string {
  return FORMULA_START.has(value[0] ?? "") ? ` ${value}` : value;
}
