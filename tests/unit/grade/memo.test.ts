import { describe, expect, it } from "vitest";
import { remembered } from "../../../lib/grade/memo";

describe("remembered", () => {
  it("computes a key's value once, falsy values included, and each key on its own", () => {
    const map = new Map<string, boolean>();
    let calls = 0;
    const ask = (key: string) => remembered(map, key, () => (calls += 1) > 1);
    expect(ask("a")).toBe(false);
    expect(ask("a")).toBe(false);
    expect(calls).toBe(1);
    expect(ask("b")).toBe(true);
    expect(calls).toBe(2);
  });

  it("nests: an inner map per outer key", () => {
    const outer = new WeakMap<object, Map<number, string>>();
    const [one, two] = [{}, {}];
    const ask = (o: object, n: number) =>
      remembered(
        remembered(outer, o, () => new Map()),
        n,
        () => `${n}`,
      );
    expect(ask(one, 1)).toBe("1");
    expect(ask(two, 1)).toBe("1");
    expect(outer.get(one)?.size).toBe(1);
    expect(outer.get(two)?.size).toBe(1);
  });
});
