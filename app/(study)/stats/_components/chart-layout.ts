/**
 * Layout of the statistics charts at the width their card gives them: bars, points, cells and every label,
 * measured (app/_components/svg-text.ts) so labels never overlap each other or the data and stay inside
 * the drawing. Pure: no React, so it can be unit-tested at a phone's width and a laptop's.
 */
import {
  placeText,
  textBox,
  textWidth,
  wrapText,
  type Box,
  type PlacedText,
  type TextBlock,
} from "@/app/_components/svg-text";

/** A study day with its names, written on the server in the learner's locale. */
export interface ChartDay {
  readonly day: string;
  /** short, for an axis: "8 Dec" */
  readonly label: string;
  /** long, for tooltips and lists: "Tuesday 8 December" */
  readonly name: string;
}

export const AXIS_FONT = 11;
const SMALL_FONT = 10;
const MESSAGE_FONT = 13;
const CHART_HEIGHT = 200;
const GAP = 8;

interface Plot {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

function plotOf(width: number, leftLabels: readonly string[]): Plot {
  const left = Math.max(...leftLabels.map((l) => textWidth(l, AXIS_FONT, "sans"))) + GAP + 2;
  const top = 12;
  return { left, top, width: Math.max(1, width - left - GAP), height: CHART_HEIGHT - top - 28 };
}

/** A label centred on x, moved inwards as far as it must to stay inside the drawing. */
function axisLabel(text: string, x: number, y: number, width: number): PlacedText {
  const half = textWidth(text, AXIS_FONT, "sans") / 2;
  const inside = Math.min(Math.max(x, half + 1), width - half - 1);
  return placeText(text, { x: inside, y, anchor: "middle" }, AXIS_FONT, "sans");
}

/** Labels along the x axis at the given positions, every k-th one, with k as small as keeps them apart. */
function xAxis(days: readonly { readonly x: number; readonly text: string }[], y: number, width: number) {
  for (const every of [1, 2, 3, 5, 7, 10, 15, 30]) {
    const labels = days.filter((_, i) => i % every === 0).map((d) => axisLabel(d.text, d.x, y, width));
    const apart = labels.every((l, i) => {
      const next = labels[i + 1];
      return next === undefined || l.box.x + l.box.width + GAP <= next.box.x;
    });
    if (apart) return labels;
  }
  return days.slice(0, 1).map((d) => axisLabel(d.text, d.x, y, width));
}

export interface Bar extends Box {
  readonly day: string;
  readonly count: number;
}

export interface ForecastLayout {
  readonly width: number;
  readonly height: number;
  readonly plot: Plot;
  readonly bars: readonly Bar[];
  readonly labels: readonly PlacedText[];
}

export function forecastLayout(data: readonly (ChartDay & { count: number })[], width: number): ForecastLayout {
  const max = Math.max(1, ...data.map((d) => d.count));
  const plot = plotOf(width, [String(max), "0"]);
  const step = plot.width / Math.max(1, data.length);
  const base = plot.top + plot.height;
  const bars = data.map((d, i) => {
    const height = (d.count / max) * plot.height;
    return {
      day: d.day,
      count: d.count,
      x: plot.left + i * step + 1,
      y: base - height,
      width: Math.max(1, step - 2),
      height,
    };
  });
  const xLabels = xAxis(
    data.map((d, i) => ({ x: plot.left + (i + 0.5) * step, text: i === 0 ? "today" : d.label })),
    CHART_HEIGHT - 8,
    width,
  );
  const yLabels = [
    placeText(String(max), { x: plot.left - GAP, y: plot.top + 4, anchor: "end" }, AXIS_FONT, "sans"),
    placeText("0", { x: plot.left - GAP, y: base, anchor: "end" }, AXIS_FONT, "sans"),
  ];
  return { width, height: CHART_HEIGHT, plot, bars, labels: [...yLabels, ...xLabels] };
}

export interface RetentionLayout {
  readonly width: number;
  readonly height: number;
  readonly plot: Plot;
  readonly gridlines: readonly { readonly share: number; readonly y: number }[];
  readonly points: readonly { readonly day: string; readonly x: number; readonly y: number; readonly share: number }[];
  readonly labels: readonly PlacedText[];
  /** when there is nothing to draw: the message, between the 100 % and 50 % lines */
  readonly empty: PlacedText | null;
}

export const RETENTION_EMPTY = "No reviews of studied cards in the last 30 days yet";

export function retentionLayout(
  data: readonly (ChartDay & { reviews: number; passed: number })[],
  width: number,
): RetentionLayout {
  const plot = plotOf(width, ["100%", "50%", "0%"]);
  const step = plot.width / Math.max(1, data.length - 1);
  const yOf = (share: number) => plot.top + plot.height * (1 - share);
  const gridlines = [0, 0.5, 1].map((share) => ({ share, y: yOf(share) }));
  const points = data.flatMap((d, i) =>
    d.reviews > 0
      ? [{ day: d.day, x: plot.left + i * step, y: yOf(d.passed / d.reviews), share: d.passed / d.reviews }]
      : [],
  );
  const yLabels = gridlines.map((g) =>
    placeText(`${g.share * 100}%`, { x: plot.left - GAP, y: g.y + 4, anchor: "end" }, AXIS_FONT, "sans"),
  );
  const first = data[0];
  const xLabels = [
    ...(first ? [axisLabel(first.label, plot.left, CHART_HEIGHT - 8, width)] : []),
    axisLabel("today", plot.left + plot.width, CHART_HEIGHT - 8, width),
  ];
  // Centred between the 100 % and the 50 % lines, so no gridline runs through the message; on a narrow
  // chart it wraps.
  const { lines } = wrapText(RETENTION_EMPTY, plot.width - 2 * GAP, MESSAGE_FONT, 3, "sans");
  const lineHeight = MESSAGE_FONT * 1.3;
  const block: TextBlock = {
    x: plot.left + plot.width / 2,
    y: yOf(0.75) + MESSAGE_FONT * 0.35 - ((lines.length - 1) * lineHeight) / 2,
    anchor: "middle",
    lines,
    fontSize: MESSAGE_FONT,
    lineHeight,
    family: "sans",
  };
  const message: PlacedText = { ...block, box: textBox(block) };
  return {
    width,
    height: CHART_HEIGHT,
    plot,
    gridlines,
    points,
    labels: [...yLabels, ...xLabels],
    empty: points.length === 0 ? message : null,
  };
}

const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
/** Monday-first rows; every other weekday is named, as calendars of reviews usually do */
const WEEKDAY_LABELS: readonly (readonly [row: number, text: string])[] = [
  [0, "Mon"],
  [2, "Wed"],
  [4, "Fri"],
];
export const HEAT_LEVELS = 5;

export interface HeatCell extends Box {
  readonly day: string;
  readonly count: number;
  /** 0 (no reviews) to HEAT_LEVELS - 1 */
  readonly level: number;
}

export interface HeatMapLayout {
  readonly width: number;
  readonly height: number;
  readonly cells: readonly HeatCell[];
  readonly monthLabels: readonly PlacedText[];
  readonly weekdayLabels: readonly PlacedText[];
  readonly legend: { readonly less: PlacedText; readonly more: PlacedText; readonly swatches: readonly Box[] };
}

function heatLevel(count: number, max: number): number {
  if (count === 0) return 0;
  return Math.min(HEAT_LEVELS - 1, 1 + Math.floor((count / Math.max(1, max)) * (HEAT_LEVELS - 1.001)));
}

/** 0 for Monday … 6 for Sunday. */
function weekdayRow(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Days as a calendar: a column per week, a row per weekday, month names above and a legend below. */
export function heatMapLayout(data: readonly { day: string; count: number }[], width: number): HeatMapLayout {
  const offset = data[0] ? weekdayRow(data[0].day) : 0;
  const columns = Math.max(1, Math.ceil((data.length + offset) / 7));
  const left = Math.max(...WEEKDAY_LABELS.map(([, t]) => textWidth(t, SMALL_FONT, "sans"))) + GAP;
  const top = SMALL_FONT + GAP;
  // square cells as large as the width allows, between 8 and 40 px a week
  const step = Math.min(40, Math.max(8, Math.floor((width - left - 1) / columns)));
  const gap = Math.max(2, Math.round(step * 0.18));
  const cell = step - gap;
  const max = Math.max(0, ...data.map((d) => d.count));
  const cells = data.map((d, i) => ({
    day: d.day,
    count: d.count,
    level: heatLevel(d.count, max),
    x: left + Math.floor((i + offset) / 7) * step,
    y: top + ((i + offset) % 7) * step,
    width: cell,
    height: cell,
  }));
  const gridRight = left + columns * step - gap;
  const gridBottom = top + 7 * step - gap;

  // A month's name over the week its first day falls in (and over the first week); when two would
  // overlap, the later month keeps its name.
  const monthLabels: PlacedText[] = [];
  data.forEach((d, i) => {
    if (i !== 0 && !d.day.endsWith("-01")) return;
    const name = MONTHS[Number(d.day.slice(5, 7)) - 1] ?? "";
    // over its week, or ending at the grid's right edge when the month starts in the last week
    const x = Math.min(left + Math.floor((i + offset) / 7) * step, gridRight - textWidth(name, SMALL_FONT, "sans"));
    const label = placeText(name, { x, y: SMALL_FONT }, SMALL_FONT, "sans");
    const previous = monthLabels.at(-1);
    if (previous && previous.box.x + previous.box.width + GAP / 2 > label.box.x) monthLabels.pop();
    monthLabels.push(label);
  });
  const weekdayLabels = WEEKDAY_LABELS.map(([row, text]) =>
    placeText(
      text,
      { x: left - GAP / 2, y: top + row * step + cell * 0.5 + SMALL_FONT * 0.35, anchor: "end" },
      SMALL_FONT,
      "sans",
    ),
  );

  // The legend under the grid's right end: Less ▢▢▢▢▢ More.
  const swatch = Math.min(cell, 12);
  const legendY = gridBottom + GAP;
  const more = placeText(
    "More",
    { x: gridRight, y: legendY + swatch * 0.5 + SMALL_FONT * 0.35, anchor: "end" },
    SMALL_FONT,
    "sans",
  );
  const swatchesRight = more.box.x - GAP / 2;
  const swatches = Array.from({ length: HEAT_LEVELS }, (_, level) => ({
    x: swatchesRight - (HEAT_LEVELS - level) * (swatch + 2) + 2,
    y: legendY,
    width: swatch,
    height: swatch,
  }));
  const less = placeText("Less", { x: (swatches[0]?.x ?? 0) - GAP / 2, y: more.y, anchor: "end" }, SMALL_FONT, "sans");
  return {
    width: Math.max(gridRight, more.box.x + more.box.width) + 1,
    height: legendY + Math.max(swatch, SMALL_FONT * 1.2) + 2,
    cells,
    monthLabels,
    weekdayLabels,
    legend: { less, more, swatches },
  };
}

export interface StateLayout {
  readonly width: number;
  readonly height: number;
  readonly rows: readonly { readonly label: PlacedText; readonly bar: Box; readonly count: PlacedText }[];
}

export function stateLayout(data: readonly { label: string; count: number }[], width: number): StateLayout {
  const rowHeight = 28;
  const labelWidth = Math.max(...data.map((d) => textWidth(d.label, MESSAGE_FONT, "sans"))) + 12;
  const countWidth = Math.max(...data.map((d) => textWidth(String(d.count), MESSAGE_FONT, "sans"))) + 6;
  const max = Math.max(1, ...data.map((d) => d.count));
  const barSpace = Math.max(1, width - labelWidth - countWidth - GAP);
  const rows = data.map((d, i) => {
    const bar = { x: labelWidth, y: i * rowHeight + 6, width: Math.max(1, (d.count / max) * barSpace), height: 18 };
    return {
      label: placeText(d.label, { x: 0, y: i * rowHeight + 19 }, MESSAGE_FONT, "sans"),
      bar,
      count: placeText(String(d.count), { x: bar.x + bar.width + 6, y: i * rowHeight + 19 }, MESSAGE_FONT, "sans"),
    };
  });
  return { width, height: data.length * rowHeight + 8, rows };
}
