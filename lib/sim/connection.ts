/**
 * The connection part of a trace: the application's first packet to the resolved address, kube-proxy's
 * decision on the client's node, the way to the backend pod and the reply back through conntrack. See
 * lib/sim/README.md, "kube-proxy" and "Getting to the node and back".
 */
import type { PodSpec } from "../schemas/scenario";
import { cidrContains } from "./cidr";
import { selects } from "./endpoints";
import { ephemeralPort } from "./ephemeral-port";
import { proxyConnection, type ProxyDecision } from "./kube-proxy";
import { namespacedName } from "./namespaced-name";
import type { Random } from "./random";
import { forwardHops, returnHops } from "./routing";
import type { Client, ScenarioIndex } from "./scenario-index";
import type { Connection, ConnectionOutcome, Hop, Packet, ProxyPath, Scenario } from "./types";

/** What the connection part of a trace reads; `rng` picks the source port and kube-proxy's draws. */
export interface ConnectionContext {
  readonly scenario: Scenario;
  readonly index: ScenarioIndex;
  readonly client: Client;
  readonly rng: Random;
}

export interface Connected {
  readonly connection: Connection;
  readonly proxy: ProxyPath | null;
  readonly decision: ProxyDecision;
  readonly hops: readonly Hop[];
}

/** Where the connection's packets go once kube-proxy has decided (or let them pass untouched). */
type Destination =
  | { readonly kind: "pod"; readonly backend: string; readonly pod: PodSpec }
  | { readonly kind: "unowned" }
  | { readonly kind: "external" };

/**
 * The TCP connection to `ip:port`. `pinned` ("ip:port" of one of kube-proxy's candidates, or null) forces
 * kube-proxy's endpoint choice; the caller checks the decision's `dnatTo` honoured it.
 */
export function connectTo(context: ConnectionContext, ip: string, port: number, pinned: string | null): Connected {
  const { scenario, client, index, rng } = context;
  const hops: Hop[] = [];
  const srcPort = ephemeralPort(rng);
  const packet: Packet = { src: `${client.ip}:${srcPort}`, dst: `${ip}:${port}`, protocol: "tcp" };
  const leaves = client.pod.hostNetwork ? "the node's own network stack (hostNetwork)" : "the pod through its veth";
  hops.push({
    kind: "app.connect",
    at: client.at,
    summary: `The application opens a TCP connection to ${ip}:${port}: the SYN leaves ${leaves} from ${packet.src}.`,
    packet,
    detail: { dst: packet.dst, srcPort, hostNetwork: client.pod.hostNetwork },
  });
  const decision = proxyConnection(
    scenario,
    {
      client: { ip: client.ip, node: client.node, pod: client.key, hostNetwork: client.pod.hostNetwork },
      srcPort,
      dstIP: ip,
      dstPort: port,
      protocol: "tcp",
      endpoint: pinned,
    },
    rng,
  );
  hops.push(...decision.hops);
  const proxy: ProxyPath | null =
    decision.verdict === "none"
      ? null
      : { mode: decision.mode, chains: decision.chains, candidates: decision.candidates };
  const attempted: Attempted = { packet, decision, proxy, hops };

  if (decision.verdict === "reject") return connected(attempted, "refused", null);
  if (decision.verdict === "drop") return connected(attempted, "timeout", null);

  const destination = destinationOf(index, decision, packet, ip);
  if (destination.kind === "unowned") {
    // a cluster address nobody owns (or a Service IP with no rule for this port): the SYN goes unanswered
    hops.push({
      kind: "net.route",
      at: `node ${client.node}`,
      summary: `No pod and no kube-proxy rule owns ${ip}:${port}; the SYN is never answered and the connect times out.`,
      packet: decision.packetAfterNat,
      detail: { destination: "unowned cluster address" },
    });
    return connected(attempted, "timeout", null);
  }
  if (destination.kind === "external") return external(context, decision, packet, hops);

  const { backend, pod: backendPod } = destination;
  const afterNat = decision.packetAfterNat;
  const toPod = namespacedName(backendPod);
  const reached: Reached = { backend, backendPod: toPod, backendNode: backendPod.node };
  hops.push(...forwardHops(scenario, { packet: afterNat, fromNode: client.node, toNode: backendPod.node, toPod }));
  if (decision.verdict === "none" && !listensOn(scenario, index, backendPod, port)) {
    // Straight to a pod IP (headless, pod address): no Service maps port → targetPort, so a port the pod does
    // not serve is answered with a TCP RST.
    const listening = servedPorts(scenario, index, backendPod);
    hops.push({
      kind: "pod.reply",
      at: `pod ${toPod}`,
      summary: `${toPod} does not listen on port ${port} (its Services send traffic to ${listening.join(", ")}): the kernel answers the SYN with a RST and the connect is refused.`,
      packet: { src: backend, dst: afterNat.src, protocol: "tcp" },
      detail: { rst: true, listening },
    });
    return connected(attempted, "refused", reached);
  }
  const reply: Packet = { src: backend, dst: afterNat.src, protocol: "tcp" };
  hops.push(
    ...returnHops(scenario, { reply, fromNode: backendPod.node, toNode: client.node, decision, clientPod: client.key }),
  );
  const really = backend === packet.dst ? "" : ` (really ${toPod} at ${backend})`;
  hops.push({
    kind: "app.response",
    at: client.at,
    summary: `${client.key} receives the response from ${packet.dst}${really}.`,
    packet: { src: packet.dst, dst: packet.src, protocol: "tcp" },
    detail: { backend, backendPod: toPod },
  });
  return connected(attempted, "established", reached);
}

