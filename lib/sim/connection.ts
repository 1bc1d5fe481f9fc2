/**
 * The connection part of a trace (lib/sim/README.md, "Getting to the node and back"): the first packet is
 * followed node by node. At each node its netfilter (kube-proxy's rules of that node, with the packet as it is
 * there) decides, then the node routes it: to a pod on its bridge, across the CNI to another node's pod, over
 * the node network to another node's own address (where that node's rules take over), to the load balancer,
 * or out of the cluster. The reply goes back through every node that translated it (reply-path.ts).
 */
import type { PodSpec, ServiceSpec } from "../schemas/scenario";
import { cidrContains } from "./cidr";
import { ephemeralPort } from "./ephemeral-port";
import { proxyConnection, type ProxyDecision } from "./kube-proxy";
import { decided } from "./kube-proxy/decision";
import { inCidr, joinHostPort, splitHostPort } from "./kube-proxy/addresses";
import { podIPOfFamily } from "./ip-families";
import { externalArrival, loadBalancerArrival } from "./ingress";
import { healthCheckService, listensOn, localReadyEndpoints, servedPorts } from "./listeners";
import { namespacedName } from "./namespaced-name";
import type { Random } from "./random";
import { replyPath, type NatPoint } from "./reply-path";
import { forwardHops, nodeNetworkHop } from "./routing";
import type { Client, ScenarioIndex } from "./scenario-index";
import type { Connection, ConnectionOutcome, Hop, Packet, ProxyPath, Scenario } from "./types";

/** What the connection part of a trace reads; `rng` picks the source port and kube-proxy's draws. */
export interface ConnectionContext {
  readonly scenario: Scenario;
  readonly index: ScenarioIndex;
  readonly client: Client;
  readonly rng: Random;
  /** the node a cloud load balancer sends this connection to, when it is pinned (tracePaths: every healthy node) */
  readonly entryNode?: string | null;
}

export interface Connected {
  readonly connection: Connection;
  readonly proxy: ProxyPath | null;
  /** kube-proxy's decision that mattered: the one that translated, rejected or dropped (else the first) */
  readonly decision: ProxyDecision;
  readonly hops: readonly Hop[];
}

/** The first packet on its way: where it is, as what, and what happened to it so far. */
interface Walk {
  readonly context: ConnectionContext;
  readonly pinned: string | null;
  readonly original: Packet;
  readonly hops: Hop[];
  readonly natPoints: NatPoint[];
  readonly nodes: string[];
  readonly decisions: ProxyDecision[];
  packet: Packet;
  node: string;
  /** generated in this node's own network namespace (nat OUTPUT) */
  local: boolean;
}

// A packet crosses at most: the client's node, the node it is sent to, the node of a hostNetwork endpoint.
const MAX_NODES = 4;

/**
 * Whether the connection walk follows an IPv6 connection from this client: a pod with an IPv6 address (any kube-proxy
 * mode: each runs an IPv6 proxier) and flannel's VXLAN (flannel-v6.1). Other CNIs' IPv6 paths are not simulated
 * (lib/sim/README.md, "Dual-stack and IPv6").
 */
export function walksIPv6(scenario: Scenario, client: Client): boolean {
  return (
    client.kind === "pod" &&
    !client.pod.hostNetwork &&
    podIPOfFamily(client.pod, "IPv6") !== null &&
    scenario.cni.mode === "vxlan"
  );
}

/**
 * The TCP connection to `ip:port`. `pinned` ("ip:port" of one of kube-proxy's candidates, or null) forces
 * kube-proxy's endpoint choice; the caller checks the decision's `dnatTo` honoured it.
 */
