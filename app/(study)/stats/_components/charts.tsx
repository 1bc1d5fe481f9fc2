import { useId, type ReactNode } from "react";
import type { DayCount, RetentionPoint } from "@/lib/server/study";
import styles from "../../study.module.css";

/**
 * Small SVG charts for the statistics page. Each is an image with a title and description, followed by
 * the same data as text (a list inside <details>), so nothing depends on seeing the chart or its colours.
 */

function shortDay(day: string): string {
  const [, m, d] = day.split("-");
  return `${d}/${m}`;
}

function DataList({ summary, items }: { summary: string; items: readonly string[] }) {
  return (
    <details>
      <summary>{summary}</summary>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </details>
  );
}

/** A chart's frame: an image with its title and description, and the same data as a list under it. */
function Chart({
  testId,
  width,
  height,
  title,
  description,
  list,
  children,
}: {
  testId: string;
  width: number;
  height: number;
  title: string;
  description: string;
  list?: { summary: string; items: readonly string[] };
  children: ReactNode;
}) {
  const id = useId().replaceAll(":", "");
  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        className={styles.chart}
        data-testid={testId}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {children}
      </svg>
      {list ? (
        <figcaption>
          <DataList summary={list.summary} items={list.items} />
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A muted axis label. */
function Label({
  children,
  ...at
}: {
  x: number;
  y: number;
  textAnchor?: "start" | "middle" | "end";
  fontSize?: number;
  children: ReactNode;
}) {
  return (
    <text fontSize={11} fill="var(--muted)" {...at}>
      {children}
    </text>
  );
}

export function ForecastChart({ data }: { data: readonly DayCount[] }) {
  const width = 600;
  const height = 200;
  const pad = { top: 16, right: 8, bottom: 28, left: 36 };
  const max = Math.max(1, ...data.map((d) => d.count));
  const barWidth = (width - pad.left - pad.right) / data.length;
  const plotHeight = height - pad.top - pad.bottom;
  const total = data.reduce((sum, d) => sum + d.count, 0);
  return (
    <Chart
      testId="forecast-chart"
      width={width}
      height={height}
      title="Due forecast, next 30 days"
      description={`${total} reviews due over the next 30 days; at most ${max} on one day.`}
      list={{
        summary: "Forecast as a list",
        items: data.filter((d) => d.count > 0).map((d) => `${d.day}: ${d.count} due`),
      }}
    >
      <line
        x1={pad.left}
        y1={pad.top + plotHeight}
        x2={width - pad.right}
        y2={pad.top + plotHeight}
        stroke="var(--border)"
      />
      <Label x={pad.left - 6} y={pad.top + 4} textAnchor="end">
        {max}
      </Label>
      <Label x={pad.left - 6} y={pad.top + plotHeight} textAnchor="end">
        0
      </Label>
      {data.map((d, i) => {
        const h = (d.count / max) * plotHeight;
        const x = pad.left + i * barWidth;
        return (
          <g key={d.day}>
            <rect
              x={x + 1}
              y={pad.top + plotHeight - h}
              width={Math.max(1, barWidth - 2)}
              height={h}
              fill="var(--accent)"
            >
              <title>{`${d.day}: ${d.count} due`}</title>
            </rect>
            {i % 5 === 0 ? (
              <Label x={x + barWidth / 2} y={height - 8} textAnchor="middle">
                {i === 0 ? "today" : shortDay(d.day)}
              </Label>
            ) : null}
          </g>
        );
      })}
    </Chart>
  );
}

export function RetentionChart({ data }: { data: readonly RetentionPoint[] }) {
  const width = 600;
  const height = 200;
  const pad = { top: 16, right: 8, bottom: 28, left: 40 };
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  const step = plotWidth / Math.max(1, data.length - 1);
  const points = data
    .map((d, i) => ({ ...d, i }))
    .filter((d) => d.reviews > 0)
    .map((d) => ({ ...d, x: pad.left + d.i * step, y: pad.top + plotHeight * (1 - d.passed / d.reviews) }));
  const reviews = data.reduce((s, d) => s + d.reviews, 0);
  const passed = data.reduce((s, d) => s + d.passed, 0);
  const overall = reviews > 0 ? `${Math.round((passed / reviews) * 100)}%` : "no reviews yet";
  return (
    <Chart
      testId="retention-chart"
      width={width}
      height={height}
      title="Retention over the last 30 days"
      description={`Share of each day's first reviews not rated Again: ${overall} overall, over ${reviews} reviews.`}
      list={{
        summary: "Retention as a list",
        items: points.map(
          (p) => `${p.day}: ${Math.round((p.passed / p.reviews) * 100)}% (${p.passed} of ${p.reviews})`,
        ),
      }}
    >
      {[0, 0.5, 1].map((v) => (
        <g key={v}>
          <line
            x1={pad.left}
            x2={width - pad.right}
            y1={pad.top + plotHeight * (1 - v)}
            y2={pad.top + plotHeight * (1 - v)}
            stroke="var(--border)"
            strokeDasharray="3 3"
          />
          <Label x={pad.left - 6} y={pad.top + plotHeight * (1 - v) + 4} textAnchor="end">
            {`${v * 100}%`}
          </Label>
        </g>
      ))}
      {points.length === 0 ? (
        <text
          x={pad.left + plotWidth / 2}
          y={pad.top + plotHeight / 2}
          textAnchor="middle"
          fontSize={13}
          fill="var(--muted)"
        >
          No reviews of studied cards in the last 30 days yet
        </text>
      ) : null}
      {points.length > 1 ? (
        <polyline
          points={points.map((p) => `${p.x},${p.y}`).join(" ")}
          fill="none"
          stroke="var(--ok)"
          strokeWidth={2}
        />
      ) : null}
      {points.map((p) => (
        <circle key={p.day} cx={p.x} cy={p.y} r={4} fill="var(--ok)">
          <title>{`${p.day}: ${p.passed} of ${p.reviews} passed`}</title>
        </circle>
      ))}
      <Label x={pad.left} y={height - 8}>
        {shortDay(data[0]?.day ?? "")}
      </Label>
      <Label x={width - pad.right} y={height - 8} textAnchor="end">
        today
      </Label>
    </Chart>
  );
}

const HEAT_LEVELS = ["var(--border)", "#9ec5fe", "#5b9bf8", "#1d64d8", "#0b3d91"];

function level(count: number, max: number): number {
  if (count === 0) return 0;
  return Math.min(4, 1 + Math.floor((count / Math.max(1, max)) * 3.999));
}

export function HeatMap({ data }: { data: readonly DayCount[] }) {
  const cell = 13;
  const gap = 3;
  const weeks = Math.ceil(data.length / 7);
  const width = weeks * (cell + gap) + 30;
  const height = 7 * (cell + gap) + 20;
  const max = Math.max(0, ...data.map((d) => d.count));
  const active = data.filter((d) => d.count > 0);
  return (
    <Chart
      testId="heatmap"
      width={width}
      height={height}
      title="Reviews per day, last 26 weeks"
      description={`${active.length} days with reviews; the busiest had ${max}. Darker squares mean more reviews.`}
      list={{ summary: "Days with reviews as a list", items: active.map((d) => `${d.day}: ${d.count} reviews`) }}
    >
      {data.map((d, i) => {
        const week = Math.floor(i / 7);
        const row = i % 7;
        return (
          <rect
            key={d.day}
            x={30 + week * (cell + gap)}
            y={row * (cell + gap)}
            width={cell}
            height={cell}
            rx={2}
            fill={HEAT_LEVELS[level(d.count, max)]}
          >
            <title>{`${d.day}: ${d.count} reviews`}</title>
          </rect>
        );
      })}
      <Label x={0} y={cell} fontSize={10}>
        {shortDay(data[0]?.day ?? "")}
      </Label>
      <Label x={width} y={height - 4} fontSize={10} textAnchor="end">
        today
      </Label>
    </Chart>
  );
}

export function StateChart({ data }: { data: readonly { label: string; count: number }[] }) {
  const width = 400;
  const rowHeight = 28;
  const height = data.length * rowHeight + 8;
  const max = Math.max(1, ...data.map((d) => d.count));
  const colours = ["var(--accent)", "var(--danger)", "var(--ok)", "var(--warn)"];
  return (
    <Chart
      testId="state-chart"
      width={width}
      height={height}
      title="Cards by state"
      description={data.map((d) => `${d.label}: ${d.count}`).join(", ")}
    >
      {data.map((d, i) => {
        const w = (d.count / max) * (width - 160);
        return (
          <g key={d.label}>
            <text x={0} y={i * rowHeight + 19} fontSize={13} fill="var(--text)">
              {d.label}
            </text>
            <rect x={100} y={i * rowHeight + 6} width={Math.max(1, w)} height={18} fill={colours[i % colours.length]} />
            <text x={106 + w} y={i * rowHeight + 19} fontSize={13} fill="var(--text)">
              {d.count}
            </text>
          </g>
        );
      })}
    </Chart>
  );
}
