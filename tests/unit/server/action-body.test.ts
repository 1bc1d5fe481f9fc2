import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionBodyKind, formActionBodyProblem, MAX_ACTION_DEPTH, textActionBodyProblem } from "@/lib/server/http";

// React's own encoder for server action arguments, as Next.js ships it to the browser
const require = createRequire(import.meta.url);
const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node.js") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

describe("textActionBodyProblem", () => {
  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["not json", /not valid JSON/],
    ["{}", /JSON array/],
    ['"text"', /JSON array/],
    ['["$1"]', /part it does not have \(at \$\[0\]\)/],
    ['[{"a":"$Q1"}]', /at \$\[0\]\.a/],
    ['[["$K2"]]', /at \$\[0\]\[0\]/],
    ['["$@1"]', /part it does not have/],
    ['["$"]', /part it does not have/],
  ])("refuses %j", (body, message) => {
    expect(textActionBodyProblem(body)).toMatch(message);
  });

  it.each([
    "[]",
    '[{"rating":{"cardId":"c1","rating":3}}]',
    '["$$starts with a dollar"]',
    '["$undefined","$NaN","$Infinity","$-Infinity","$-0"]',
    '["$D2026-11-26T10:00:00.000Z","$n12345678901234567890"]',
    '[{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}]',
  ])("accepts %s", (body) => {
    expect(textActionBodyProblem(body)).toBeNull();
  });

  it(`refuses nesting deeper than ${MAX_ACTION_DEPTH} levels without overflowing the stack`, () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(textActionBodyProblem(deep)).toMatch(/deeper than 64/);
    const fits = "[".repeat(MAX_ACTION_DEPTH) + "]".repeat(MAX_ACTION_DEPTH);
    expect(textActionBodyProblem(fits)).toBeNull();
  });

  it("refuses a NUL character in any argument, naming where (PostgreSQL cannot store one)", () => {
    expect(textActionBodyProblem(JSON.stringify([{ answer: "a\u0000b" }]))).toBe(
      "The action request's argument 0.answer must not contain the NUL character (U+0000).",
    );
  });

  it("refuses a NUL character in a form field or file", async () => {
    const form = new FormData();
    form.set("title", "fine");
    form.set("text", new Blob(["## Q\n\nA\u0000\n"]), "set.md");
    expect(await formActionBodyProblem(form)).toBe(
      "The action request's field text must not contain the NUL character (U+0000).",
    );
    form.set("text", "## Q\n\nA\n");
    expect(await formActionBodyProblem(form)).toBeNull();
  });

  it("accepts every body React encodes for plain arguments (strings with $ included, NUL refused by design)", async () => {
    const noNul = (s: string) => !s.includes("\u0000");
    const text = fc.oneof(
      fc.string().filter(noNul),
      fc
        .string()
        .filter(noNul)
        .map((s) => `$${s}`),
    );
    const plain = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        text,
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.date({ noInvalidDate: true }),
        fc.bigInt(),
        fc.array(tie("value"), { maxLength: 4 }),
        // plain objects (fast-check may build them without a prototype, which React refuses to send)
        fc
          .dictionary(
            fc.string().filter((k) => k !== "__proto__" && noNul(k)),
            tie("value"),
            { maxKeys: 4 },
          )
          .map((d) => ({ ...d })),
      ),
    }));
    await fc.assert(
      fc.asyncProperty(fc.array(plain.value, { maxLength: 3 }), async (args) => {
        const body = await encodeReply(args);
        expect(typeof body).toBe("string");
        expect(textActionBodyProblem(body as string)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe("actionBodyKind", () => {
  it.each([
    ["text/plain;charset=UTF-8", "text"],
    ["TEXT/PLAIN", "text"],
    ["multipart/form-data; boundary=----x", "multipart"],
    ["application/x-www-form-urlencoded", "other"],
    [null, "other"],
  ] as const)("%s → %s", (header, kind) => {
    expect(actionBodyKind(header)).toBe(kind);
  });
});