export function connectTo(context: ConnectionContext, ip: string, port: number, pinned: string | null): Connected {
  const { client, rng } = context;
  const srcPort = ephemeralPort(rng);
  // an IPv6 destination leaves from the pod's IPv6 address (the caller only walks IPv6 for pods that have one)
  const srcIP = ip.includes(":") ? (podIPOfFamily(client.pod, "IPv6") ?? client.ip) : client.ip;
  if (srcIP !== client.ip) context = { ...context, client: { ...client, ip: srcIP } };
  const packet: Packet = { src: joinHostPort(srcIP, srcPort), dst: joinHostPort(ip, port), protocol: "tcp" };
  const walk: Walk = {
    context,
    pinned,
    original: packet,
    hops: [],
    natPoints: [],
    nodes: [],
    decisions: [],
    packet,
    node: client.node,
    local: client.local,
  };
  const leaves =
    client.kind === "external"
      ? "the client's machine outside the cluster"
      : client.kind === "node"
        ? `a process in node ${client.node}'s own network namespace`
        : client.pod.hostNetwork
          ? "the node's own network stack (hostNetwork)"
          : "the pod through its veth";
  walk.hops.push({
    kind: "app.connect",
    at: client.at,
    summary: `The application opens a TCP connection to ${packet.dst}: the SYN leaves ${leaves} from ${packet.src}.`,
    packet,
    detail: { dst: packet.dst, srcPort, hostNetwork: client.local, client: client.kind },
  });
  if (client.kind === "external") {
    const arrived = externalArrival(context, packet);
    walk.hops.push(...arrived.hops);
    if (arrived.node === null) return ended(walk, "timeout", null);
    walk.node = arrived.node;
    walk.packet = arrived.packet;
    walk.local = false;
    if (arrived.natPoint !== null) walk.natPoints.push(arrived.natPoint);
  }
  return travel(walk);
}

/** Runs the packet through the node it is at, then routes it on, until it reaches something or dies. */
function travel(walk: Walk): Connected {
  const { scenario, index } = walk.context;
  for (let visit = 0; visit < MAX_NODES; visit++) {
    walk.nodes.push(walk.node);
    const decision = netfilterAt(walk);
    if (decision.verdict === "reject") return ended(walk, "refused", null);
    if (decision.verdict === "drop") return ended(walk, "timeout", null);
    const dst = splitHostPort(walk.packet.dst);
    const pod = podAt(index, dst.ip);
    if (pod !== undefined) return deliverToPod(walk, pod);
    const node = index.nodesByIP.get(dst.ip);
    if (node !== undefined) {
      if (node.name === walk.node) return deliverLocally(walk);
      masqueradeLeavingPod(walk);
      walk.hops.push(nodeNetworkHop(scenario, walk.packet, walk.node, node.name));
      walk.node = node.name;
      walk.local = false;
      continue;
    }
    const lb = index.loadBalancerIPs.get(dst.ip);
    if (lb !== undefined) {
      masqueradeLeavingPod(walk);
      const arrived = loadBalancerArrival(walk.context, walk.packet, lb.service, `node ${walk.node}`);
      walk.hops.push(...arrived.hops);
      if (arrived.node === null) return ended(walk, "timeout", null);
      if (arrived.natPoint !== null) walk.natPoints.push(arrived.natPoint);
      walk.node = arrived.node;
      walk.packet = arrived.packet;
      walk.local = false;
      continue;
    }
    if (inCluster(scenario, index, dst.ip)) {
      // a cluster address nobody owns (or a Service IP with no rule for this port): the SYN goes unanswered
      walk.hops.push({
        kind: "net.route",
        at: `node ${walk.node}`,
        summary: `No pod and no kube-proxy rule owns ${walk.packet.dst}; the SYN is never answered and the connect times out.`,
        packet: walk.packet,
        detail: { destination: "unowned cluster address" },
      });
      return ended(walk, "timeout", null);
    }
    return outOfCluster(walk);
  }
  return ended(walk, "timeout", null);
}

/** kube-proxy's rules on the node the packet is at; a translation is recorded for the reply. */
function netfilterAt(walk: Walk): ProxyDecision {
  const { scenario, client, rng } = walk.context;
  const src = splitHostPort(walk.packet.src);
  const dst = splitHostPort(walk.packet.dst);
  const decision = proxyConnection(
    scenario,
    {
      client: { ip: src.ip, node: walk.node, pod: client.kind === "pod" ? client.key : null, hostNetwork: walk.local },
      srcPort: src.port,
      dstIP: dst.ip,
      dstPort: dst.port,
      protocol: "tcp",
      endpoint: walk.pinned,
    },
    rng,
  );
  walk.decisions.push(decision);
  if (decision.verdict === "none") {
    const pass = passHop(walk, decision);
    if (pass !== null) walk.hops.push(pass);
    return decision;
  }
  walk.hops.push(...decision.hops);
  if (decision.verdict === "dnat") {
    walk.natPoints.push({
      node: walk.node,
      before: walk.packet,
      after: decision.packetAfterNat,
      kind: "kube-proxy",
    });
    walk.packet = decision.packetAfterNat;
  }
  return decision;
}

