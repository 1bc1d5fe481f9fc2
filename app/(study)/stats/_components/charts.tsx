"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { PlacedText } from "@/app/_components/svg-text";
import { forecastLayout, heatMapLayout, retentionLayout, stateLayout, type ChartDay } from "./chart-layout";
import styles from "../../study.module.css";

/**
 * The statistics page's SVG charts, laid out (chart-layout.ts) at the width of their card, measured in the
 * browser, so they fill it on a laptop and stay readable on a phone. Each is an image with a title and
 * description, followed by the same data as text (a list inside <details>), so nothing depends on seeing
 * the chart or its colours. Before the width is known (the server's render) they draw at 600 px, scaled.
 */

const FIRST_WIDTH = 600;

/** The content width of the element the ref is put on, kept up to date as it resizes. */
function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(FIRST_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(240, Math.floor(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function DataList({ summary, items }: { summary: string; items: readonly string[] }) {
  return (
    <details>
      <summary>{summary}</summary>
      {items.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** A chart's frame: an image with its title and description, at the measured width, and its data as a list. */
function Chart({
  testId,
  title,
  description,
  list,
  layout,
}: {
  testId: string;
  title: string;
  description: string;
  list?: { summary: string; items: readonly string[] };
  layout: (width: number) => { width: number; height: number; content: ReactNode };
}) {
  const id = useId().replaceAll(":", "");
  const [ref, width] = useWidth<HTMLElement>();
  const drawn = layout(width);
  return (
    <figure ref={ref} className={styles.chartFigure}>
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${drawn.width} ${drawn.height}`}
        width={drawn.width}
        height={drawn.height}
        className={styles.chart}
        data-testid={testId}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {drawn.content}
      </svg>
      {list ? (
        <figcaption>
          <DataList summary={list.summary} items={list.items} />
        </figcaption>
      ) : null}
    </figure>
  );
}

function Label({ text, fill = "var(--muted)" }: { text: PlacedText; fill?: string }) {
  return (
    <text x={text.x} y={text.y} textAnchor={text.anchor} fontSize={text.fontSize} fill={fill} data-chart-label="">
      {text.lines.map((line, i) => (
        <tspan key={i} x={text.x} dy={i === 0 ? 0 : text.lineHeight}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

type Days<T> = readonly (ChartDay & T)[];

export function ForecastChart({ data }: { data: Days<{ count: number }> }) {
  const max = Math.max(1, ...data.map((d) => d.count));
  const total = data.reduce((sum, d) => sum + d.count, 0);
  const names = new Map(data.map((d) => [d.day, d.name]));
  return (
    <Chart
      testId="forecast-chart"
      title="Due forecast, next 30 days"
      description={`${total} reviews due over the next 30 days; at most ${max} on one day.`}
      list={{
        summary: "Forecast as a list",
        items: data.filter((d) => d.count > 0).map((d) => `${d.name}: ${d.count} due`),
      }}
      layout={(width) => {
        const layout = forecastLayout(data, width);
        const base = layout.plot.top + layout.plot.height;
        return {
          width: layout.width,
          height: layout.height,
          content: (
            <>
              <line
                x1={layout.plot.left}
                y1={base}
                x2={layout.plot.left + layout.plot.width}
                y2={base}
                stroke="var(--border)"
              />
              {layout.bars.map((bar) => (
                <rect key={bar.day} x={bar.x} y={bar.y} width={bar.width} height={bar.height} fill="var(--accent)">
                  <title>{`${names.get(bar.day) ?? bar.day}: ${bar.count} due`}</title>
                </rect>
              ))}
              {layout.labels.map((label, i) => (
                <Label key={i} text={label} />
              ))}
            </>
          ),
        };
      }}
    />
  );
}

export function RetentionChart({ data }: { data: Days<{ reviews: number; passed: number }> }) {
  const reviews = data.reduce((s, d) => s + d.reviews, 0);
  const passed = data.reduce((s, d) => s + d.passed, 0);
  const overall = reviews > 0 ? `${Math.round((passed / reviews) * 100)}%` : "no reviews yet";
  const studied = data.filter((d) => d.reviews > 0);
  return (
    <Chart
      testId="retention-chart"
      title="Retention over the last 30 days"
      description={`Share of each day's first reviews not rated Again: ${overall} overall, over ${reviews} reviews.`}
      list={{
        summary: "Retention as a list",
        items: studied.map(
          (d) => `${d.name}: ${Math.round((d.passed / d.reviews) * 100)}% (${d.passed} of ${d.reviews})`,
        ),
      }}
      layout={(width) => {
        const layout = retentionLayout(data, width);
        const names = new Map(studied.map((d) => [d.day, `${d.name}: ${d.passed} of ${d.reviews} passed`]));
        return {
          width: layout.width,
          height: layout.height,
          content: (
            <>
              {layout.gridlines.map((g) => (
                <line
                  key={g.share}
                  x1={layout.plot.left}
                  x2={layout.plot.left + layout.plot.width}
                  y1={g.y}
                  y2={g.y}
                  stroke="var(--border)"
                  strokeDasharray="3 3"
                  data-gridline={g.share}
                />
              ))}
              {layout.labels.map((label, i) => (
                <Label key={i} text={label} />
              ))}
              {layout.empty ? <Label text={layout.empty} /> : null}
              {layout.points.length > 1 ? (
                <polyline
                  points={layout.points.map((p) => `${p.x},${p.y}`).join(" ")}
                  fill="none"
                  stroke="var(--ok)"
                  strokeWidth={2}
                />
              ) : null}
              {layout.points.map((p) => (
                <circle key={p.day} cx={p.x} cy={p.y} r={4} fill="var(--ok)">
                  <title>{names.get(p.day)}</title>
                </circle>
              ))}
            </>
          ),
        };
      }}
    />
  );
}

/** Light to dark; level 0 is a day without reviews. */
const HEAT_COLOURS = ["var(--border)", "#9ec5fe", "#5b9bf8", "#1d64d8", "#0b3d91"];

export function HeatMap({ data }: { data: Days<{ count: number }> }) {
  const max = Math.max(0, ...data.map((d) => d.count));
  const active = data.filter((d) => d.count > 0);
  const names = new Map(data.map((d) => [d.day, d.name]));
  return (
    <Chart
      testId="heatmap"
      title="Reviews per day, last 26 weeks"
      description={`${active.length} days with reviews; the busiest had ${max}. Darker squares mean more reviews.`}
      list={{ summary: "Days with reviews as a list", items: active.map((d) => `${d.name}: ${d.count} reviews`) }}
      layout={(width) => {
        const layout = heatMapLayout(data, width);
        return {
          width: layout.width,
          height: layout.height,
          content: (
            <>
              {layout.cells.map((c) => (
                <rect
                  key={c.day}
                  x={c.x}
                  y={c.y}
                  width={c.width}
                  height={c.height}
                  rx={2}
                  fill={HEAT_COLOURS[c.level]}
                  data-day={c.day}
                >
                  <title>{`${names.get(c.day) ?? c.day}: ${c.count} ${c.count === 1 ? "review" : "reviews"}`}</title>
                </rect>
              ))}
              {[...layout.monthLabels, ...layout.weekdayLabels].map((label, i) => (
                <Label key={i} text={label} />
              ))}
              <Label text={layout.legend.less} />
              {layout.legend.swatches.map((s, level) => (
                <rect
                  key={level}
                  x={s.x}
                  y={s.y}
                  width={s.width}
                  height={s.height}
                  rx={2}
                  fill={HEAT_COLOURS[level]}
                  data-legend={level}
                />
              ))}
              <Label text={layout.legend.more} />
            </>
          ),
        };
      }}
    />
  );
}

export function StateChart({ data }: { data: readonly { label: string; count: number }[] }) {
  const colours = ["var(--accent)", "var(--danger)", "var(--ok)", "var(--warn)"];
  return (
    <Chart
      testId="state-chart"
      title="Cards by state"
      description={data.map((d) => `${d.label}: ${d.count}`).join(", ")}
      layout={(width) => {
        const layout = stateLayout(data, width);
        return {
          width: layout.width,
          height: layout.height,
          content: layout.rows.map((row, i) => (
            <g key={row.label.lines[0]}>
              <Label text={row.label} fill="var(--text)" />
              <rect
                x={row.bar.x}
                y={row.bar.y}
                width={row.bar.width}
                height={row.bar.height}
                fill={colours[i % colours.length]}
              />
              <Label text={row.count} fill="var(--text)" />
            </g>
          )),
        };
      }}
    />
  );
}
