import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAdmin, safeNextPath, toRole, type SessionUser } from "../../../lib/server/auth";

const learner: SessionUser = { id: "u1", email: "l@x.test", name: null, role: "learner", mustChangePassword: false };
const admin: SessionUser = { ...learner, id: "a1", email: "a@x.test", role: "admin" };

describe("role checks", () => {
  it.each([
    ["anonymous", null, { ok: false, code: "UNAUTHENTICATED" }],
    ["learner", learner, { ok: false, code: "FORBIDDEN" }],
    ["admin", admin, { ok: true }],
  ] as const)("admin area: %s", (_who, user, expected) => {
    expect(checkAdmin(user)).toMatchObject(expected);
  });

  it("maps unknown stored roles to the least privilege", () => {
    expect(toRole("admin")).toBe("admin");
    expect(toRole("learner")).toBe("learner");
    expect(toRole("superuser")).toBe("learner");
    expect(toRole("")).toBe("learner");
  });
});

describe("safeNextPath", () => {
  it.each([
    ["/sets/kubernetes-dns", "/sets/kubernetes-dns"],
    ["/admin?x=1", "/admin?x=1"],
    ["/interviews/abc/results#q2", "/interviews/abc/results#q2"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
    [undefined, "/"],
    [null, "/"],
  ])("%j → %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  // Open redirect (regression): a browser follows a Location the way the WHATWG URL parser reads it, which
  // drops ASCII tab and newline anywhere and C0 controls and spaces at the ends, and reads "\\" as "/" in
  // http(s) URLs (https://url.spec.whatwg.org/#concept-basic-url-parser). "/<TAB>/evil.example" passed the
  // old prefix checks and became "//evil.example".
  it.each([
    ["tab", "/\t/evil.example/phish"],
    ["line feed", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["tab then backslash", "/\t\\evil.example"],
    ["backslash then slash", "/\\/evil.example"],
    ["leading space", " //evil.example"],
    ["leading C0 control", "\u0000//evil.example"],
    ["leading unit separator", "\u001f//evil.example"],
    ["dot segment before //", "/..//evil.example/phish"],
    ["encoded dot segment before //", "/%2e%2e//evil.example"],
    ["dot segment deeper", "/sets/..//evil.example"],
    ["scheme-relative with tab inside the scheme", "ht\ttps://evil.example"],
    ["absolute with another host", "http://evil.example/sets"],
    ["userinfo trick", "/@evil.example"],
  ])("refuses %s", (_label, input) => {
    const result = safeNextPath(input);
    // what the browser would do with the answer: it must stay on our origin
    const base = "https://hopdrill.test";
    expect(new URL(result, base).origin, `${JSON.stringify(input)} → ${result}`).toBe(base);
    expect(result.startsWith("/") && !result.startsWith("//")).toBe(true);
  });

  it.each([
    // what the sign-in page receives after the query string is decoded (%09%5C, %0a, %E2%80%8B)
    ["/\t\\evil.example", "/"],
    ["/\n/x", "/"],
    ["/\u200b/x", "/%E2%80%8B/x"],
    ["/sets?q=a b", "/sets?q=a%20b"],
    ["  /sets", "/sets"],
  ])("answers %j with a path a Location header can carry: %j", (input, expected) => {
    const result = safeNextPath(input);
    expect(result).toBe(expected);
    // only visible ASCII: Node refuses anything else in a header (ERR_INVALID_CHAR, a 500)
    expect(result).toMatch(/^[\x21-\x7e]+$/);
  });

  it("keeps every same-origin path, query and fragment it is given", () => {
    fc.assert(
      fc.property(fc.webPath(), fc.webQueryParameters(), fc.webFragments(), (path, query, fragment) => {
        const input = `/${path.replace(/^\/+/, "")}${query ? `?${query}` : ""}${fragment ? `#${fragment}` : ""}`;
        const result = safeNextPath(input);
        const base = "https://hopdrill.test";
        expect(new URL(result, base).origin).toBe(base);
        if (!new URL(input, base).pathname.startsWith("//")) {
          expect(new URL(result, base).href).toBe(new URL(input, base).href);
        }
      }),
    );
  });

  it("never answers anything that leaves the origin, whatever it is given", () => {
    const base = "https://hopdrill.test";
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            "/",
            "\\",
            "\t",
            "\n",
            "\r",
            " ",
            "\u0000",
            ".",
            "..",
            "%2e",
            "@",
            ":",
            "evil.example",
            "%09",
            "%5C",
          ),
          {
            maxLength: 12,
          },
        ),
        (parts) => {
          const result = safeNextPath(parts.join(""));
          expect(new URL(result, base).origin).toBe(base);
          expect(result).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