/** proxy.pass: the packet looked like Service traffic for this node (a node, LB or external address) but no rule here takes it. */
function passHop(walk: Walk, decision: ProxyDecision): Hop | null {
  const { index } = walk.context;
  const dst = splitHostPort(walk.packet.dst);
  const node = index.nodesByIP.get(dst.ip);
  const lb = index.loadBalancerIPs.get(dst.ip);
  // after a DNAT the packet is addressed to an endpoint: nothing for the Service rules to look at
  if (walk.natPoints.some((p) => p.kind === "kube-proxy")) return null;
  let why: string;
  if (node !== undefined && node.name !== walk.node) {
    why = `the NodePort jump in KUBE-SERVICES needs -m addrtype --dst-type LOCAL, and ${dst.ip} is ${node.name}'s address, not one of ${walk.node}'s`;
  } else if (node !== undefined) {
    why = `no NodePort rule in KUBE-NODEPORTS matches port ${dst.port}`;
  } else if (lb !== undefined) {
    why =
      lb.ipMode === "Proxy"
        ? `${dst.ip} is the load balancer's address with ipMode Proxy, so kube-proxy writes no rule for it and the packet goes out to the load balancer`
        : `no "loadbalancer IP" rule of ${namespacedName(lb.service)} matches port ${dst.port}`;
  } else return null;
  return {
    kind: "proxy.pass",
    at: `node ${walk.node}`,
    summary: `netfilter on ${walk.node} (nat ${decision.hook} → KUBE-SERVICES) finds no rule for ${walk.packet.dst}: ${why}; the packet is routed on unchanged.`,
    packet: walk.packet,
    detail: { mode: decision.mode, hook: decision.hook, chains: decision.chains, reason: why },
  };
}

/** The CNI masquerades pod traffic that leaves the cluster CIDR (flannel ip-masq, Calico natOutgoing): to the node IP. */
function masqueradeLeavingPod(walk: Walk): void {
  const { scenario, index } = walk.context;
  const src = splitHostPort(walk.packet.src);
  if (walk.local || index.clusterCidr === null || !cidrContains(index.clusterCidr, src.ip)) return;
  const node = index.nodesByName.get(walk.node);
  if (node === undefined) return;
  const after: Packet = { ...walk.packet, src: `${node.ip}:${src.port}` };
  walk.natPoints.push({ node: walk.node, before: walk.packet, after, kind: "cni-masquerade" });
  walk.hops.push({
    kind: "net.masquerade",
    at: `node ${walk.node}`,
    summary: `${walk.packet.dst} is outside the cluster CIDR ${scenario.clusterCIDR}, so the CNI's masquerade rule (nat POSTROUTING) rewrites the source ${walk.packet.src} → ${after.src}, ${walk.node}'s address.`,
    packet: after,
    detail: {
      by: "cni",
      sourceAddress: node.ip,
      rule: `-s ${scenario.clusterCIDR} ! -d ${scenario.clusterCIDR} -j MASQUERADE`,
    },
  });
  walk.packet = after;
}

/** An ordinary pod owns the address: bridge or CNI route to it, the pod handles the request, the reply returns. */
function deliverToPod(walk: Walk, pod: PodSpec): Connected {
  const { scenario, index } = walk.context;
  const toPod = namespacedName(pod);
  walk.hops.push(...forwardHops(scenario, { packet: walk.packet, fromNode: walk.node, toNode: pod.node, toPod }));
  const port = splitHostPort(walk.packet.dst).port;
  const reached: Reached = { backend: walk.packet.dst, pod, node: pod.node, seen: walk.packet.src };
  if (!walk.natPoints.some((p) => p.kind === "kube-proxy") && !listensOn(scenario, index, pod, port)) {
    // Straight to a pod IP (headless, pod address): no Service maps port → targetPort, so a port the pod does
    // not serve is answered with a TCP RST.
    const listening = servedPorts(scenario, index, pod);
    walk.hops.push({
      kind: "pod.reply",
      at: `pod ${toPod}`,
      summary: `${toPod} does not listen on port ${port} (its Services send traffic to ${listening.join(", ")}): the kernel answers the SYN with a RST and the connect is refused.`,
      packet: { src: walk.packet.dst, dst: walk.packet.src, protocol: "tcp" },
      detail: { rst: true, listening },
    });
    return ended(walk, "refused", reached);
  }
  return answered(walk, reached, `pod ${toPod}`, toPod);
}

/**
 * The node's own address: the packet goes up the node's stack (INPUT), no bridge, no veth. It reaches a
 * hostNetwork pod serving the port, kube-proxy's health check server, or nothing (RST).
 */
