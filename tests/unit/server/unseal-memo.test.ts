import { describe, expect, it } from "vitest";
import { createUnsealMemo } from "@/lib/server/auth";

function counting(tokens: Record<string, string | null>) {
  const calls: string[] = [];
  const unseal = async (sealed: string) => {
    calls.push(sealed);
    return tokens[sealed] ?? null;
  };
  return { calls, unseal };
}

describe("createUnsealMemo", () => {
  it("unseals a cookie once within the time limit and again after it", async () => {
    const memo = createUnsealMemo({ ttlMs: 60_000, maxEntries: 10 });
    const { calls, unseal } = counting({ "sealed-a": "token-a" });
    expect(await memo.token("sealed-a", 0, unseal)).toBe("token-a");
    expect(await memo.token("sealed-a", 59_999, unseal)).toBe("token-a");
    expect(calls).toEqual(["sealed-a"]);
    expect(await memo.token("sealed-a", 60_000, unseal)).toBe("token-a");
    expect(calls).toEqual(["sealed-a", "sealed-a"]);
  });

  it("never remembers a cookie that did not unseal (tampered, expired, other secret)", async () => {
    const memo = createUnsealMemo({ ttlMs: 60_000, maxEntries: 10 });
    const { calls, unseal } = counting({ forged: null, empty: "" });
    expect(await memo.token("forged", 0, unseal)).toBeNull();
    expect(await memo.token("forged", 1, unseal)).toBeNull();
    expect(await memo.token("empty", 2, unseal)).toBeNull();
    expect(await memo.token("empty", 3, unseal)).toBeNull();
    expect(calls).toEqual(["forged", "forged", "empty", "empty"]);
  });

  it("keeps at most maxEntries cookies, forgetting the oldest first", async () => {
    const memo = createUnsealMemo({ ttlMs: 60_000, maxEntries: 2 });
    const { calls, unseal } = counting({ a: "1", b: "2", c: "3" });
    for (const sealed of ["a", "b", "c"]) await memo.token(sealed, 0, unseal);
    await memo.token("c", 1, unseal);
    await memo.token("b", 1, unseal);
    await memo.token("a", 1, unseal); // forgotten when c came in
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });
});
