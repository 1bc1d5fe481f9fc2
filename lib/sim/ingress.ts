/**
 * How traffic from outside gets to a node (lib/sim/README.md, "Traffic from outside"): straight to a node's
 * address (NodePort), through the cloud load balancer of a LoadBalancer Service (which health-checks the nodes
 * and picks one), or to an external IP the network routes to a node. Inside the node, kube-proxy's rules take
 * over (connection.ts).
 */
import type { NodeSpec, ServiceSpec } from "../schemas/scenario";
import { inCidr, splitHostPort } from "./kube-proxy/addresses";
import { localReadyEndpoints } from "./listeners";
import { namespacedName } from "./namespaced-name";
import type { NatPoint } from "./reply-path";
import type { ConnectionContext } from "./connection";
import type { Hop, Packet } from "./types";

/** kube-proxy's own health server (--healthz-bind-address default 0.0.0.0:10256), probed for Cluster policy. */
export const KUBE_PROXY_HEALTHZ_PORT = 10256;

export interface Arrival {
  readonly hops: readonly Hop[];
  /** the node the packet arrives at, null when it never reaches one */
  readonly node: string | null;
  readonly packet: Packet;
  /** a translation on the way (a proxying load balancer), for the reply */
  readonly natPoint: NatPoint | null;
}

/** An outside client's packet: which node it reaches, and how. */
export function externalArrival(context: ConnectionContext, packet: Packet): Arrival {
  const { index, client, rng, scenario } = context;
  const dst = splitHostPort(packet.dst);
  const node = index.nodesByIP.get(dst.ip);
  if (node !== undefined) {
    return {
      hops: [
        {
          kind: "net.route",
          at: client.at,
          summary: `${dst.ip} is node ${node.name}'s address: the packet crosses the network outside the cluster and arrives at ${node.name}'s eth0 with its source ${packet.src} unchanged.`,
          packet,
          detail: { sameNode: false, fromOutside: true, toNode: node.name },
        },
      ],
      node: node.name,
      packet,
      natPoint: null,
    };
  }
  const lb = index.loadBalancerIPs.get(dst.ip);
  if (lb !== undefined) return loadBalancerArrival(context, packet, lb.service, client.at);
  const owners = index.externalIPs.get(dst.ip);
  if (owners !== undefined && scenario.nodes.length > 0) {
    // How an external IP reaches a node is outside Kubernetes (a static route, a router's ARP/BGP entry); the
    // scenario does not say which node, so the seeded source picks one.
    const chosen = scenario.nodes[rng.int(0, scenario.nodes.length - 1)] as NodeSpec;
    return {
      hops: [
        {
          kind: "net.route",
          at: client.at,
          summary: `${dst.ip} is an external IP of ${owners.map(namespacedName).join(", ")}: the network's route for it (set up outside Kubernetes) delivers the packet to ${chosen.name} (${chosen.ip}), source ${packet.src} unchanged.`,
          packet,
          detail: { sameNode: false, fromOutside: true, toNode: chosen.name, externalIP: dst.ip },
        },
      ],
      node: chosen.name,
      packet,
      natPoint: null,
    };
  }
  return {
    hops: [
      {
        kind: "net.route",
        at: client.at,
        summary: `${dst.ip} is not reachable from outside the cluster (ClusterIPs and pod IPs are routed only inside it, and no node, load balancer or external IP has it): the SYN is never answered and the connect times out.`,
        packet,
        detail: { destination: "unreachable from outside" },
      },
    ],
    node: null,
    packet,
    natPoint: null,
  };
}

/**
 * The cloud load balancer of a LoadBalancer Service picks a node. Its health checks decide which nodes are
 * candidates: with externalTrafficPolicy Local it probes each node's healthCheckNodePort, where kube-proxy
 * answers 200 only with a local ready endpoint (503 otherwise); with Cluster it probes kube-proxy's /healthz
 * (port 10256), healthy on every node. With no healthy node it spreads over all of them (fail open, as the
 * cloud load balancers do). ipMode VIP passes the packet through with the ingress IP as destination; ipMode
 * Proxy connects to nodeIP:nodePort itself, from its own address.
 */