function deliverLocally(walk: Walk): Connected {
  const { scenario, index } = walk.context;
  const dst = splitHostPort(walk.packet.dst);
  const last = walk.decisions[walk.decisions.length - 1];
  // A packet delivered to the node itself never passes nat POSTROUTING: a masquerade mark is not applied.
  if (last?.verdict === "dnat" && last.node === walk.node && last.masquerade) unmasquerade(walk);
  const dnat = walk.decisions.find((d) => d.verdict === "dnat");
  const endpoint = dnat?.endpoint ?? null;
  if (dnat === undefined) {
    const health = healthCheckService(scenario, dst.port);
    if (health !== undefined) return healthCheck(walk, health);
  }
  const hostPod =
    (endpoint !== null && endpoint.node === walk.node ? endpoint.pod : undefined) ??
    scenario.pods.find((p) => p.hostNetwork && p.node === walk.node && listensOn(scenario, index, p, dst.port, false));
  walk.hops.push({
    kind: "net.route",
    at: `node ${walk.node}`,
    summary: `${dst.ip} is ${walk.node}'s own address: the packet goes up the node's own network stack (filter INPUT) to the process listening on port ${dst.port}; no bridge, no veth, no overlay.`,
    packet: walk.packet,
    detail: { sameNode: true, local: true, device: "the node's own stack", encapsulation: null },
  });
  if (hostPod === undefined) {
    walk.hops.push({
      kind: "pod.reply",
      at: `node ${walk.node}`,
      summary: `Nothing on ${walk.node} listens on port ${dst.port}: the kernel answers the SYN with a RST and the connect is refused.`,
      packet: { src: walk.packet.dst, dst: walk.packet.src, protocol: "tcp" },
      detail: { rst: true },
    });
    return ended(walk, "refused", null);
  }
  const name = namespacedName(hostPod);
  walk.hops.push({
    kind: "pod.receive",
    at: `pod ${name}`,
    summary: `${name} (hostNetwork, in ${walk.node}'s own network namespace) receives the packet on ${walk.packet.dst} from ${walk.packet.src} and handles the request.`,
    packet: walk.packet,
    detail: { source: walk.packet.src, destination: walk.packet.dst, hostNetwork: true },
  });
  return answered(
    walk,
    { backend: walk.packet.dst, pod: hostPod, node: walk.node, seen: walk.packet.src },
    `pod ${name}`,
    name,
  );
}

function unmasquerade(walk: Walk): void {
  const point = walk.natPoints[walk.natPoints.length - 1];
  if (point === undefined || point.kind !== "kube-proxy") return;
  const packet: Packet = { ...point.after, src: point.before.src };
  walk.natPoints[walk.natPoints.length - 1] = { ...point, after: packet };
  walk.packet = packet;
  const i = walk.hops.findLastIndex((h) => h.kind === "proxy.masquerade");
  if (i >= 0) walk.hops.splice(i, 1);
}

/** kube-proxy's health check server answers the probe itself (listeners.ts). */
function healthCheck(walk: Walk, svc: ServiceSpec): Connected {
  const local = localReadyEndpoints(walk.context.scenario, svc, walk.node);
  const status = local > 0 ? "200 OK" : "503 Service Unavailable";
  walk.hops.push({
    kind: "proxy.health-check",
    at: `node ${walk.node}`,
    summary: `Port ${svc.healthCheckNodePort} is ${namespacedName(svc)}'s healthCheckNodePort: kube-proxy's health check server on ${walk.node} answers ${status} ({"localEndpoints": ${local}}), which is how the load balancer knows whether to send traffic to this node.`,
    packet: walk.packet,
    detail: { service: namespacedName(svc), status, localEndpoints: local, port: svc.healthCheckNodePort },
  });
  const reached: Reached = { backend: walk.packet.dst, pod: null, node: walk.node, seen: walk.packet.src };
  return answered(walk, reached, `node ${walk.node}`, `kube-proxy on ${walk.node}`);
}

