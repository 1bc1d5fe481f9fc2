/**
 * The reply's way back (lib/sim/README.md, "Getting to the node and back"): the backend answers the source it
 * saw; the reply is routed to the node that translated the packet last, whose conntrack undoes that
 * translation, then to the one before, and so on back to the client. A connection nobody translated comes
 * straight back.
 */
import { splitHostPort } from "./kube-proxy/addresses";
import { isNodeAddress, leg, nodeNamed, nodeNetworkLeg } from "./routing";
import type { Hop, Packet, Scenario } from "./types";

/** One address translation on the way in: where it happened, and the packet before and after it. */
export interface NatPoint {
  readonly node: string;
  readonly before: Packet;
  readonly after: Packet;
  /**
   * kube-proxy's DNAT (with or without its masquerade), the CNI's masquerade of pod traffic leaving the cluster
   * CIDR, or a proxying load balancer's own connection to a NodePort (`node` is then "loadbalancer IP")
   */
  readonly kind: "kube-proxy" | "cni-masquerade" | "load-balancer";
}

/** Where the reply must end up. */
export interface ReplyTarget {
  /** the client's node ("" for a client outside the cluster) */
  readonly node: string;
  /** the trace's name for the client ("app/foo", "node/node-1", "external/203.0.113.9") */
  readonly key: string;
  readonly outside: boolean;
}

/**
 * pod.reply, then for each translation in reverse order net.route-back to its node and conntrack.reverse, then
 * the way to the client. `hairpin`: the backend is the client itself (the reply returns through the same bridge
 * port). `backendAt`: the trace's `at` of the backend.
 */
export function replyPath(
  scenario: Scenario,
  args: {
    readonly reply: Packet;
    readonly fromNode: string;
    readonly backendAt: string;
    readonly backendName: string;
    readonly natPoints: readonly NatPoint[];
    readonly client: ReplyTarget;
    readonly hairpin: boolean;
  },
): Hop[] {
  const { fromNode, natPoints, client, hairpin, backendName } = args;
  let reply = args.reply;
  const dnatted = natPoints.some((p) => p.kind === "kube-proxy");
  const hops: Hop[] = [
    {
      kind: "pod.reply",
      at: args.backendAt,
      summary: `${backendName} replies from ${reply.src} to ${reply.dst}, the source it saw${dnatted ? "; it knows nothing of the Service address" : ""}.`,
      packet: reply,
      detail: { source: reply.src, destination: reply.dst },
    },
  ];
  let here = fromNode;
  let first = true;
  for (let i = natPoints.length - 1; i >= 0; i--) {
    const point = natPoints[i] as NatPoint;
    if (point.kind === "load-balancer") hops.push(toLoadBalancer(reply, here, point.node));
    else if (first || point.node !== here)
      hops.push(routeBack(scenario, reply, here, point.node, hairpin && first, true));
    first = false;
    const restored: Packet = { src: point.before.dst, dst: point.before.src, protocol: reply.protocol };
    hops.push(reverseHop(point, reply, restored, client, isServiceAddress(scenario, restored.src)));
    reply = restored;
    here = point.node;
  }
  if (first) {
    hops.push(routeBack(scenario, reply, here, client.outside ? here : client.node, false, false, client));
  } else if (client.outside) {
    hops.push(toOutside(reply, here));
  } else if (here !== client.node) {
    hops.push(routeBack(scenario, reply, here, client.node, false, false, client));
  }
  return hops;
}

