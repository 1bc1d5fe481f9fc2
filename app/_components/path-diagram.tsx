import { useId } from "react";
import type { Trace } from "@/lib/sim/types";
import { diagramLayout, type DiagramRow, type HopMark } from "./path-diagram-layout";

export interface PathDiagramProps {
  readonly trace: Trace;
  /** keyed by hop index into trace.hops: overlays a learner's order (mock-interview results) */
  readonly marks?: ReadonlyMap<number, "matched" | "out-of-order" | "missing">;
  readonly caption?: string;
}

const MARK_TEXT: Readonly<Record<HopMark, string>> = {
  matched: "✓ mentioned",
  "out-of-order": "↕ out of order",
  missing: "✗ missing",
};

const MARK_COLOUR: Readonly<Record<HopMark, string>> = {
  matched: "var(--ok)",
  "out-of-order": "var(--warn)",
  missing: "var(--danger)",
};

function rowColour(row: DiagramRow): string {
  if (row.mark !== null) return MARK_COLOUR[row.mark];
  return row.rewrite !== null ? "var(--accent)" : "var(--text)";
}

function rowTitle(row: DiagramRow): string {
  return [row.kind, row.rewrite ? `[${row.rewrite}]` : null, row.mark ? MARK_TEXT[row.mark] : null]
    .filter((part): part is string => part !== null)
    .join("  ");
}

/**
 * The correct path as a sequence diagram (server-renderable SVG): lanes for the client pod, the client
 * node's netfilter, CoreDNS, the backend's node and pod; an arrow per hop with the packet's addresses after
 * each rewrite (DNAT, SNAT, conntrack's reverse NAT). A text list carries the same content for screen
 * readers and for copying.
 */
export function PathDiagram({ trace, marks, caption }: PathDiagramProps) {
  const layout = diagramLayout(trace, marks);
  const id = useId().replaceAll(":", "");
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const arrowId = `${id}-arrow`;
  const rewrites = layout.rows.filter((row) => row.rewrite !== null).length;
  const heading = caption ?? "The packet's path";
  return (
    <figure className="path-diagram" style={{ margin: 0 }}>
      {/* Wide diagrams scroll sideways; the region is focusable so keyboard users can scroll it too. */}
      <div style={{ overflowX: "auto" }} tabIndex={0} role="region" aria-label={`${heading} (scrolls sideways)`}>
        <svg
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          style={{ maxWidth: "none", fontFamily: "var(--mono)", fontSize: 11 }}
        >
          <title id={titleId}>{heading}</title>
          <desc id={descId}>
            {`${layout.rows.length} hops across ${layout.lanes.map((l) => l.title).join(", ")}, with ${rewrites} address rewrites. The same path is listed as text below the diagram.`}
          </desc>
          <defs>
            <marker
              id={arrowId}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke" />
            </marker>
          </defs>
          {layout.lanes.map((lane) => (
            <g key={lane.id}>
              <text
                x={lane.x}
                y={22}
                textAnchor="middle"
                style={{ fontFamily: "system-ui, sans-serif", fontSize: 13, fontWeight: 600 }}
                fill="var(--text)"
              >
                {lane.title}
              </text>
              <text x={lane.x} y={40} textAnchor="middle" fill="var(--muted)">
                {lane.subtitle}
              </text>
              <line
                x1={lane.x}
                y1={layout.headerHeight - 12}
                x2={lane.x}
                y2={layout.height - 8}
                stroke="var(--border)"
                strokeWidth={2}
                strokeDasharray="4 4"
              />
            </g>
          ))}
          {layout.rows.map((row) => {
            const colour = rowColour(row);
            const dash = row.mark === "missing" ? "3 3" : row.mark === "out-of-order" ? "8 3" : undefined;
            if (row.self) {
              return (
                <g key={row.hopIndex} data-hop={row.hopIndex}>
                  <rect
                    x={row.x1 - 6}
                    y={row.y - 6}
                    width={12}
                    height={12}
                    rx={3}
                    fill="var(--surface)"
                    stroke={colour}
                    strokeWidth={2}
                    strokeDasharray={dash}
                  />
                  <text x={row.x1 + 12} y={row.y - 3} fill={colour}>
                    {`${row.hopIndex + 1}. ${rowTitle(row)}`}
                  </text>
                  {row.addresses ? (
                    <text x={row.x1 + 12} y={row.y + 12} fill="var(--muted)">
                      {row.addresses}
                    </text>
                  ) : null}
                </g>
              );
            }
            const left = Math.min(row.x1, row.x2);
            const mid = (row.x1 + row.x2) / 2;
            return (
              <g key={row.hopIndex} data-hop={row.hopIndex}>
                <line
                  x1={row.x1}
                  y1={row.y}
                  x2={row.x2}
                  y2={row.y}
                  stroke={colour}
                  strokeWidth={2}
                  strokeDasharray={dash}
                  markerEnd={`url(#${arrowId})`}
                />
                <text x={Math.max(left + 4, mid)} y={row.y - 6} textAnchor="middle" fill={colour}>
                  {`${row.hopIndex + 1}. ${rowTitle(row)}`}
                </text>
                {row.addresses ? (
                  <text x={Math.max(left + 4, mid)} y={row.y + 14} textAnchor="middle" fill="var(--muted)">
                    {row.addresses}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        <details>
          <summary>{heading}: as a list</summary>
          <ol className="path-list">
            {layout.rows.map((row) => (
              <li key={row.hopIndex}>
                <strong>{row.kind}</strong>
                {row.rewrite ? ` [${row.rewrite}]` : ""}
                {row.mark ? ` (${MARK_TEXT[row.mark]})` : ""}: {row.summary}
                {row.addresses ? (
                  <>
                    {" "}
                    <code>{row.addresses}</code>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </details>
      </figcaption>
    </figure>
  );
}
