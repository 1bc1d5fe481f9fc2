import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fieldInWords, parseJsonSet, parseMarkdownSet } from "../../../lib/content";

/** What a message for people never shows: zod's wording, schema paths, array indexes. */
const INTERNALS = /Invalid input|received|expected (string|number|array|object)|\b[a-z]+\.\d+\b|>=|<=/i;

describe("import errors are written for people (regression: 'items.2.rubric.weights.dnat: Invalid input: …')", () => {
  it("names the field in words, what was expected and what the file holds", () => {
    const json = JSON.stringify(
      {
        slug: "s",
        title: "T",
        items: [
          { id: "a", kind: "flashcard", front: "f", back: "b" },
          { id: "b", kind: "flashcard", front: "f", back: "b" },
          { id: "c", kind: "freeform", front: "q", back: "a", rubric: { weights: { dnat: "3" } } },
        ],
      },
      null,
      1,
    );
    const result = parseJsonSet(json);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        line: json.split("\n").findIndex((line) => line.includes('"dnat"')) + 1,
        path: "items.2.rubric.weights.dnat",
        message: `Question 3's rubric weight of "dnat" must be a number; found the text "3".`,
      },
    ]);
  });

  it.each([
    [["title"], "The set's title"],
    [["interviewMinutes"], "The mock interview length (interviewMinutes)"],
    [["items", 0, "back"], "Question 1's answer"],
    [["items", 4, "rubric", "samples", 1, "verdict"], "Question 5, sample answer 2's expected verdict"],
    [["items", 1, "rubric", "misconceptions", 0, "patterns", 2], "Question 2, misconception 1's patterns (entry 3)"],
    [["items", 2, "rubric", "synonyms", "dnat", 0], `Question 3's synonym 1 of "dnat"`],
    [["items", 2, "generator", "proxyModes", 0], "Question 3's generator option proxyModes (entry 1)"],
    [["items", 2, "tags", 3], "Question 3's tag 4"],
  ] as const)("%j is %j", (path, words) => {
    expect(fieldInWords(path)).toBe(words);
  });

  it("in a Markdown file, a question keeps its number when an earlier one was refused", () => {
    const text = "---\ntitle: T\n---\n\n## Bad {#Not Valid}\n\nA.\n\n## Good\n\nB.\n\n## Empty\n";
    const result = parseMarkdownSet(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.line, e.message])).toEqual([
      [5, expect.stringContaining("{#Not Valid}")],
      [13, "Question 3's answer must not be empty."],
    ]);
  });

  it("never shows schema internals, whatever value a field holds", () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
    );
    const fields = [
      ["slug"],
      ["title"],
      ["tags"],
      ["interviewMinutes"],
      ["items", 0, "id"],
      ["items", 0, "kind"],
      ["items", 0, "front"],
      ["items", 1, "back"],
      ["items", 1, "tags"],
      ["items", 1, "scenario"],
      ["items", 1, "rubric"],
      ["items", 1, "rubric", "weights"],
      ["items", 1, "rubric", "samples"],
      ["items", 2, "template"],
      ["items", 2, "generator"],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), junk, (path, value) => {
        const set: Record<string, unknown> = {
          slug: "s",
          title: "T",
          items: [
            { id: "a", kind: "flashcard", front: "f", back: "b" },
            { id: "b", kind: "freeform", front: "q", back: "a", rubric: { weights: {}, samples: [] } },
            { id: "c", kind: "scenario", front: "q", template: "dns-names", generator: {} },
          ],
        };
        let target: Record<string, unknown> = set;
        for (const key of path.slice(0, -1)) target = target[key as never] as Record<string, unknown>;
        target[path[path.length - 1] as never] = value;
        const result = parseJsonSet(JSON.stringify(set, null, 1));
        for (const error of result.ok ? [] : result.errors) {
          // what the file holds is quoted after "found": anything may stand there
          expect(error.message.split("; found ")[0]).not.toMatch(INTERNALS);
          expect(error.message).toMatch(/^[A-Z]/);
          expect(error.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("one root cause, one error (regression: a broken front matter gave four)", () => {
  it.each([
    ["a value with an unquoted colon", "---\ntitle: Kubernetes DNS: the path\n---\n", 2, /must be in quotes/],
    ["an unclosed list", "---\ntitle: T\ntags: [a, b\n---\n", 3, /not valid YAML/],
    ["an unclosed quote", '---\ntitle: "T\n---\n', 2, /not valid YAML/],
    ["a list instead of a mapping", "---\n- a\n- b\n---\n", 2, /must be a mapping/],
    ["a line without a colon", "---\ntitle Kubernetes DNS\n---\n", 2, /must be a mapping/],
  ])("%s: only the front matter's error", (_name, frontMatter, line, message) => {
    const result = parseMarkdownSet(`${frontMatter}\n## Q\n\nA.\n`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ line, message: expect.stringMatching(message) }]);
  });

  it("a missing title is said once, not again as missing title and slug fields", () => {
    const result = parseMarkdownSet("Intro only.\n\n## Q\n\nA.\n");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ line: 1, message: expect.stringMatching(/needs a title/) }]);
  });

  it("the questions are still checked below a broken front matter", () => {
    const result = parseMarkdownSet("---\ntitle: [x\n---\n\n## Q one\n\n## Q two\n\nA.\n");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.line)).toEqual([2, 5]);
  });

  it("a broken rubric block is one error", () => {
    const result = parseMarkdownSet(
      "---\ntitle: T\n---\n\n## Q\n\n```rubric\nweights: {dnat: [1, 2\nsamples: [\n```\n\nA.\n",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(1);
  });
});
