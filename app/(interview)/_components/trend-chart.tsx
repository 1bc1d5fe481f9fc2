import { plural } from "@/lib/content/plural";

export interface TrendPoint {
  /** when the interview started (ISO), for the order */
  readonly at: string;
  /** its date on the axis ("8 Dec") and in full in its tooltip, in the learner's zone */
  readonly label: string;
  readonly name: string;
  readonly score: number;
}

const WIDTH = 480;
const HEIGHT = 180;
const PAD = { left: 36, right: 12, top: 12, bottom: 28 };

/**
 * Scores of one set's interviews over time as an SVG line (server-rendered, no script). The points are also
 * described in text (title/desc), so the chart is not the only way to read the trend.
 */
export function TrendChart({ title, points }: { title: string; points: readonly TrendPoint[] }) {
  const sorted = [...points].sort((a, b) => a.at.localeCompare(b.at));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (sorted.length <= 1 ? innerW / 2 : (i / (sorted.length - 1)) * innerW);
  const y = (score: number) => PAD.top + innerH - (Math.max(0, Math.min(100, score)) / 100) * innerH;
  const line = sorted.map((p, i) => `${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(" ");
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const description =
    first && last
      ? `${plural(sorted.length, "interview")}; first score ${first.score}, latest ${last.score}. ` +
        `Scores in order: ${sorted.map((p) => p.score).join(", ")}.`
      : "No graded interviews yet.";
  const titleId = `trend-${title.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`;
  return (
    <svg
      className="trend-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${titleId}-title ${titleId}-desc`}
      data-testid="trend-chart"
    >
      <title id={`${titleId}-title`}>{`Score trend: ${title}`}</title>
      <desc id={`${titleId}-desc`}>{description}</desc>
      {[0, 35, 70, 100].map((v) => (
        <g key={v}>
          <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
            {v}
          </text>
        </g>
      ))}
      {sorted.length > 1 ? <polyline className="line" points={line} /> : null}
      {sorted.map((p, i) => (
        <circle key={`${p.at}-${i}`} className="point" cx={x(i)} cy={y(p.score)} r={4}>
          <title>{`${p.name}: ${p.score}`}</title>
        </circle>
      ))}
      {first ? (
        <text x={x(0)} y={HEIGHT - 8} textAnchor={sorted.length === 1 ? "middle" : "start"}>
          {first.label}
        </text>
      ) : null}
      {last && sorted.length > 1 ? (
        <text x={x(sorted.length - 1)} y={HEIGHT - 8} textAnchor="end">
          {last.label}
        </text>
      ) : null}
    </svg>
  );
}