export function loadBalancerArrival(
  context: ConnectionContext,
  packet: Packet,
  service: ServiceSpec,
  at: string,
): Arrival {
  const { scenario, rng } = context;
  const dst = splitHostPort(packet.dst);
  const src = splitHostPort(packet.src);
  const lbAt = `loadbalancer ${dst.ip}`;
  const ipMode = service.status.loadBalancer.ingress.find((e) => e.ip === dst.ip)?.ipMode ?? "VIP";
  const port = service.ports.find((p) => p.port === dst.port && p.protocol === "TCP");
  const name = namespacedName(service);
  const hops: Hop[] = [
    {
      kind: "net.route",
      at,
      summary: `${dst.ip} is the load balancer of ${name} (status.loadBalancer.ingress): the packet goes to the cloud load balancer.`,
      packet,
      detail: { toLoadBalancer: dst.ip, ipMode },
    },
  ];
  if (port === undefined) {
    hops.push({
      kind: "lb.select",
      at: lbAt,
      summary: `The load balancer has no listener on port ${dst.port} (${name} exposes ${service.ports.map((p) => p.port).join(", ")}): the SYN is dropped and the connect times out.`,
      packet,
      detail: { listener: null },
    });
    return { hops, node: null, packet, natPoint: null };
  }
  if (ipMode === "Proxy" && service.loadBalancerSourceRanges.length > 0) {
    if (!service.loadBalancerSourceRanges.some((range) => inCidr(range, src.ip))) {
      hops.push({
        kind: "lb.select",
        at: lbAt,
        summary: `${src.ip} is in none of loadBalancerSourceRanges (${service.loadBalancerSourceRanges.join(", ")}): a proxying load balancer enforces them itself and drops the SYN, so the connect times out.`,
        packet,
        detail: { sourceRanges: service.loadBalancerSourceRanges, allowed: false },
      });
      return { hops, node: null, packet, natPoint: null };
    }
  }
  const local = service.externalTrafficPolicy === "Local";
  const health = scenario.nodes.map((node) => {
    const endpoints = localReadyEndpoints(scenario, service, node.name);
    return { node, healthy: local ? endpoints > 0 : true, endpoints };
  });
  const healthy = health.filter((h) => h.healthy);
  const pool = healthy.length > 0 ? healthy : health;
  // the draw is made even for a pinned node, so the rest of the trace draws as the seeded path does
  const drawn = pool[rng.int(0, pool.length - 1)]?.node;
  const chosen = pool.find((h) => h.node.name === context.entryNode)?.node ?? drawn;
  if (chosen === undefined) return { hops, node: null, packet, natPoint: null };
  const probe = local
    ? `it probes each node's healthCheckNodePort ${service.healthCheckNodePort ?? "?"} (kube-proxy answers 200 only where ${name} has a ready local endpoint)`
    : `it probes kube-proxy's /healthz on port ${KUBE_PROXY_HEALTHZ_PORT}, healthy on every node (externalTrafficPolicy Cluster)`;
  const healthyNames = healthy.map((h) => h.node.name);
  const verdict =
    healthy.length > 0
      ? `healthy: ${healthyNames.join(", ")}`
      : "no node is healthy, so it spreads connections over all of them (fail open)";
  const nodePort = port.nodePort;
  const forwarded: Packet =
    ipMode === "Proxy" && nodePort !== null
      ? { src: `${dst.ip}:${src.port}`, dst: `${chosen.ip}:${nodePort}`, protocol: packet.protocol }
      : packet;
  const how =
    ipMode === "Proxy"
      ? `ipMode Proxy: the load balancer opens its own connection to ${forwarded.dst} (the NodePort), so the node sees the load balancer's address ${dst.ip} as the source`
      : `ipMode VIP: it passes the packet through unchanged (destination ${dst.ip}, source ${packet.src}), so kube-proxy's "loadbalancer IP" rule on ${chosen.name} captures it`;
  hops.push({
    kind: "lb.select",
    at: lbAt,
    summary: `The load balancer picks a node: ${probe}; ${verdict}. This connection goes to ${chosen.name} (${chosen.ip}). ${how}.`,
    packet: forwarded,
    detail: {
      ipMode,
      healthCheck: local
        ? { port: service.healthCheckNodePort, path: "/healthz" }
        : { port: KUBE_PROXY_HEALTHZ_PORT, path: "/healthz" },
      nodes: health.map((h) => ({ node: h.node.name, healthy: h.healthy, localEndpoints: h.endpoints })),
      chosen: chosen.name,
    },
  });
  const natPoint: NatPoint | null =
    forwarded === packet ? null : { node: lbAt, before: packet, after: forwarded, kind: "load-balancer" };
  return { hops, node: chosen.name, packet: forwarded, natPoint };
}
