import type { z } from "zod";
import { plural } from "./plural";

/**
 * Validation errors of an imported file in words an author can act on: which field (in words, not a
 * schema path), what was expected and what the file holds ("Question 3's rubric weight of "dnat" must be
 * a number; found the text "high"."), never "items.2.rubric.weights.dnat: Invalid input: expected number,
 * received string". The line is reported beside the message (ImportError.line), the path as `path`.
 *
 * `scope` says what the paths are relative to: a whole set (Markdown and JSON files), one row of a CSV or
 * TSV file, or the import form's own fields.
 */
export type IssueScope = "set" | "row" | "request";

type Issue = z.core.$ZodIssue;

const SET_FIELDS: Readonly<Record<string, string>> = {
  title: "The set's title",
  slug: "The set's slug",
  description: "The set's description",
  tags: "The set's tags",
  interviewMinutes: "The mock interview length (interviewMinutes)",
  items: "The list of questions",
};

const REQUEST_FIELDS: Readonly<Record<string, string>> = {
  format: "The format",
  text: "The file",
  slug: "The slug to import under",
  title: "The set title",
  prefixIds: "The id prefix choice",
};

const ITEM_FIELDS: Readonly<Record<string, string>> = {
  id: "id",
  kind: "kind",
  front: "question",
  back: "answer",
  tags: "tags",
  scenario: "scenario",
  template: "scenario template",
  generator: "generator options",
};

const MISCONCEPTION_FIELDS: Readonly<Record<string, string>> = {
  id: "id",
  label: "label",
  patterns: "patterns",
  explanation: "correction",
};

const SAMPLE_FIELDS: Readonly<Record<string, string>> = {
  answer: "text",
  verdict: "expected verdict",
  misconceptions: "misconception ids",
};

const nth = (index: PropertyKey | undefined) => (typeof index === "number" ? index + 1 : String(index));

/** A field of a rubric (the path below `rubric`) in words. */
function rubricFieldWords(path: readonly PropertyKey[]): string {
  const [group, key, field, index] = path;
  if (group === undefined) return "rubric";
  if (group === "weights") return key === undefined ? "rubric weights" : `rubric weight of "${String(key)}"`;
  if (group === "synonyms") {
    if (key === undefined) return "rubric synonyms";
    return field === undefined ? `synonyms of "${String(key)}"` : `synonym ${nth(field)} of "${String(key)}"`;
  }
  if (group === "modelAnswer") return "model answer";
  if (group === "misconceptions" || group === "samples") {
    const what = group === "misconceptions" ? "misconception" : "sample answer";
    if (key === undefined) return group === "misconceptions" ? "misconceptions" : "sample answers";
    if (field === undefined) return `${what} ${nth(key)}`;
    const names = group === "misconceptions" ? MISCONCEPTION_FIELDS : SAMPLE_FIELDS;
    const name = names[String(field)] ?? String(field);
    return index === undefined
      ? `${what} ${nth(key)}'s ${name}`
      : `${what} ${nth(key)}'s ${name} (entry ${nth(index)})`;
  }
  return `rubric field "${path.map(String).join(".")}"`;
}

/** A field of one question (the path below the item) in words: "answer", "rubric weight of "dnat"". */
function itemFieldWords(path: readonly PropertyKey[]): string {
  const [field, ...rest] = path;
  if (field === undefined) return "";
  if (field === "rubric") return rubricFieldWords(rest);
  if (field === "generator" && rest[0] !== undefined) {
    return `generator option ${String(rest[0])}${rest[1] === undefined ? "" : ` (entry ${nth(rest[1])})`}`;
  }
  if (field === "tags" && rest[0] !== undefined) return `tag ${nth(rest[0])}`;
  return ITEM_FIELDS[String(field)] ?? `field "${path.map(String).join(".")}"`;
}

/**
 * The field an issue path names, in words, as the subject of a sentence. `questionNumber` turns an index
 * into `items` into the question's number in the file (by default the index + 1).
 */
export function fieldInWords(
  path: readonly PropertyKey[],
  scope: IssueScope = "set",
  questionNumber: (index: number) => number = (index) => index + 1,
): string {
  if (scope === "row") {
    const words = itemFieldWords(path);
    return words === "" ? "This row" : `This row's ${words}`;
  }
  const [head, index, ...rest] = path;
  if (head === undefined) return scope === "request" ? "The import request" : "The file";
  if (scope === "request") return REQUEST_FIELDS[String(head)] ?? `The field "${String(head)}"`;
  if (head === "items" && typeof index === "number") {
    const question = `Question ${questionNumber(index)}`;
    const words = itemFieldWords(rest);
    if (words === "") return question;
    // "Question 2, misconception 1's patterns" rather than two possessives in a row
    return words.includes("'s ") ? `${question}, ${words}` : `${question}'s ${words}`;
  }
  if (head === "tags" && index !== undefined) return `The set's tag ${nth(index)}`;
  return SET_FIELDS[String(head)] ?? `The field "${path.map(String).join(".")}"`;
}

