import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  boxesIntersect,
  boxInside,
  shortenText,
  textBox,
  textWidth,
  wrapText,
} from "../../../app/_components/svg-text";

describe("SVG text estimates", () => {
  it("measures 0.62 em per ASCII character in monospace, 0.68 in sans-serif, a full em outside ASCII", () => {
    expect(textWidth("", 11)).toBe(0);
    expect(textWidth("abcdefghij", 10)).toBeCloseTo(62);
    expect(textWidth("abcdefghij", 10, "sans")).toBeCloseTo(68);
    expect(textWidth("a → b", 10)).toBeCloseTo(4 * 6.2 + 10);
  });

  it("boxes text by its anchor", () => {
    const line = { y: 20, lines: ["0123456789"], fontSize: 10, lineHeight: 14, family: "mono" as const };
    expect(textBox({ ...line, x: 100, anchor: "start" }).x).toBeCloseTo(100);
    expect(textBox({ ...line, x: 100, anchor: "middle" }).x).toBeCloseTo(69);
    expect(textBox({ ...line, x: 100, anchor: "end" }).x).toBeCloseTo(38);
    const two = textBox({ ...line, x: 0, anchor: "start", lines: ["a", "b"] });
    expect(two.y).toBeCloseTo(10.5);
    expect(two.height).toBeCloseTo(9.5 + 14 + 2.5);
  });

  it("tells touching boxes from overlapping ones, and inside from outside", () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(boxesIntersect(a, { x: 10, y: 0, width: 5, height: 5 })).toBe(false);
    expect(boxesIntersect(a, { x: 9, y: 9, width: 5, height: 5 })).toBe(true);
    expect(boxInside({ x: 1, y: 1, width: 9, height: 9 }, a)).toBe(true);
    expect(boxInside({ x: 1, y: 1, width: 10, height: 9 }, a)).toBe(false);
  });

  it.each([
    ["ip-10-0-12-34.us-east-2.compute.internal", 30, ["ip-10-0-12-34.us-east-2.", "compute.internal"]],
    ["kube-system/coredns-5d78c9869d-abcde", 24, ["kube-system/coredns-", "5d78c9869d-abcde"]],
    ["Client node (netfilter)", 12, ["Client node ", "(netfilter)"].map((l) => l.trimEnd())],
    ["abcdefghijklmnop", 6, ["abcdef", "ghijkl", "mnop"]],
  ])("wraps %s at %i characters a line after its dots, dashes and slashes", (text, chars, lines) => {
    // 11 px monospace: a line of `chars` characters is chars × 6.82 px wide
    expect(wrapText(text, chars * 0.62 * 11 + 0.01, 11, 5)).toEqual({ lines, shortened: false });
  });

  it("shortens past the last line allowed, keeping the text's end", () => {
    const wrapped = wrapText("app/payments-api-canary-v2-7d9f8b6c5d-x2k9p", 16 * 6.82 + 0.01, 11, 2);
    expect(wrapped.shortened).toBe(true);
    // 16 characters a line; the ellipsis counts a full em (1.6 characters), leaving room for 14 more
    expect(wrapped.lines).toEqual(["app/payments-", "…9f8b6c5d-x2k9p"]);
  });

  it("keeps both ends when it shortens one line", () => {
    // 100 px at 11 px: the ellipsis (11 px) and 13 characters (6.82 px each), 7 from the start and 6 from the end
    expect(shortenText("10.42.2.124:54636 → 10.43.0.10:53", 100, 11)).toBe("10.42.2….10:53");
    expect(shortenText("short", 100, 11)).toBe("short");
  });

  it("never gives a line wider than asked, and loses no character unless it says it shortened", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9./ -]{0,120}$/),
        fc.integer({ min: 4, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        (text, chars, maxLines) => {
          const maxWidth = chars * 0.62 * 11;
          const { lines, shortened } = wrapText(text, maxWidth, 11, maxLines);
          expect(lines.length).toBeLessThanOrEqual(maxLines);
          for (const line of lines) expect(textWidth(line, 11)).toBeLessThanOrEqual(maxWidth + 1e-9);
          if (!shortened) expect(lines.join("").replaceAll(" ", "")).toBe(text.replaceAll(" ", ""));
          const short = shortenText(text, maxWidth, 11);
          expect(textWidth(short, 11)).toBeLessThanOrEqual(maxWidth + 1e-9);
        },
      ),
    );
  });
});
