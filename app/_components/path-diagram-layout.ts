/**
 * Layout of the correct-path diagram: a sequence diagram with one lane per place a packet visits (the
 * client, a cloud load balancer, the netfilter of the node the request enters, the DNS server, the backend's
 * node, the backend pod) and one row per hop of the trace, with the packet's addresses after each rewrite.
 * The client is a pod, a process on a node (its node's netfilter is then the one the request meets) or a
 * client outside the cluster (the request enters at the node the load balancer picked, or the node whose
 * NodePort it dialled). Pure: no React, so it can be unit-tested.
 *
 * Every text is measured (svg-text.ts) and placed so that no two texts overlap, none crosses a lifeline
 * and none leaves the drawing: lane names wrap onto two lines and are shortened past that (the component
 * shows the whole name as a tooltip), and lanes sit as far apart as their names and the hops' labels need.
 */
import type { DiagramTrace } from "@/lib/sim/diagram-trace";
import { namespacedName, nodeOrExternalClient } from "@/lib/sim/namespaced-name";
import type { Hop } from "@/lib/sim/types";
import { shortenText, textBox, textWidth, wrapText, type PlacedText, type TextBlock } from "./svg-text";

/** "client-pod" is the client's lane whatever the client is (a pod, a process on a node, a client outside). */
export type LaneId = "client-pod" | "load-balancer" | "client-node" | "coredns" | "backend-node" | "backend-pod";
export type HopMark = "matched" | "out-of-order" | "missing";

/** A text of the diagram: where it is drawn, the lines shown, and the whole text when they shorten it. */
export interface DiagramText extends PlacedText {
  readonly full: string;
  /** the lines show the text wrapped or cut: the component adds the whole text as a tooltip (SVG title) */
  readonly needsTitle: boolean;
}

export interface Lane {
  readonly id: LaneId;
  readonly title: string;
  readonly subtitle: string;
  readonly x: number;
  readonly titleText: DiagramText;
  readonly subtitleText: DiagramText | null;
}

export interface DiagramRow {
  /** index into trace.hops */
  readonly hopIndex: number;
  readonly kind: Hop["kind"];
  readonly from: LaneId;
  readonly to: LaneId;
  readonly y: number;
  readonly x1: number;
  readonly x2: number;
  /** an event at one lane rather than a packet moving between two */
  readonly self: boolean;
  /** "src → dst" when the hop carries a packet */
  readonly addresses: string | null;
  /** the address rewrite this hop performs, if any */
  readonly rewrite: "DNAT" | "SNAT" | "reverse NAT" | null;
  readonly summary: string;
  readonly mark: HopMark | null;
  /** "4. dns.service-nat  [DNAT]" */
  readonly labelText: DiagramText;
  readonly addressText: DiagramText | null;
  /** the learner's mark, in the gutter left of the lanes */
  readonly markText: DiagramText | null;
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly headerHeight: number;
  readonly lanes: readonly Lane[];
  readonly rows: readonly DiagramRow[];
  /** every text drawn, lanes' then rows' */
  readonly texts: readonly DiagramText[];
}

export const MARK_TEXT: Readonly<Record<HopMark, string>> = {
  matched: "✓ mentioned",
  "out-of-order": "↕ out of order",
  missing: "✗ missing",
};

export const FONT_SIZE = 11;
export const TITLE_FONT_SIZE = 12;
export const LINE_HEIGHT = 14;
export const ROW_HEIGHT = 46;
const MARGIN = 16;
/** a lane's name wraps at this width, onto at most two lines */
const LANE_TEXT_WIDTH = 200;
const LANE_TEXT_LINES = 2;
/** a hop's label or addresses are shortened past this width */
const ROW_TEXT_WIDTH = 380;
/** the least distance between two lanes, so every arrow can be seen */
const MIN_GAP = 110;
/** between a text and a lifeline or another text */
const CLEARANCE = 8;
/** a one-lane event's box: its half width, and where its label starts from the lifeline */
export const EVENT_HALF = 6;
const EVENT_TEXT_OFFSET = 12;

function rewriteOf(kind: Hop["kind"]): DiagramRow["rewrite"] {
  if (kind === "dns.service-nat" || kind === "proxy.dnat") return "DNAT";
  if (kind === "proxy.masquerade") return "SNAT";
  if (kind === "dns.reply" || kind === "conntrack.reverse") return "reverse NAT";
  return null;
}

interface Places {
  readonly client: { readonly kind: "pod" | "node" | "external"; readonly name: string };
  /** the node whose netfilter the request meets first: the client pod's, the client's own, or the entry node */
  readonly clientNode: string;
  readonly backendPod: string | null;
  readonly backendNode: string | null;
  readonly sameNode: boolean;
}

const nodeOfAt = (at: string) => (at.startsWith("node ") ? at.slice("node ".length) : null);