/** Traffic to an address outside the cluster: out through the node's default route, masqueraded to the node IP. */
function outOfCluster(walk: Walk): Connected {
  const { client } = walk.context;
  masqueradeLeavingPod(walk);
  walk.hops.push({
    kind: "net.route",
    at: client.kind === "external" ? client.at : `node ${walk.node}`,
    summary: `${walk.packet.dst} is outside the cluster: the packet leaves node ${walk.node} by its default route.`,
    packet: walk.packet,
    detail: { destination: "external", snat: walk.natPoints.length > 0 },
  });
  const undone = walk.natPoints.length > 0 ? " (conntrack undoes the masquerade on the way back)" : "";
  walk.hops.push({
    kind: "app.response",
    at: client.at,
    summary: `${client.key} receives the response from ${walk.original.dst}${undone}.`,
    packet: { src: walk.original.dst, dst: walk.original.src, protocol: "tcp" },
    detail: { backend: walk.original.dst, backendPod: null },
  });
  return ended(walk, "established", { backend: walk.original.dst, pod: null, node: null, seen: walk.packet.src }, true);
}

/** The backend answers; the reply goes back through every translation, and the client gets the response. */
function answered(walk: Walk, reached: Reached, backendAt: string, backendName: string): Connected {
  const { scenario, client } = walk.context;
  const reply: Packet = { src: reached.backend, dst: walk.packet.src, protocol: "tcp" };
  const hairpin =
    reached.pod !== null &&
    (reached.pod.ip === client.ip || reached.pod.podIPs[1] === client.ip) &&
    client.kind === "pod";
  walk.hops.push(
    ...replyPath(scenario, {
      reply,
      fromNode: reached.node ?? walk.node,
      backendAt,
      backendName,
      natPoints: walk.natPoints,
      client: { node: client.node, key: client.key, outside: client.kind === "external" },
      hairpin,
    }),
  );
  const really = reached.backend === walk.original.dst ? "" : ` (really ${backendName} at ${reached.backend})`;
  walk.hops.push({
    kind: "app.response",
    at: client.at,
    summary: `${client.key} receives the response from ${walk.original.dst}${really}.`,
    packet: { src: walk.original.dst, dst: walk.original.src, protocol: "tcp" },
    detail: { backend: reached.backend, backendPod: reached.pod === null ? null : namespacedName(reached.pod) },
  });
  return ended(walk, "established", reached);
}

/** The backend a connection reached. */
interface Reached {
  /** "ip:port" */
  readonly backend: string;
  readonly pod: PodSpec | null;
  readonly node: string | null;
  /** the source the backend saw */
  readonly seen: string;
}

function ended(walk: Walk, outcome: ConnectionOutcome, reached: Reached | null, external = false): Connected {
  const decision = mainDecision(walk);
  const proxy: ProxyPath | null =
    decision.verdict === "none"
      ? null
      : { mode: decision.mode, chains: decision.chains, candidates: decision.candidates };
  const connection: Connection = {
    dst: walk.original.dst,
    protocol: "tcp",
    outcome,
    backend: reached?.backend ?? null,
    backendPod: reached?.pod === null || reached === null ? null : namespacedName(reached.pod),
    backendNode: reached?.node ?? null,
    snat: walk.natPoints.some((p) => p.before.src !== p.after.src) || (decision.masquerade && !external),
    seenSource: reached?.seen ?? null,
    nodes: walk.nodes,
  };
  return { connection, proxy, decision, hops: walk.hops };
}

/** The decision that translated, rejected or dropped the packet; the first one when none did. */
function mainDecision(walk: Walk): ProxyDecision {
  const acted = walk.decisions.find((d) => d.verdict !== "none");
  if (acted !== undefined) return acted;
  const first = walk.decisions[0];
  if (first !== undefined) return first;
  const base = { mode: walk.context.scenario.kubeProxy.mode, node: walk.node, hook: "PREROUTING" as const };
  return decided(
    { ...base, packetBeforeNat: walk.original },
    {
      service: null,
      verdict: "none",
      chains: [],
      masquerade: false,
      packetAfterNat: walk.original,
      hops: [],
    },
  );
}

/** An ordinary (not hostNetwork) pod with this address. */
function podAt(index: ScenarioIndex, ip: string): PodSpec | undefined {
  const pod = index.podsByIP.get(ip);
  return pod === undefined || pod.hostNetwork ? undefined : pod;
}

function inCluster(scenario: Scenario, index: ScenarioIndex, ip: string): boolean {
  const { clusterCidr, serviceCidr } = index;
  if (ip.includes(":")) {
    // the IPv6 ranges of a dual-stack cluster
    return [scenario.clusterCIDRs[1], scenario.serviceCIDRs[1]].some((cidr) => cidr !== undefined && inCidr(cidr, ip));
  }
  return (
    (clusterCidr !== null && cidrContains(clusterCidr, ip)) || (serviceCidr !== null && cidrContains(serviceCidr, ip))
  );
}