function routeBack(
  scenario: Scenario,
  reply: Packet,
  from: string,
  to: string,
  hairpin: boolean,
  natted: boolean,
  client: ReplyTarget | null = null,
): Hop {
  const dst = splitHostPort(reply.dst).ip;
  const back = hairpin
    ? {
        summary: `Hairpin: the reply goes back out of the same bridge port it came in by (hairpin mode on the port) to ${to}'s own address ${dst}.`,
        detail: { sameNode: true, hairpin: true },
      }
    : client?.outside === true
      ? {
          summary: `${from} sends the reply to ${dst} by its default route, out of the cluster.`,
          detail: { sameNode: false, outside: true },
        }
      : nodeIP(scenario, to) === dst || (from === to && isNodeAddress(scenario, to, dst))
        ? nodeNetworkLeg(scenario, from, to, dst)
        : leg(scenario, from, to, dst, null);
  return {
    kind: "net.route-back",
    at: `node ${from}`,
    summary: natted
      ? `${back.summary} The reply must pass through ${to}'s conntrack (asymmetric routing, or a bridge without br_netfilter for same-node replies, would bypass it and the client would drop a reply from an unknown address).`
      : `${back.summary} No NAT to undo: ${client?.key ?? "the client"} connected to the address itself.`,
    packet: reply,
    detail: { ...back.detail, conntrackNode: natted ? to : null },
  };
}

/** A Service's virtual address (ClusterIP), as opposed to a node, load balancer or external address kube-proxy also DNATs. */
function isServiceAddress(scenario: Scenario, address: string): boolean {
  const ip = splitHostPort(address).ip;
  return scenario.services.some((svc) => svc.clusterIP === ip || svc.clusterIPs.includes(ip));
}

function reverseHop(point: NatPoint, reply: Packet, restored: Packet, client: ReplyTarget, toService: boolean): Hop {
  const snatted = point.before.src !== point.after.src;
  const dnatted = point.before.dst !== point.after.dst;
  let summary: string;
  if (point.kind === "load-balancer") {
    summary = `The load balancer relays the response on the client's own connection: from ${restored.src} to ${restored.dst}.`;
  } else if (point.kind === "cni-masquerade") {
    summary = `conntrack on ${point.node} undoes the CNI's masquerade: the reply's destination ${reply.dst} is rewritten back to ${restored.dst}.`;
  } else if (snatted && dnatted) {
    summary = `conntrack on ${point.node} matches the reply to the connection's entry: the source ${reply.src} is rewritten back to ${restored.src} and the masquerade is undone (destination ${reply.dst} → ${restored.dst}), so ${client.key} sees the address it connected to.`;
  } else if (dnatted) {
    summary = `conntrack on ${point.node} matches the reply to the entry the DNAT created and rewrites the source ${reply.src} back to ${restored.src}, the ${toService ? "Service address" : "address"} ${client.key} connected to.`;
  } else {
    summary = `conntrack on ${point.node} undoes the source NAT: the reply's destination ${reply.dst} is rewritten back to ${restored.dst}.`;
  }
  return {
    kind: "conntrack.reverse",
    at: point.kind === "load-balancer" ? point.node : `node ${point.node}`,
    summary,
    packet: restored,
    detail: {
      dnat: dnatted ? { from: reply.src, to: restored.src } : null,
      snat: snatted ? { from: reply.dst, to: restored.dst } : null,
      by: point.kind,
    },
  };
}

function toOutside(reply: Packet, from: string): Hop {
  return {
    kind: "net.route-back",
    at: `node ${from}`,
    summary: `${from} sends the reply to ${splitHostPort(reply.dst).ip} by its default route, out of the cluster (a passthrough load balancer does not see replies: they return directly).`,
    packet: reply,
    detail: { sameNode: false, outside: true, conntrackNode: null },
  };
}

function toLoadBalancer(reply: Packet, from: string, lbAt: string): Hop {
  return {
    kind: "net.route-back",
    at: `node ${from}`,
    summary: `${from} sends the reply to ${reply.dst}, the proxying load balancer (${lbAt.replace("loadbalancer ", "")}) that opened the connection.`,
    packet: reply,
    detail: { sameNode: false, toLoadBalancer: true, conntrackNode: null },
  };
}

const nodeIP = (scenario: Scenario, node: string): string | undefined => nodeNamed(scenario, node)?.ip;
