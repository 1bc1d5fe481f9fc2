import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  delimitedFromSet,
  jsonFromSet,
  markdownFromSet,
  parseDelimitedItems,
  parseJsonSet,
  parseMarkdownSet,
} from "../../../lib/content";
import { CONCEPT_IDS } from "../../../lib/grade";
import { questionSetSchema, scenarioTemplates, type QuestionSetContent } from "../../../lib/schemas/question-set";

// Text made of the characters that matter to the formats' syntax, plus any Unicode.
const tricky = fc.constantFrom(
  "#",
  "##",
  "## ",
  "`",
  "```",
  "~~~",
  "\n",
  "\r\n",
  "\r",
  " ",
  "\t",
  "-",
  "---",
  "{#x}",
  "{",
  "}",
  "[1]: http://a",
  "[1]",
  ":",
  '"',
  ",",
  "a",
  "b",
  "z",
  "<script>",
  "é",
  "*",
  "|",
  "\\",
  // spreadsheet formula starts and the CSV export's guard (lib/content/formula-cells.ts)
  "=",
  "+",
  "@",
  "'",
);
const text = fc.oneof(
  fc.string({ unit: tricky, minLength: 1, maxLength: 12 }).map((parts) => parts),
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
);
const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/);
const tag = fc.string({ minLength: 1, maxLength: 12 });
const tags = fc.array(tag, { maxLength: 3 });

const rubric = fc.option(
  fc.record({
    weights: fc.dictionary(fc.constantFrom(...CONCEPT_IDS), fc.integer({ min: 0, max: 10 }), { maxKeys: 3 }),
    synonyms: fc.dictionary(
      fc.constantFrom(...CONCEPT_IDS),
      fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 2 }),
      { maxKeys: 2 },
    ),
    modelAnswer: fc.option(text, { nil: null }),
    samples: fc.array(fc.record({ answer: text, verdict: fc.constantFrom("strong", "partial", "weak") }), {
      maxLength: 2,
    }),
  }),
  { nil: null },
);

const item = fc.oneof(
  fc.record({ id, kind: fc.constant("flashcard"), front: text, back: text, tags }),
  fc.record({ id, kind: fc.constant("freeform"), front: text, back: text, tags, rubric }),
  fc.record({
    id,
    kind: fc.constant("scenario"),
    front: text,
    back: fc.oneof(fc.constant(""), text),
    tags,
    template: fc.constantFrom(...scenarioTemplates),
    generator: fc.record({
      difficulty: fc.constantFrom("easy", "medium", "hard"),
      proxyModes: fc.subarray(["iptables", "ipvs", "nftables"]),
    }),
  }),
);

/** Arbitrary valid sets, canonicalised by the schema (what any importer returns). */
const questionSet: fc.Arbitrary<QuestionSetContent> = fc
  .record({
    slug: fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}$/),
    title: text,
    description: fc.oneof(fc.constant(""), text),
    tags,
    interviewMinutes: fc.integer({ min: 5, max: 60 }),
    items: fc.uniqueArray(item, { selector: (value) => value.id, minLength: 1, maxLength: 6 }),
  })
  .map((candidate) => questionSetSchema.safeParse(candidate))
  .filter((result) => result.success)
  .map((result) => result.data as QuestionSetContent);

describe("export → import is identity", () => {
  it("Markdown", () => {
    fc.assert(
      fc.property(questionSet, (set) => {
        const result = parseMarkdownSet(markdownFromSet(set));
        if (!result.ok) throw new Error(JSON.stringify(result.errors) + JSON.stringify(markdownFromSet(set)));
        expect(result.content).toEqual(set);
      }),
      { numRuns: 500 },
    );
  });

  it("JSON", () => {
    fc.assert(
      fc.property(questionSet, (set) => {
        const result = parseJsonSet(jsonFromSet(set));
        expect(result.ok && result.content).toEqual(set);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ["CSV", ","],
    ["TSV", "\t"],
  ] as const)("%s (flashcards: front, back, tags, id)", (_name, separator) => {
    const flashcards = questionSet.map((set) => ({
      ...set,
      items: set.items.map((value) => ({
        id: value.id,
        kind: "flashcard" as const,
        front: value.front,
        back: value.back || "x",
        // Anki tags are space-separated: tags in CSV hold no whitespace
        tags: value.tags.map((t) => t.replace(/\s+/g, "_")),
      })),
    }));
    fc.assert(
      fc.property(flashcards, (set) => {
        const result = parseDelimitedItems(delimitedFromSet(set, separator));
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.items).toEqual(set.items);
      }),
      { numRuns: 300 },
    );
  });
});
