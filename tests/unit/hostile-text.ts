/**
 * fast-check generators of text that has made parsers, renderers and the grader slow or crash: pathological
 * Unicode, long tokens and nested Markdown (hostile input, items 1, 6, 7 and 13). Shared by the content fuzz
 * test (tests/unit/content/hostile-text.test.ts) and the route fuzz test (tests/unit/server/fuzz.test.ts).
 */
import fc from "fast-check";

/** The longest item text (lib/schemas/question-set.ts). */
export const MAX_TEXT = 50_000;

// Code points that grow under NFKC (U+2177 → "viii", U+FDFA → 18 letters), combine, join, hide, reorder,
// are unpaired halves, or end lines only for some parsers (U+2028/9, NEL); plus fullwidth look-alikes of
// Markdown syntax and an emoji ZWJ family.
const UNICODE_UNITS = [
  "\u2177",
  "\ufdfa",
  "\u0301",
  "\u0301\u0302\u0303",
  "\u200b",
  "\u200d",
  "\ufeff",
  "\u202e",
  "\u2066",
  "\ud800",
  "\udfff",
  "\u2028",
  "\u2029",
  "\u0085",
  "\u0000",
  "\u00a0",
  "\u3000",
  "＃",
  "＞",
  "＊",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈",
  "é",
  "a",
  " ",
  "\n",
];

/** Text made of those units, up to `max` units long. */
export function pathologicalUnicode(max = 2_000): fc.Arbitrary<string> {
  return fc.oneof(
    fc.array(fc.constantFrom(...UNICODE_UNITS), { maxLength: max }).map((units) => units.join("")),
    // one unit, repeated: the shape that made the grader quadratic (20,000 × U+2177)
    fc
      .tuple(fc.constantFrom(...UNICODE_UNITS), fc.integer({ min: 1, max: 20_000 }))
      .map(([unit, count]) => unit.repeat(count)),
  );
}

/** A token with nothing to break or split at, alone or where a pattern looks for one (heading, link, code). */
export function longToken(max = MAX_TEXT - 20): fc.Arbitrary<string> {
  const token = fc
    .tuple(
      fc.constantFrom("x", "a.", "-", "_", "/", "ⅷ", "é", " ", "\t", "0", "#", "`", "{#"),
      fc.integer({ min: 1_000, max }),
    )
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
  return fc
    .tuple(
      fc.constantFrom("", "## a", "# ", "[", "<", "`", "https://example.test/", "| "),
      token,
      fc.constantFrom("", "b", "#", "}", "`", " |"),
    )
    .map(([before, body, after]) => `${before}${body}${after}`);
}

// Openers that nest (containers) or pile up delimiters in one paragraph (emphasis, links, HTML, bash `${`)
const NESTING_UNITS = [
  "> ",
  "- ",
  "* ",
  "1. ",
  "  - ",
  ">",
  "[",
  "![",
  "_a*",
  "*a ",
  "**",
  "~~",
  "<!--",
  "<a ",
  "`",
  "${",
  "(",
  "\\",
];

/** Nested Markdown: one opener repeated to `depth`, or a mix, optionally inside a fence (bash highlights `${`). */
export function nestedMarkdown(maxDepth = 20_000): fc.Arbitrary<string> {
  const repeated = fc
    .tuple(fc.constantFrom(...NESTING_UNITS), fc.integer({ min: 1, max: maxDepth }))
    .map(([unit, depth]) => `${unit.repeat(depth)}a`.slice(0, MAX_TEXT));
  const mixed = fc
    .array(fc.constantFrom(...NESTING_UNITS, "a", " ", "\n", "\n\n"), { maxLength: 4_000 })
    .map((units) => units.join(""));
  const text = fc.oneof(repeated, mixed);
  return fc.oneof(
    text,
    text.map((body) => `\`\`\`bash\n${body}\n\`\`\``.slice(0, MAX_TEXT)),
    text.map((body) => `intro\n\n${body}`),
  );
}

/** Any of the three. */
export function hostileText(): fc.Arbitrary<string> {
  return fc.oneof(pathologicalUnicode(), longToken(), nestedMarkdown());
}
