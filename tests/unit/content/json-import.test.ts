import { describe, expect, it } from "vitest";
import { jsonFromSet, parseJsonSet, questionSetJsonSchema } from "../../../lib/content";

const valid = {
  slug: "dns-basics",
  title: "DNS basics",
  items: [{ id: "q1", kind: "flashcard", front: "What is ndots?", back: "A threshold." }],
};

describe("parseJsonSet", () => {
  it("accepts the content format and fills defaults", () => {
    const result = parseJsonSet(JSON.stringify(valid));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.content.items[0]).toEqual({ ...valid.items[0], tags: [] });
    expect(result.content.interviewMinutes).toBe(20);
    expect(result.itemLines).toEqual({ q1: 1 });
  });

  it.each<[string, string, number, RegExp]>([
    ["a syntax error", '{\n  "slug": "x",\n  "title": "t",\n  "items": [,]\n}', 4, /Not valid JSON/],
    ["a trailing comma", '{\n  "slug": "x",\n  "title": "t",\n}', 4, /Not valid JSON/],
    [
      "a wrong type",
      '{\n  "slug": "x",\n  "title": 42,\n  "items": []\n}',
      3,
      /^The set's title must be text; found the number 42\.$/,
    ],
    [
      "a bad slug",
      '{\n  "slug": "Not A Slug",\n  "title": "t",\n  "items": []\n}',
      2,
      /^The set's slug must be lower-case words joined by '-'; found the text "Not A Slug"\.$/,
    ],
    [
      "an empty front in the third item",
      '{\n "slug": "x",\n "title": "t",\n "items": [\n  {"id": "a", "kind": "flashcard", "front": "f", "back": "b"},\n  {"id": "b", "kind": "flashcard", "front": "f", "back": "b"},\n  {"id": "c", "kind": "flashcard",\n   "front": "",\n   "back": "b"}\n ]\n}',
      8,
      /^Question 3's question must not be empty\.$/,
    ],
    [
      "an unknown item kind",
      '{\n "slug": "x",\n "title": "t",\n "items": [\n  {"id": "a", "kind": "essay", "front": "f", "back": "b"}\n ]\n}',
      5,
      /^Question 1's kind must be one of "flashcard", "freeform", "scenario"; found the text "essay"\.$/,
    ],
    [
      "a duplicate id",
      '{\n "slug": "x",\n "title": "t",\n "items": [\n  {"id": "a", "kind": "flashcard", "front": "f", "back": "b"},\n  {"id": "a", "kind": "flashcard", "front": "g", "back": "b"}\n ]\n}',
      6,
      /^Question 2's id "a" is already the id of question 1\.$/,
    ],
    [
      "an unknown concept in a rubric",
      '{\n "slug": "x",\n "title": "t",\n "items": [\n  {"id": "a", "kind": "freeform", "front": "f", "back": "b",\n   "rubric": {\n    "weights": {"warp-drive": 1}\n   }}\n ]\n}',
      7,
      /unknown concept id "warp-drive"/,
    ],
    ["a missing field", '{\n  "slug": "x",\n  "items": []\n}', 1, /^The set's title is missing; expected text\.$/],
  ])("reports %s with its line", (_name, text, line, message) => {
    const result = parseJsonSet(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual(expect.objectContaining({ line, message: expect.stringMatching(message) }));
  });

  it("refuses more than 5,000 items and files over 2 MB", () => {
    const many = { ...valid, items: Array.from({ length: 5_001 }, (_, i) => ({ ...valid.items[0], id: `q${i}` })) };
    const tooMany = parseJsonSet(JSON.stringify(many));
    expect(!tooMany.ok && tooMany.errors[0]?.message).toMatch(/at most 5,000/);
    const big = parseJsonSet(JSON.stringify({ ...valid, description: "x".repeat(2_200_000) }));
    expect(!big.ok && big.errors[0]?.message).toMatch(/2 MB/);
  });

  it("round-trips through jsonFromSet", () => {
    const first = parseJsonSet(JSON.stringify(valid));
    if (!first.ok) throw new Error("invalid");
    const again = parseJsonSet(jsonFromSet(first.content));
    expect(again.ok && again.content).toEqual(first.content);
  });
});

describe("questionSetJsonSchema", () => {
  it("describes the format for editors (draft 2020-12, items as a union of the three kinds)", () => {
    const schema = questionSetJsonSchema() as {
      $schema: string;
      required: string[];
      properties: { items: { items: { oneOf?: unknown[]; anyOf?: unknown[] } } };
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.required).toEqual(expect.arrayContaining(["slug", "title", "items"]));
    const union = schema.properties.items.items.oneOf ?? schema.properties.items.items.anyOf ?? [];
    expect(union).toHaveLength(3);
    expect(JSON.stringify(schema)).toContain('"kind"');
  });
});

describe("parseJsonSet: deeply nested input", () => {
  it("refuses JSON nested deeper than the limit, naming the line, before parsing it", () => {
    const deep = `{\n"title": "x",\n"slug": "x",\n"items": [],\n"extra": ${"[".repeat(5_000)}${"]".repeat(5_000)}\n}`;
    const result = parseJsonSet(deep);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ line: 5, message: expect.stringContaining("nested deeper than 64 levels") }]);
  });

  it("does not count brackets inside strings", () => {
    const text = JSON.stringify({ slug: "x", title: "x", items: [], description: "[".repeat(200) });
    expect(parseJsonSet(text).ok).toBe(true);
  });
});
