import { useId } from "react";
import type { DiagramTrace } from "@/lib/sim/diagram-trace";
import { ScrollRegion } from "./scroll-region";
import {
  diagramLayout,
  EVENT_HALF,
  LINE_HEIGHT,
  MARK_TEXT,
  type DiagramRow,
  type DiagramText,
  type HopMark,
} from "./path-diagram-layout";

export interface PathDiagramProps {
  readonly trace: DiagramTrace;
  /** keyed by hop index into trace.hops: overlays a learner's order (mock-interview results) */
  readonly marks?: ReadonlyMap<number, HopMark>;
  readonly caption?: string;
}

const MARK_COLOUR: Readonly<Record<HopMark, string>> = {
  matched: "var(--ok)",
  "out-of-order": "var(--warn)",
  missing: "var(--danger)",
};

function rowColour(row: DiagramRow): string {
  if (row.mark !== null) return MARK_COLOUR[row.mark];
  return row.rewrite !== null ? "var(--accent)" : "var(--text)";
}

/**
 * One measured text of the layout. A halo in the page's colour (paint-order: stroke) keeps an arrow or a
 * lifeline from running through the letters; a wrapped or shortened text carries its whole self as a tooltip.
 */
function Text({ text, fill, bold }: { text: DiagramText; fill: string; bold?: boolean }) {
  return (
    <text
      x={text.x}
      y={text.y}
      textAnchor={text.anchor}
      fill={fill}
      fontSize={text.fontSize}
      fontWeight={bold ? 700 : undefined}
      stroke="var(--surface)"
      strokeWidth={3}
      strokeLinejoin="round"
      paintOrder="stroke"
      data-diagram-text=""
    >
      {text.needsTitle ? <title>{text.full}</title> : null}
      {text.lines.length === 1
        ? text.lines[0]
        : text.lines.map((line, i) => (
            <tspan key={i} x={text.x} dy={i === 0 ? 0 : LINE_HEIGHT}>
              {line}
            </tspan>
          ))}
    </text>
  );
}

/**
 * The correct path as a sequence diagram (server-renderable SVG): lanes for the client pod, the client
 * node's netfilter, CoreDNS, the backend's node and pod; an arrow per hop with the packet's addresses after
 * each rewrite (DNAT, SNAT, conntrack's reverse NAT). Wider than a phone, it scrolls inside its own
 * focusable region. A text list carries the same content for screen readers and for copying.
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
      <ScrollRegion label={`${heading} (scrolls sideways)`}>
        <svg
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          style={{ maxWidth: "none", fontFamily: "var(--mono)", fontSize: 11, display: "block" }}
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
              <line
                x1={lane.x}
                y1={layout.headerHeight - 12}
                x2={lane.x}
                y2={layout.height - 8}
                stroke="var(--border)"
                strokeWidth={2}
                strokeDasharray="4 4"
              />
              <Text text={lane.titleText} fill="var(--text)" bold />
              {lane.subtitleText ? <Text text={lane.subtitleText} fill="var(--muted)" /> : null}
            </g>
          ))}
          {layout.rows.map((row) => {
            const colour = rowColour(row);
            const dash = row.mark === "missing" ? "3 3" : row.mark === "out-of-order" ? "8 3" : undefined;
            return (
              <g key={row.hopIndex} data-hop={row.hopIndex}>
                {row.self ? (
                  <rect
                    x={row.x1 - EVENT_HALF}
                    y={row.y - EVENT_HALF}
                    width={2 * EVENT_HALF}
                    height={2 * EVENT_HALF}
                    rx={3}
                    fill="var(--surface)"
                    stroke={colour}
                    strokeWidth={2}
                    strokeDasharray={dash}
                  />
                ) : (
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
                )}
                <Text text={row.labelText} fill={colour} />
                {row.addressText ? <Text text={row.addressText} fill="var(--muted)" /> : null}
                {row.markText ? <Text text={row.markText} fill={colour} bold /> : null}
              </g>
            );
          })}
        </svg>
      </ScrollRegion>
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
