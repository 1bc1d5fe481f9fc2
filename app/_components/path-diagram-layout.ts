/**
 * Layout of the correct-path diagram: a sequence diagram with one lane per place a packet visits (client
 * pod, the client node's netfilter, CoreDNS, the backend's node, the backend pod) and one row per hop of the
 * trace, with the packet's addresses after each rewrite. Pure: no React, so it can be unit-tested.
 */
import type { Hop, Trace } from "@/lib/sim/types";

export type LaneId = "client-pod" | "client-node" | "coredns" | "backend-node" | "backend-pod";
export type HopMark = "matched" | "out-of-order" | "missing";

export interface Lane {
  readonly id: LaneId;
  readonly title: string;
  readonly subtitle: string;
  readonly x: number;
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
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly headerHeight: number;
  readonly lanes: readonly Lane[];
  readonly rows: readonly DiagramRow[];
}

export const LANE_WIDTH = 220;
export const ROW_HEIGHT = 46;
export const HEADER_HEIGHT = 64;
const MARGIN = 20;

function rewriteOf(kind: Hop["kind"]): DiagramRow["rewrite"] {
  if (kind === "dns.service-nat" || kind === "proxy.dnat") return "DNAT";
  if (kind === "proxy.masquerade") return "SNAT";
  if (kind === "dns.reply" || kind === "conntrack.reverse") return "reverse NAT";
  return null;
}

interface Places {
  readonly clientPod: string;
  readonly clientNode: string;
  readonly backendPod: string | null;
  readonly backendNode: string | null;
  readonly sameNode: boolean;
}

function placesOf(trace: Trace): Places {
  const clientPod = trace.scenario.request.from;
  const client = trace.scenario.pods.find((p) => `${p.namespace}/${p.name}` === clientPod);
  const clientNode = client?.node ?? "";
  const backendPod = trace.connection?.backendPod ?? null;
  const backendNode = trace.connection?.backendNode ?? null;
  return {
    clientPod,
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
  if (what === "pod") {
    if (name === places.clientPod) return "client-pod";
    return "backend-pod";
  }
  if (what === "node") {
    if (name === places.clientNode || places.sameNode) return "client-node";
    return "backend-node";
  }
  if (what !== undefined && what.includes("dns")) return "coredns";
  return "client-node";
}

/** The lanes a hop's arrow joins: packets leave the client pod through its node's netfilter, and so on. */
function endpoints(hop: Hop, places: Places): { from: LaneId; to: LaneId } {
  const backendSide: LaneId = places.sameNode ? "client-node" : "backend-node";
  switch (hop.kind) {
    case "dns.query":
    case "app.connect":
      return { from: "client-pod", to: "client-node" };
    case "dns.service-nat":
      return { from: "client-node", to: "coredns" };
    case "dns.reply":
      return { from: "coredns", to: "client-pod" };
    case "net.route":
      return { from: "client-node", to: places.sameNode ? "backend-pod" : "backend-node" };
    case "pod.receive":
      // Same node: net.route already delivered the packet to the pod; receiving is an event at the pod.
      return places.sameNode ? { from: "backend-pod", to: "backend-pod" } : { from: "backend-node", to: "backend-pod" };
    case "pod.reply":
      return { from: "backend-pod", to: backendSide };
    case "net.route-back":
      return { from: backendSide, to: "client-node" };
    case "proxy.reject":
    case "app.response":
      return { from: "client-node", to: "client-pod" };
    default: {
      const lane = laneAt(hop.at, places);
      return { from: lane, to: lane };
    }
  }
}

export function diagramLayout(trace: Trace, marks?: ReadonlyMap<number, HopMark>): DiagramLayout {
  const places = placesOf(trace);
  const usesCoreDns = trace.hops.some((h) => h.kind === "dns.lookup" || h.kind === "dns.service-nat");
  const ids: LaneId[] = ["client-pod", "client-node"];
  if (usesCoreDns) ids.push("coredns");
  if (!places.sameNode) ids.push("backend-node");
  if (trace.connection !== null) ids.push("backend-pod");
  const dnsPod =
    trace.hops
      .find((h) => h.kind === "dns.lookup")
      ?.at.split(" ")
      .slice(1)
      .join(" ") ?? "";
  const describe: Record<LaneId, [string, string]> = {
    "client-pod": ["Client pod", places.clientPod],
    "client-node": [
      places.sameNode && places.backendNode !== null ? "Node (netfilter)" : "Client node (netfilter)",
      places.clientNode,
    ],
    coredns: ["CoreDNS", dnsPod],
    "backend-node": ["Backend node", places.backendNode ?? ""],
    "backend-pod": [
      places.backendPod !== null ? "Backend pod" : "Destination",
      places.backendPod ?? trace.connection?.dst ?? "",
    ],
  };
  const lanes: Lane[] = ids.map((id, i) => ({
    id,
    title: describe[id][0],
    subtitle: describe[id][1],
    x: MARGIN + LANE_WIDTH / 2 + i * LANE_WIDTH,
  }));
  const xOf = new Map(lanes.map((lane) => [lane.id, lane.x]));
  // A lane dropped from this trace (e.g. no CoreDNS hop) falls back to the client node.
  const x = (id: LaneId) => xOf.get(id) ?? xOf.get("client-node") ?? MARGIN;
  const laneOrClientNode = (id: LaneId): LaneId => (xOf.has(id) ? id : "client-node");
  const rows: DiagramRow[] = trace.hops.map((hop, hopIndex) => {
    const ends = endpoints(hop, places);
    const from = laneOrClientNode(ends.from);
    const to = laneOrClientNode(ends.to);
    return {
      hopIndex,
      kind: hop.kind,
      from,
      to,
      y: HEADER_HEIGHT + ROW_HEIGHT / 2 + hopIndex * ROW_HEIGHT,
      x1: x(from),
      x2: x(to),
      self: from === to,
      addresses: hop.packet ? `${hop.packet.src} → ${hop.packet.dst}` : null,
      rewrite: rewriteOf(hop.kind),
      summary: hop.summary,
      mark: marks?.get(hopIndex) ?? null,
    };
  });
  return {
    width: MARGIN * 2 + lanes.length * LANE_WIDTH,
    height: HEADER_HEIGHT + trace.hops.length * ROW_HEIGHT + MARGIN,
    headerHeight: HEADER_HEIGHT,
    lanes,
    rows,
  };
}
