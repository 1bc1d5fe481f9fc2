import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  forecastLayout,
  heatMapLayout,
  HEAT_LEVELS,
  retentionLayout,
  RETENTION_EMPTY,
  stateLayout,
} from "../../../app/(study)/stats/_components/chart-layout";
import { boxesIntersect, boxInside, type Box, type PlacedText } from "../../../app/_components/svg-text";

/** A phone's card (390 px screen), a narrow column, a laptop's card. */
const WIDTHS = [300, 420, 1100];

function days(count: number, first = "2026-06-05"): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

const named = (day: string) => ({ day, label: `${Number(day.slice(8))}/${Number(day.slice(5, 7))}`, name: day });

function overlapping(labels: readonly PlacedText[], marks: readonly Box[] = []): string[] {
  const found: string[] = [];
  labels.forEach((label, i) => {
    for (const other of labels.slice(i + 1)) {
      if (boxesIntersect(label.box, other.box)) found.push(`"${label.lines[0]}" and "${other.lines[0]}"`);
    }
    for (const mark of marks) if (boxesIntersect(label.box, mark)) found.push(`"${label.lines[0]}" and a mark`);
  });
  return found;
}

const inside = (width: number, height: number) => (box: Box) => boxInside(box, { x: 0, y: 0, width, height });

describe("the due forecast", () => {
  it.each(WIDTHS)("fills a %i px card, with axis labels apart and inside it", (width) => {
    fc.assert(
      fc.property(fc.array(fc.nat(500), { minLength: 30, maxLength: 30 }), (counts) => {
        const layout = forecastLayout(
          days(30).map((d, i) => ({ ...named(d), count: counts[i] ?? 0 })),
          width,
        );
        expect(layout.width).toBe(width);
        const last = layout.bars.at(-1);
        expect((last?.x ?? 0) + (last?.width ?? 0)).toBeGreaterThan(width - 12);
        expect(overlapping(layout.labels, layout.bars)).toEqual([]);
        expect(layout.labels.every((l) => inside(width, layout.height)(l.box))).toBe(true);
        expect(layout.labels.some((l) => l.lines[0] === "today")).toBe(true);
        expect(layout.labels.filter((l) => l.anchor === "middle").length).toBeGreaterThanOrEqual(width > 1000 ? 10 : 3);
      }),
      { numRuns: 30 },
    );
  });
});

describe("retention", () => {
  const empty = days(30).map((d) => ({ ...named(d), reviews: 0, passed: 0 }));

  it.each(WIDTHS)("says so between the top and middle gridlines when there is nothing to draw, at %i px", (width) => {
    const layout = retentionLayout(empty, width);
    // the whole message, on as many lines as the width needs
    expect(layout.empty?.lines.join(" ")).toBe(RETENTION_EMPTY);
    expect(layout.empty?.lines.length).toBe(width > 1000 ? 1 : width > 400 ? 2 : 3);
    const box = layout.empty?.box;
    if (!box) throw new Error("no empty-state message");
    const [, half, full] = layout.gridlines;
    expect(half?.share).toBe(0.5);
    // every gridline passes above or below the message, none through it
    for (const line of layout.gridlines) expect(line.y < box.y || line.y > box.y + box.height).toBe(true);
    expect(box.y).toBeGreaterThan(full?.y ?? Infinity);
    expect(box.y + box.height).toBeLessThan(half?.y ?? -Infinity);
    expect(inside(width, layout.height)(box)).toBe(true);
    expect(overlapping([...layout.labels, layout.empty].filter((l) => l !== null))).toEqual([]);
  });

  it("draws a point per day with reviews, across the whole width, and no message", () => {
    const data = empty.map((d, i) => (i % 3 === 0 ? { ...d, reviews: 10, passed: i % 10 } : d));
    const layout = retentionLayout(data, 1100);
    expect(layout.empty).toBeNull();
    expect(layout.points).toHaveLength(10);
    expect(layout.points.at(-1)?.x).toBeGreaterThan(1000);
  });
});

describe("the review calendar", () => {
  it.each(WIDTHS)("has month and weekday names and a legend, none on the grid, at %i px", (width) => {
    const layout = heatMapLayout(
      days(182).map((day) => ({ day, count: day.endsWith("5") ? 7 : 0 })),
      width,
    );
    expect(layout.width).toBeLessThanOrEqual(width);
    const texts = [...layout.monthLabels, ...layout.weekdayLabels, layout.legend.less, layout.legend.more];
    expect(overlapping(texts, [...layout.cells, ...layout.legend.swatches])).toEqual([]);
    expect(texts.every((t) => inside(layout.width, layout.height)(t.box))).toBe(true);
    expect(layout.weekdayLabels.map((l) => l.lines[0])).toEqual(["Mon", "Wed", "Fri"]);
    // 5 June to 3 December: the first week's month, then each month over the week of its first day
    expect(layout.monthLabels.map((l) => l.lines[0])).toEqual(["Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]);
    expect(layout.legend.swatches).toHaveLength(HEAT_LEVELS);
    expect([layout.legend.less.lines[0], layout.legend.more.lines[0]]).toEqual(["Less", "More"]);
  });

  it("puts each day in its weekday's row (Monday first) and a week per column", () => {
    // 2026-06-05 is a Friday
    const layout = heatMapLayout(
      days(14).map((day) => ({ day, count: 1 })),
      600,
    );
    const [friday, saturday, , monday] = layout.cells;
    const top = Math.min(...layout.cells.map((c) => c.y));
    const step = (saturday?.y ?? 0) - (friday?.y ?? 0);
    expect(((friday?.y ?? 0) - top) / step).toBe(4);
    expect(monday?.x).toBeGreaterThan(friday?.x ?? Infinity);
    expect(monday?.y).toBe(top);
  });

  it("drops the first week's month name when the next month starts the week after", () => {
    // 28 May 2026 is a Thursday: June's name comes one column later and keeps its place
    const layout = heatMapLayout(
      days(182, "2026-05-28").map((day) => ({ day, count: 0 })),
      300,
    );
    expect(layout.monthLabels.map((l) => l.lines[0])).toEqual(["Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]);
    expect(overlapping(layout.monthLabels, layout.cells)).toEqual([]);
  });

  it("makes busier days darker", () => {
    const layout = heatMapLayout(
      days(7).map((day, i) => ({ day, count: [0, 1, 5, 10, 20, 40, 40][i] ?? 0 })),
      600,
    );
    const levels = layout.cells.map((c) => c.level);
    expect(levels[0]).toBe(0);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(levels.at(-1)).toBe(HEAT_LEVELS - 1);
  });
});

describe("cards by state", () => {
  it.each(WIDTHS)("gives the largest count a bar across the card, its number inside (%i px)", (width) => {
    const layout = stateLayout(
      [
        { label: "New", count: 120 },
        { label: "Learning", count: 3 },
        { label: "Review", count: 40 },
        { label: "Relearning", count: 0 },
      ],
      width,
    );
    const widest = layout.rows[0];
    expect((widest?.count.box.x ?? 0) + (widest?.count.box.width ?? 0)).toBeGreaterThan(width - 16);
    for (const row of layout.rows) {
      expect(inside(width, layout.height)(row.count.box)).toBe(true);
      expect(overlapping([row.label, row.count], [row.bar])).toEqual([]);
    }
  });
});