/** The backend a connection reached: "ip:port", "ns/name" and node. */
interface Reached {
  readonly backend: string;
  readonly backendPod: string;
  readonly backendNode: string;
}

/** What every ending of one connection shares: its first packet, kube-proxy's decision and the hops so far. */
interface Attempted {
  readonly packet: Packet;
  readonly decision: ProxyDecision;
  readonly proxy: ProxyPath | null;
  readonly hops: readonly Hop[];
}

function connected(attempted: Attempted, outcome: ConnectionOutcome, reached: Reached | null): Connected {
  const { packet, decision, proxy, hops } = attempted;
  const connection: Connection = {
    dst: packet.dst,
    protocol: "tcp",
    snat: decision.masquerade,
    outcome,
    backend: reached?.backend ?? null,
    backendPod: reached?.backendPod ?? null,
    backendNode: reached?.backendNode ?? null,
  };
  return { connection, proxy, decision, hops };
}

function destinationOf(index: ScenarioIndex, decision: ProxyDecision, packet: Packet, ip: string): Destination {
  if (decision.verdict === "dnat" && decision.endpoint !== null && decision.dnatTo !== null) {
    return { kind: "pod", backend: decision.dnatTo, pod: decision.endpoint.pod };
  }
  const pod = index.podsByIP.get(ip);
  if (pod !== undefined) return { kind: "pod", backend: packet.dst, pod };
  const { clusterCidr, serviceCidr } = index;
  const inCluster =
    (clusterCidr !== null && cidrContains(clusterCidr, ip)) || (serviceCidr !== null && cidrContains(serviceCidr, ip));
  return inCluster ? { kind: "unowned" } : { kind: "external" };
}

/** Traffic to an address outside the cluster: out through the node's default route, masqueraded to the node IP. */
function external(context: ConnectionContext, decision: ProxyDecision, packet: Packet, hops: Hop[]): Connected {
  const { client, index } = context;
  const node = index.nodesByName.get(client.node);
  const snat = !client.pod.hostNetwork;
  const egress: Packet =
    snat && node !== undefined ? { ...packet, src: `${node.ip}:${packet.src.split(":")[1]}` } : packet;
  const masqueraded = snat
    ? `, masqueraded to the node IP ${node?.ip ?? ""} (the CNI masquerades pod traffic leaving the cluster CIDR)`
    : "";
  const undone = snat ? " (conntrack undoes the masquerade on the way back)" : "";
  hops.push(
    {
      kind: "net.route",
      at: `node ${client.node}`,
      summary: `${packet.dst} is outside the cluster: the packet leaves node ${client.node} by its default route${masqueraded}.`,
      packet: egress,
      detail: { destination: "external", snat },
    },
    {
      kind: "app.response",
      at: client.at,
      summary: `${client.key} receives the response from ${packet.dst}${undone}.`,
      packet: { src: packet.dst, dst: packet.src, protocol: "tcp" },
      detail: { backend: packet.dst, backendPod: null },
    },
  );
  return {
    connection: {
      dst: packet.dst,
      protocol: "tcp",
      outcome: "established",
      backend: packet.dst,
      backendPod: null,
      backendNode: null,
      snat,
    },
    proxy: null,
    decision,
    hops,
  };
}

/** The ports a pod serves, as far as the scenario says: the target ports of the Services that select it. */
function servedPorts(scenario: Scenario, index: ScenarioIndex, pod: PodSpec): readonly number[] {
  const cached = index.servedPorts.get(pod);
  if (cached !== undefined) return cached;
  const ports = new Set<number>();
  for (const svc of scenario.services) {
    if (svc.type === "ExternalName" || !selects(svc, pod)) continue;
    for (const p of svc.ports) ports.add(p.targetPort ?? p.port);
  }
  const sorted = [...ports].sort((a, b) => a - b);
  index.servedPorts.set(pod, sorted);
  return sorted;
}

/** A pod no Service selects is assumed to serve whatever port it is asked for. */
function listensOn(scenario: Scenario, index: ScenarioIndex, pod: PodSpec, port: number): boolean {
  const ports = servedPorts(scenario, index, pod);
  return ports.length === 0 || ports.includes(port);
}
