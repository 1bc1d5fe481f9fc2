import { describe, expect, it } from "vitest";
import { ankiFromSet, delimitedFromSet, parseDelimitedItems, parseRecords, renderMarkdown } from "../../../lib/content";
import type { QuestionSetContent } from "../../../lib/schemas/question-set";

function items(text: string, separator?: "," | "\t") {
  const result = parseDelimitedItems(text, separator ? { separator } : {});
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.items;
}

function errors(text: string) {
  const result = parseDelimitedItems(text);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("parseRecords (RFC 4180)", () => {
  it.each<[string, string, string[][]]>([
    [
      "plain fields",
      "a,b,c\r\nd,e,f\r\n",
      [
        ["a", "b", "c"],
        ["d", "e", "f"],
      ],
    ],
    ["a quoted comma", '"a,1",b\n', [["a,1", "b"]]],
    ["doubled quotes", '"say ""hi""",b\n', [['say "hi"', "b"]]],
    [
      "a line break inside quotes",
      '"line 1\r\nline 2",b\nnext,row',
      [
        ["line 1\r\nline 2", "b"],
        ["next", "row"],
      ],
    ],
    ["empty fields", ",,\n", [["", "", ""]]],
    ["no final line break", "a,b", [["a", "b"]]],
  ])("%s", (_name, text, expected) => {
    const { records, errors: found } = parseRecords(text, ",");
    expect(found).toEqual([]);
    expect(records.map((record) => record.fields)).toEqual(expected);
  });

  it("numbers records by the line they start on", () => {
    const { records } = parseRecords('a,"x\ny\nz"\nb,c\n', ",");
    expect(records.map((record) => record.line)).toEqual([1, 4]);
  });
});

describe("parseDelimitedItems", () => {
  it("reads front, back, tags; ids from the front's slug", () => {
    expect(items("What is a ClusterIP?,A virtual IP,services kube-proxy\n")).toEqual([
      {
        id: "what-is-a-clusterip",
        kind: "flashcard",
        front: "What is a ClusterIP?",
        back: "A virtual IP",
        tags: ["services", "kube-proxy"],
      },
    ]);
  });

  it("reads TSV, a header row in any order and an id column", () => {
    const tsv = "id\tback\tfront\nq-1\tBack **md**\tFront\n";
    expect(items(tsv)).toEqual([{ id: "q-1", kind: "flashcard", front: "Front", back: "Back **md**", tags: [] }]);
  });

  it("understands Anki's file headers", () => {
    const text = "#separator:tab\n#html:false\n#columns:Front\tBack\tTags\nQ one\tA one\tx y\n";
    expect(items(text)).toEqual([{ id: "q-one", kind: "flashcard", front: "Q one", back: "A one", tags: ["x", "y"] }]);
  });

  it.each<[string, string, number, RegExp]>([
    ["an unterminated quote", 'a,b\n"never closed,b\nc,d\n', 2, /never closed/],
    ["text after a closing quote", 'a,b\n"x"y,b\n', 2, /closing quote/],
    ["too many fields", "a,b,c,d,e\n", 1, /5 fields/],
    ["an empty front", "a,b\n,b\n", 2, /empty/],
    ["an empty back", "a,b\nc,\n", 2, /^This row's answer must not be empty\.$/],
    ["a bad id", "front,back,tags,id\na,b,,Not Valid\n", 2, /id "Not Valid"/],
    ["a duplicate id", "Same,b\nsame!,c\n", 2, /line 1/],
    ["a missing back column", "front,tags\na,b\n", 1, /No "back" column/],
  ])("reports %s with its line", (_name, text, line, message) => {
    expect(errors(text)).toContainEqual(expect.objectContaining({ line, message: expect.stringMatching(message) }));
  });

  it("turns HTML fields (#html:true, as Anki exports) back into Markdown, dropping scripts", () => {
    const text =
      "#separator:tab\n#html:true\n#columns:Front\tBack\tTags\n" +
      '<b>Which</b> <i>chain</i>?\t"<div>First <code>KUBE-SERVICES</code></div><ul><li>one</li><li>two &amp; three</li></ul><script>alert(1)</script><pre>-A X\n-A Y</pre>"\tnat\n';
    expect(items(text)).toEqual([
      {
        id: "which-chain",
        kind: "flashcard",
        front: "**Which** _chain_?",
        back: "First `KUBE-SERVICES`\n\n- one\n- two & three\n\n```\n-A X\n-A Y\n```",
        tags: ["nat"],
      },
    ]);
  });

  it("refuses more than 5,000 rows", () => {
    const text = Array.from({ length: 5_001 }, (_, i) => `q${i},a`).join("\n");
    expect(errors(text)[0]?.message).toMatch(/at most 5,000/);
  });
});

const set: QuestionSetContent = {
  slug: "s",
  title: "S",
  description: "",
  tags: [],
  interviewMinutes: 20,
  items: [
    {
      id: "a",
      kind: "flashcard",
      front: "Which `chain`?",
      back: "```\nKUBE-SERVICES\n```\n\n<script>alert(1)</script>",
      tags: ["kube proxy", "nat"],
    },
  ],
};

describe("exports", () => {
  it("CSV: header row, RFC 4180 quoting, re-imports to the same items", () => {
    const csv = delimitedFromSet(set, ",");
    expect(csv.startsWith("front,back,tags,id\r\n")).toBe(true);
    expect(csv).toContain('"```\nKUBE-SERVICES');
    expect(items(csv)[0]).toEqual({ ...set.items[0], tags: ["kube_proxy", "nat"] });
  });

  it("Anki TSV: Anki's headers, HTML fields, hostile markup gone", () => {
    const tsv = ankiFromSet(set, renderMarkdown);
    const lines = tsv.split("\n");
    expect(lines.slice(0, 3)).toEqual(["#separator:tab", "#html:true", "#columns:Front\tBack\tTags"]);
    expect(tsv).toContain("<code>chain</code>");
    expect(tsv).toContain("KUBE-SERVICES");
    expect(tsv).not.toMatch(/<script/i);
    expect(tsv.trimEnd().endsWith("\tkube_proxy nat")).toBe(true);
    // every data row is a valid TSV record with three fields
    const body = tsv
      .split("\n")
      .filter((line) => !line.startsWith("#"))
      .join("\n");
    const { records, errors: found } = parseRecords(body, "\t");
    expect(found).toEqual([]);
    expect(records.every((record) => record.fields.length === 3)).toBe(true);
    // and Hopdrill reads it back: HTML turned into Markdown again
    const again = items(tsv)[0];
    expect(again?.front).toBe("Which `chain`?");
    expect(again?.back).toContain("```\nKUBE-SERVICES\n```");
    expect(again?.back).not.toMatch(/script|alert/);
  });
});

describe("HTML fields decode entities once", () => {
  it("keeps &amp;lt; as the text &lt; inside code", () => {
    const result = parseDelimitedItems("#separator:tab\n#html:true\nQ\t<pre>a &amp;lt; b</pre>\n");
    expect(result.ok && result.items[0]?.back).toBe("```\na &lt; b\n```");
  });
});
