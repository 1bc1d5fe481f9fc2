/**
 * Text in server-rendered SVG (the path diagram, the statistics charts): a deterministic width estimate, so a
 * layout can keep labels apart without a browser to measure them, and wrapping or shortening to a width.
 * Pure: no React, no DOM.
 *
 * The estimate is an upper bound for the fonts the diagrams ask for. Monospace: 0.62 em per character
 * (DejaVu Sans Mono and Menlo advance 0.602 em, SF Mono 0.6, Consolas 0.55). Sans-serif (system-ui):
 * 0.68 em, above the widest common UI fonts' average lower-case and digit advance (DejaVu Sans, Roboto,
 * Segoe UI, San Francisco). Any character outside ASCII (arrows, ✓, the ellipsis) counts a full em, since it
 * may come from a fallback font.
 */

export type FontFamily = "mono" | "sans";

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const ADVANCE: Readonly<Record<FontFamily, number>> = { mono: 0.62, sans: 0.68 };
/** above the baseline / below it, as a share of the font size (DejaVu and Menlo reach 0.93 and 0.24) */
const ASCENT = 0.95;
const DESCENT = 0.25;
export const ELLIPSIS = "…";

export function textWidth(text: string, fontSize: number, family: FontFamily = "mono"): number {
  let ems = 0;
  for (const ch of text) ems += ch.charCodeAt(0) < 0x80 ? ADVANCE[family] : 1;
  return ems * fontSize;
}

export interface TextBlock {
  readonly x: number;
  /** the first line's baseline */
  readonly y: number;
  readonly anchor: "start" | "middle" | "end";
  readonly lines: readonly string[];
  readonly fontSize: number;
  readonly lineHeight: number;
  readonly family: FontFamily;
}

/** The box a block of text covers (every line, ascenders to descenders). */
export function textBox(block: TextBlock): Box {
  const width = Math.max(0, ...block.lines.map((line) => textWidth(line, block.fontSize, block.family)));
  const left = block.anchor === "start" ? block.x : block.anchor === "middle" ? block.x - width / 2 : block.x - width;
  const top = block.y - ASCENT * block.fontSize;
  const bottom = block.y + (block.lines.length - 1) * block.lineHeight + DESCENT * block.fontSize;
  return { x: left, y: top, width, height: bottom - top };
}

/** A text placed in a drawing, with the box it covers. */
export interface PlacedText extends TextBlock {
  readonly box: Box;
}

/** One line of text at (x, baseline y). */
export function placeText(
  text: string,
  at: { readonly x: number; readonly y: number; readonly anchor?: TextBlock["anchor"] },
  fontSize: number,
  family: FontFamily = "mono",
): PlacedText {
  const block: TextBlock = {
    x: at.x,
    y: at.y,
    anchor: at.anchor ?? "start",
    lines: [text],
    fontSize,
    lineHeight: fontSize,
    family,
  };
  return { ...block, box: textBox(block) };
}

export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function boxInside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/** The end of `text` that fits `maxWidth` after a leading ellipsis. */
function tailThatFits(text: string, maxWidth: number, fontSize: number, family: FontFamily): string {
  const chars = [...text];
  let tail = "";
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const next = `${chars[i]}${tail}`;
    if (textWidth(ELLIPSIS + next, fontSize, family) > maxWidth) break;
    tail = next;
  }
  return ELLIPSIS + tail;
}

/** `text` in one line of at most `maxWidth`: whole when it fits, else its start and end around an ellipsis. */
export function shortenText(text: string, maxWidth: number, fontSize: number, family: FontFamily = "mono"): string {
  if (textWidth(text, fontSize, family) <= maxWidth) return text;
  const chars = [...text];
  let head = "";
  let tail = "";
  // Alternate from both ends, keeping the end (a pod name's hash, a port) as readable as the start.
  for (let i = 0, j = chars.length - 1; i <= j;) {
    const takeTail = tail.length < head.length;
    const candidate = takeTail ? `${head}${ELLIPSIS}${chars[j]}${tail}` : `${head}${chars[i]}${ELLIPSIS}${tail}`;
    if (textWidth(candidate, fontSize, family) > maxWidth) break;
    if (takeTail) {
      tail = `${chars[j]}${tail}`;
      j -= 1;
    } else {
      head = `${head}${chars[i]}`;
      i += 1;
    }
  }
  return `${head}${ELLIPSIS}${tail}`;
}

/** Pieces of a name that a line may end after: "ip-10-0-12-34.us-east-2." → "ip-", "10-", …, "us-", "east-", "2.". */
function pieces(text: string): string[] {
  return text.match(/[^\s./:_-]*(?:[\s./:_-]+|$)/g)?.filter((piece) => piece.length > 0) ?? [text];
}

/**
 * `text` wrapped to lines of at most `maxWidth`, breaking after dots, dashes, slashes, colons and spaces
 * (inside a piece longer than a line when there is no other way). Past `maxLines`, the last line keeps the
 * text's end after an ellipsis; `shortened` says so, and the caller shows the whole text in a title.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  fontSize: number,
  maxLines: number,
  family: FontFamily = "mono",
): { lines: string[]; shortened: boolean } {
  // Lines as cut from `text` (trailing spaces included), so the part past the last kept line is exact.
  const raw: string[] = [];
  let line = "";
  const fits = (candidate: string) => textWidth(candidate.trimEnd(), fontSize, family) <= maxWidth;
  for (const piece of pieces(text)) {
    if (fits(line + piece)) {
      line += piece;
      continue;
    }
    if (line.length > 0) raw.push(line);
    line = "";
    for (const ch of piece) {
      if (line.length > 0 && !fits(line + ch)) {
        raw.push(line);
        line = "";
      }
      line += ch;
    }
  }
  if (line.trim().length > 0) raw.push(line);
  const lines = raw.map((l) => l.trimEnd());
  if (lines.length <= maxLines) return { lines, shortened: false };
  const kept = lines.slice(0, Math.max(0, maxLines - 1));
  const rest = text.slice(raw.slice(0, kept.length).join("").length).trim();
  return { lines: [...kept, tailThatFits(rest, maxWidth, fontSize, family)], shortened: true };
}