/** What the file holds at the field, in words. */
export function foundInWords(input: unknown): string {
  if (input === undefined) return "nothing";
  if (input === null) return "an empty value";
  if (typeof input === "string") {
    if (input.trim() === "") return "an empty text";
    const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
    return `the text "${shown.replace(/\s+/g, " ")}"`;
  }
  if (typeof input === "number" || typeof input === "bigint") return `the number ${String(input)}`;
  if (typeof input === "boolean") return String(input);
  if (Array.isArray(input)) return input.length === 0 ? "an empty list" : `a list of ${input.length}`;
  return "a mapping";
}

const EXPECTED_TYPE: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value)",
  record: "a mapping (key: value)",
};

const quoted = (values: readonly unknown[]) => values.map((value) => JSON.stringify(value)).join(", ");
const characters = (n: number | bigint) => plural(Number(n), "character");
const entries = (n: number | bigint) => plural(Number(n), "entry", "entries");

/** zod's own messages start like these; the schemas' own messages are sentences for people already. */
const ZOD_DEFAULT = /^(Invalid|Too small|Too big|Unrecognized|Expected)/;

/** What was expected, as the end of "<field> must …". */
function expectation(issue: Issue): string | null {
  switch (issue.code) {
    case "invalid_type":
      return `be ${EXPECTED_TYPE[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return issue.values.length === 1 ? `be ${quoted(issue.values)}` : `be one of ${quoted(issue.values)}`;
    case "too_small":
      if (issue.origin === "string") {
        return Number(issue.minimum) <= 1 ? "not be empty" : `have at least ${characters(issue.minimum)}`;
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return Number(issue.minimum) <= 1 ? "have at least one entry" : `have at least ${entries(issue.minimum)}`;
      }
      return `be at least ${String(issue.minimum)}`;
    case "too_big":
      if (issue.origin === "string") return `have at most ${characters(issue.maximum)}`;
      if (issue.origin === "array" || issue.origin === "set") return `have at most ${entries(issue.maximum)}`;
      return `be at most ${String(issue.maximum)}`;
    case "invalid_union": {
      const options = "options" in issue ? issue.options : undefined;
      return Array.isArray(options) ? `be one of ${quoted(options)}` : "be one of the allowed forms";
    }
    default:
      return null;
  }
}

/** What the file holds, for a message: a string's length for a length rule, else the value in words. */
function found(issue: Issue): string {
  const input = issue.input;
  if (issue.code === "invalid_union" && "discriminator" in issue && typeof issue.discriminator === "string") {
    const value =
      input !== null && typeof input === "object" ? (input as Record<string, unknown>)[issue.discriminator] : input;
    return foundInWords(value);
  }
  if ((issue.code === "too_big" || issue.code === "too_small") && typeof input === "string") {
    return input.trim() === "" ? "an empty text" : characters(input.length);
  }
  if ((issue.code === "too_big" || issue.code === "too_small") && Array.isArray(input)) {
    return input.length === 0 ? "an empty list" : entries(input.length);
  }
  return foundInWords(input);
}

/**
 * One issue as a sentence: "<field in words> must <expectation>; found <value>." A schema's own message
 * ("must be lower-case letters, digits and '-'") is kept, with what was found when the message does not
 * say it already. Parse with `reportInput: true` so issues carry the value they are about.
 */
export function issueMessage(
  issue: Issue,
  scope: IssueScope = "set",
  questionNumber?: (index: number) => number,
): string {
  const field = fieldInWords(issue.path, scope, questionNumber);
  if (issue.input === undefined && issue.code === "invalid_type") {
    return `${field} is missing; expected ${EXPECTED_TYPE[issue.expected] ?? issue.expected}.`;
  }
  const expected = ZOD_DEFAULT.test(issue.message) ? expectation(issue) : null;
  const sentence = expected === null ? `${field} ${issue.message.replace(/\.$/, "")}` : `${field} must ${expected}`;
  // "must not be empty" says what was found already
  const empty = issue.code === "too_small" && Number(issue.minimum) <= 1;
  const value = issue.input === undefined || issue.code === "custom" || empty ? null : found(issue);
  return value === null ? `${sentence}.` : `${sentence}; found ${value}.`;
}