function placesOf(trace: DiagramTrace): Places {
  const from = trace.scenario.request.from;
  const pod = trace.scenario.pods.find((p) => namespacedName(p) === from);
  const client: Places["client"] = (pod === undefined ? nodeOrExternalClient(from) : null) ?? {
    kind: "pod",
    name: from,
  };
  const entryNode = trace.hops.map((h) => nodeOfAt(h.at)).find((n) => n !== null) ?? "";
  const clientNode = pod?.node ?? (client.kind === "node" ? client.name : client.kind === "external" ? entryNode : "");
  const backendPod = trace.connection?.backendPod ?? null;
  const backendNode = trace.connection?.backendNode ?? null;
  return {
    client,
    clientNode,
    backendPod,
    backendNode,
    sameNode: backendNode === null || backendNode === clientNode,
  };
}

/** Where a hop happens, from its `at` ("pod app/foo", "node node-1", "coredns kube-system/coredns-0"). */
function laneAt(at: string, places: Places): LaneId {
  const [what, ...rest] = at.split(" ");
  const name = rest.join(" ");
  if (what === "client") return "client-pod";
  if (what === "loadbalancer") return "load-balancer";
  if (what === "pod") {
    if (places.client.kind === "pod" && name === places.client.name) return "client-pod";
    return "backend-pod";
  }
  if (what === "node") {
    if (name === places.clientNode || places.sameNode) return "client-node";
    return "backend-node";
  }
  if (what === "nameserver" || (what !== undefined && what.includes("dns"))) return "coredns";
  return "client-node";
}

/** The DNS lane's name, from the servers the trace's lookups reach. */
function dnsTitle(trace: DiagramTrace): string {
  const names: Record<string, string> = {
    coredns: "CoreDNS",
    "node-local-dns": "NodeLocal DNSCache",
    nameserver: "DNS server",
  };
  const servers = trace.hops
    .filter((h) => h.kind === "dns.lookup")
    .map((h) => names[h.at.split(" ")[0] ?? ""] ?? "DNS server");
  return [...new Set(servers)].join(" + ") || "CoreDNS";
}

/** The lanes a hop's arrow joins: packets leave the client pod through its node's netfilter, and so on. */
function endpoints(trace: DiagramTrace, hopIndex: number, places: Places): { from: LaneId; to: LaneId } {
  const hop = trace.hops[hopIndex]!;
  const next = trace.hops[hopIndex + 1];
  const backendSide: LaneId = places.sameNode ? "client-node" : "backend-node";
  const outside = places.client.kind === "external";
  const here = laneAt(hop.at, places);
  switch (hop.kind) {
    case "dns.query":
      // through the node's netfilter when the Service address is rewritten there, else straight to the server
      return trace.hops.some((h) => h.kind === "dns.service-nat") || next?.kind !== "dns.lookup"
        ? { from: "client-pod", to: "client-node" }
        : { from: "client-pod", to: laneAt(next.at, places) };
    case "app.connect":
      // an outside client's connect is its own call; its routing (next) carries the packet to the cluster
      return outside ? { from: "client-pod", to: "client-pod" } : { from: "client-pod", to: "client-node" };
    case "dns.service-nat":
      return { from: "client-node", to: "coredns" };
    case "dns.reply":
      return { from: "coredns", to: "client-pod" };
    case "lb.select":
      return { from: "load-balancer", to: "client-node" };
    case "net.route":
      if (here === "client-pod") {
        // from outside: to the load balancer, or straight to the node whose address was dialled
        const to = next === undefined ? "client-node" : laneAt(next.at, places);
        return { from: "client-pod", to: to === "client-pod" ? "client-node" : to };
      }
      return { from: "client-node", to: places.sameNode ? "backend-pod" : "backend-node" };
    case "pod.receive":
      // Same node: net.route already delivered the packet to the pod; receiving is an event at the pod.
      return places.sameNode ? { from: "backend-pod", to: "backend-pod" } : { from: "backend-node", to: "backend-pod" };
    case "pod.reply":
      return { from: "backend-pod", to: backendSide };
    case "net.route-back":
      // the entry node's last hop sends the reply out to a client outside the cluster
      if (outside && next !== undefined && laneAt(next.at, places) === "client-pod") {
        return { from: here, to: "client-pod" };
      }
      return { from: backendSide, to: "client-node" };
    case "proxy.reject":
      // the node answers the client (ICMP or a reset) from where the rule matched
      return { from: here === "client-pod" ? "client-node" : here, to: "client-pod" };
    case "app.response":
      return outside ? { from: "client-pod", to: "client-pod" } : { from: "client-node", to: "client-pod" };
    default:
      return { from: here, to: here };
  }
}

