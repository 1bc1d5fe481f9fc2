/**
 * Small pieces of English shared by the trace's sentences. Decide what to say first, then say it with these.
 */

/** `plural(1, "dot")` → "1 dot", `plural(3, "dot")` → "3 dots", `plural(2, "address", "addresses")`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