function block(
  text: string,
  at: { x: number; y: number; anchor: TextBlock["anchor"] },
  options: { fontSize?: number; maxWidth: number; maxLines: number },
): DiagramText {
  const fontSize = options.fontSize ?? FONT_SIZE;
  const wrapped =
    options.maxLines === 1
      ? (() => {
          const line = shortenText(text, options.maxWidth, fontSize);
          return { lines: [line], shortened: line !== text };
        })()
      : wrapText(text, options.maxWidth, fontSize, options.maxLines);
  const base: TextBlock = { ...at, lines: wrapped.lines, fontSize, lineHeight: LINE_HEIGHT, family: "mono" };
  return { ...base, full: text, needsTitle: wrapped.shortened || wrapped.lines.length > 1, box: textBox(base) };
}

function rowLabel(kind: string, hopIndex: number, rewrite: DiagramRow["rewrite"]): string {
  return `${hopIndex + 1}. ${kind}${rewrite ? `  [${rewrite}]` : ""}`;
}

/** Where a hop's texts go: the gap between lanes `gap` and `gap + 1`, beside or between the lifelines. */
interface Placement {
  readonly gap: number;
  readonly side: "right-of-lane" | "left-of-lane" | "between";
}

function placementOf(from: number, to: number, laneCount: number): Placement {
  if (from === to) {
    return from < laneCount - 1 ? { gap: from, side: "right-of-lane" } : { gap: from - 1, side: "left-of-lane" };
  }
  // An arrow's label sits in the gap next to the lane the packet leaves: the whole label is between two
  // lifelines even when the arrow passes a lane it does not stop at.
  return { gap: from < to ? from : from - 1, side: "between" };
}

export function diagramLayout(trace: DiagramTrace, marks?: ReadonlyMap<number, HopMark>): DiagramLayout {
  const places = placesOf(trace);
  const usesCoreDns = trace.hops.some((h) => h.kind === "dns.lookup" || h.kind === "dns.service-nat");
  const ids: LaneId[] = ["client-pod"];
  if (trace.hops.some((h) => h.kind === "lb.select")) ids.push("load-balancer");
  ids.push("client-node");
  if (usesCoreDns) ids.push("coredns");
  if (!places.sameNode) ids.push("backend-node");
  if (trace.connection !== null) ids.push("backend-pod");
  const nameAt = (kind: Hop["kind"]) =>
    trace.hops
      .find((h) => h.kind === kind)
      ?.at.split(" ")
      .slice(1)
      .join(" ") ?? "";
  const clientTitles: Record<Places["client"]["kind"], string> = {
    pod: "Client pod",
    node: "Process on the node",
    external: "Client outside the cluster",
  };
  const nodeTitle =
    places.client.kind === "external"
      ? "Entry node (netfilter)"
      : places.sameNode && places.backendNode !== null
        ? "Node (netfilter)"
        : places.client.kind === "node"
          ? "Client's node (netfilter)"
          : "Client node (netfilter)";
  const describe: Record<LaneId, [string, string]> = {
    "client-pod": [clientTitles[places.client.kind], places.client.name],
    "load-balancer": ["Load balancer", nameAt("lb.select")],
    "client-node": [nodeTitle, places.clientNode],
    coredns: [dnsTitle(trace), nameAt("dns.lookup")],
    "backend-node": ["Backend node", places.backendNode ?? ""],
    "backend-pod": [
      places.backendPod !== null ? "Backend pod" : "Destination",
      places.backendPod ?? trace.connection?.dst ?? "",
    ],
  };
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  // A lane dropped from this trace (e.g. no CoreDNS hop) falls back to the client node.
  const laneOrClientNode = (id: LaneId): LaneId => (indexOf.has(id) ? id : "client-node");

  // Vertically: the lanes' names, then one band per hop; each text stays inside its band.
  const laneTexts = ids.map((id) => {
    const [title, subtitle] = describe[id];
    const titleText = block(
      title,
      { x: 0, y: 20, anchor: "middle" },
      { fontSize: TITLE_FONT_SIZE, maxWidth: LANE_TEXT_WIDTH, maxLines: 1 },
    );
    const subtitleText =
      subtitle === ""
        ? null
        : block(subtitle, { x: 0, y: 38, anchor: "middle" }, { maxWidth: LANE_TEXT_WIDTH, maxLines: LANE_TEXT_LINES });
    return { id, title, subtitle, titleText, subtitleText };
  });
  const subtitleLines = Math.max(1, ...laneTexts.map((l) => l.subtitleText?.lines.length ?? 0));
  const headerHeight = 38 + (subtitleLines - 1) * LINE_HEIGHT + 20;

  const rowPlans = trace.hops.map((hop, hopIndex) => {
    const ends = endpoints(trace, hopIndex, places);
    const from = laneOrClientNode(ends.from);
    const to = laneOrClientNode(ends.to);
    const rewrite = rewriteOf(hop.kind);
    const label = rowLabel(hop.kind, hopIndex, rewrite);
    const addresses = hop.packet ? `${hop.packet.src} → ${hop.packet.dst}` : null;
    const textWidthOf = (text: string | null) =>
      text === null ? 0 : Math.min(ROW_TEXT_WIDTH, textWidth(text, FONT_SIZE));
    const placement = placementOf(indexOf.get(from) ?? 0, indexOf.get(to) ?? 0, ids.length);
    return {
      hop,
      hopIndex,
      from,
      to,
      rewrite,
      label,
      addresses,
      placement,
      need: Math.max(textWidthOf(label), textWidthOf(addresses)),
    };
  });

  // Horizontally: a gutter for the learner's marks, then the lanes, each gap as wide as its texts need.
  const markWidth =
    marks && marks.size > 0 ? Math.max(...[...marks.values()].map((m) => textWidth(MARK_TEXT[m], FONT_SIZE))) : 0;
  const gutter = markWidth > 0 ? markWidth + 2 * CLEARANCE : 0;
  const halfWidth = laneTexts.map((l) => Math.max(l.titleText.box.width, l.subtitleText?.box.width ?? 0) / 2);
  const gaps = ids.slice(1).map((_, gap) => {
    const names = (halfWidth[gap] ?? 0) + (halfWidth[gap + 1] ?? 0) + 2 * CLEARANCE;
    const hops = rowPlans
      .filter((r) => r.placement.gap === gap)
      .map((r) => r.need + (r.placement.side === "between" ? 2 * CLEARANCE : EVENT_TEXT_OFFSET + CLEARANCE));
    return Math.max(MIN_GAP, names, ...hops);
  });
  const laneX: number[] = [MARGIN + gutter + (halfWidth[0] ?? 0)];
  gaps.forEach((gap, i) => laneX.push((laneX[i] ?? 0) + gap));
  const lastX = laneX[laneX.length - 1] ?? 0;
  const width = lastX + (halfWidth[halfWidth.length - 1] ?? 0) + MARGIN;
  const height = headerHeight + trace.hops.length * ROW_HEIGHT + MARGIN;

  const at = (text: DiagramText, x: number): DiagramText => {
    const moved: TextBlock = { ...text, x };
    return { ...text, x, box: textBox(moved) };
  };
  const lanes: Lane[] = laneTexts.map((l, i) => {
    const x = laneX[i] ?? 0;
    return {
      id: l.id,
      title: l.title,
      subtitle: l.subtitle,
      x,
      titleText: at(l.titleText, x),
      subtitleText: l.subtitleText ? at(l.subtitleText, x) : null,
    };
  });
  const xOf = (id: LaneId) => laneX[indexOf.get(id) ?? 0] ?? 0;

  const rows: DiagramRow[] = rowPlans.map((plan) => {
    const { hopIndex, placement } = plan;
    const y = headerHeight + ROW_HEIGHT / 2 + hopIndex * ROW_HEIGHT;
    const x1 = xOf(plan.from);
    const x2 = xOf(plan.to);
    const self = plan.from === plan.to;
    const left = laneX[placement.gap] ?? 0;
    const right = laneX[placement.gap + 1] ?? 0;
    const where: { x: number; anchor: TextBlock["anchor"] } =
      placement.side === "right-of-lane"
        ? { x: left + EVENT_TEXT_OFFSET, anchor: "start" }
        : placement.side === "left-of-lane"
          ? { x: right - EVENT_TEXT_OFFSET, anchor: "end" }
          : { x: (left + right) / 2, anchor: "middle" };
    const single = { maxWidth: ROW_TEXT_WIDTH, maxLines: 1 };
    const mark = marks?.get(hopIndex) ?? null;
    return {
      hopIndex,
      kind: plan.hop.kind,
      from: plan.from,
      to: plan.to,
      y,
      x1,
      x2,
      self,
      addresses: plan.addresses,
      rewrite: plan.rewrite,
      summary: plan.hop.summary,
      mark,
      labelText: block(plan.label, { ...where, y: self ? y - 3 : y - 6 }, single),
      addressText:
        plan.addresses === null ? null : block(plan.addresses, { ...where, y: self ? y + 12 : y + 14 }, single),
      markText: mark === null ? null : block(MARK_TEXT[mark], { x: MARGIN, y: y + 4, anchor: "start" }, single),
    };
  });
  const texts = [
    ...lanes.flatMap((l) => (l.subtitleText ? [l.titleText, l.subtitleText] : [l.titleText])),
    ...rows.flatMap((r) => [r.labelText, r.addressText, r.markText].filter((t): t is DiagramText => t !== null)),
  ];
  return { width, height, headerHeight, lanes, rows, texts };
}
