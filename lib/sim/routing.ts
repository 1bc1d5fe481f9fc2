/**
 * Getting the (already NATed) packet from the handling node to the backend pod, and the reply back
 * (lib/sim/README.md, "Getting to the node and back"). On the destination node the packet is plain pod-IP
 * traffic: kube-proxy does not touch it again. The reply is reverse-translated by the conntrack entry the DNAT
 * created on the client's node.
 */
import type { NodeSpec } from "../schemas/scenario";
import type { ProxyDecision } from "./kube-proxy";
import { addressInCidr, inCidr, splitHostPort } from "./kube-proxy/addresses";
import { replyPath, type NatPoint } from "./reply-path";
import type { Hop, Packet, Scenario } from "./types";
import { namespacedName } from "./namespaced-name";

/** flannel's defaults (kube-flannel.yml): VXLAN backend on UDP 8472 (the Linux kernel's port), VNI 1 */
const VXLAN_PORT = 8472;
const VXLAN_VNI = 1;

export function nodeNamed(scenario: Scenario, name: string): NodeSpec | undefined {
  return scenario.nodes.find((node) => node.name === name);
}

/** The node whose pod CIDR holds `ip` (pod traffic is routed by pod CIDR). */
function nodeOwning(scenario: Scenario, ip: string): NodeSpec | undefined {
  return scenario.nodes.find(
    (node) => inCidr(node.podCIDRs[1] ?? node.podCIDR, ip) || inCidr(node.podCIDR, ip) || node.ip === ip,
  );
}

/** The node's pod CIDR of the address's family (IPv6: its second podCIDRs entry). */
function podCIDROf(node: NodeSpec, ip: string): string {
  return ip.includes(":") ? (node.podCIDRs[1] ?? node.podCIDR) : node.podCIDR;
}

export interface Leg {
  readonly summary: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** How one node reaches a pod on itself, per CNI. */
function sameNodeLeg(scenario: Scenario, node: NodeSpec, dstIP: string, toPod: string | null): Leg {
  const target = toPod === null ? dstIP : `${toPod} (${dstIP})`;
  switch (scenario.cni.mode) {
    case "bgp":
      return {
        summary: `Same node: ${node.name} routes ${dstIP} by its per-pod /32 route to the pod's cali* veth; no bridge, no encapsulation. ${target} is reached directly.`,
        detail: { sameNode: true, cni: "bgp", route: `${dstIP} dev cali… scope link`, encapsulation: null },
      };
    case "cloud-routes":
      return {
        summary: `Same node: ${node.name} delivers to ${target} through its local bridge (cbr0, ${addressInCidr(podCIDROf(node, dstIP), 1)}) and the pod's veth; the VPC is not involved, no encapsulation.`,
        detail: { sameNode: true, cni: "cloud-routes", device: "cbr0", encapsulation: null },
      };
    default:
      return {
        summary: `Same node: ${node.name} switches the packet onto the cni0 bridge (${addressInCidr(podCIDROf(node, dstIP), 1)}) and the pod's veth to ${target}; no encapsulation.`,
        detail: {
          sameNode: true,
          cni: scenario.cni.mode,
          device: "cni0",
          route: `${podCIDROf(node, dstIP)} dev cni0`,
          encapsulation: null,
        },
      };
  }
}

/** How `from` reaches a pod on `to`, per CNI (flannel Documentation/backends.md; Calico BGP; cloud routes). */
function crossNodeLeg(scenario: Scenario, from: NodeSpec, to: NodeSpec, dstIP: string): Leg {
  if (dstIP.includes(":") && scenario.cni.mode === "vxlan") {
    // flannel dual-stack: IPv6 pod traffic has its own VXLAN device, flannel-v6.1, whose tunnel runs between the
    // nodes' own IPv6 addresses (not in the scenario, so the outer header is not shown)
    const block = podCIDROf(to, dstIP);
    return {
      summary: `${from.name} routes ${block} via flannel-v6.1: the kernel wraps the packet in VXLAN (VNI ${VXLAN_VNI}) in UDP to ${to.name}'s flannel-v6.1 (port ${VXLAN_PORT}, over the nodes' IPv6 addresses); ${to.name} unwraps it and cni0 delivers it to ${dstIP}'s veth.`,
      detail: {
        sameNode: false,
        cni: "vxlan",
        route: `${block} via ${addressInCidr(block, 0)} dev flannel-v6.1 onlink`,
        encapsulation: { type: "vxlan", vni: VXLAN_VNI, outer: null },
      },
    };
  }
  switch (scenario.cni.mode) {
    case "vxlan":
      return {
        summary: `${from.name} routes ${to.podCIDR} via flannel.1: the kernel wraps the packet in VXLAN (VNI ${VXLAN_VNI}) inside UDP ${from.ip} → ${to.ip}:${VXLAN_PORT}; ${to.name}'s flannel.1 unwraps it and cni0 delivers it to ${dstIP}'s veth.`,
        detail: {
          sameNode: false,
          cni: "vxlan",
          route: `${to.podCIDR} via ${addressInCidr(to.podCIDR, 0)} dev flannel.1 onlink`,
          encapsulation: {
            type: "vxlan",
            vni: VXLAN_VNI,
            outer: { src: from.ip, dst: `${to.ip}:${VXLAN_PORT}`, protocol: "udp" },
          },
        },
      };
    case "host-gw":
      return {
        summary: `${from.name} routes ${to.podCIDR} via ${to.ip} (${to.name}) on its own network interface, unencapsulated (host-gw needs the nodes on one L2 segment); ${to.name} forwards it over cni0 to ${dstIP}.`,
        detail: { sameNode: false, cni: "host-gw", route: `${to.podCIDR} via ${to.ip} dev eth0`, encapsulation: null },
      };
    case "bgp":
      return {
        summary: `${from.name} has the route ${to.podCIDR} via ${to.ip}, learned over BGP from ${to.name}'s Calico (BIRD) agent; the packet goes unencapsulated to ${to.name}, which routes it to ${dstIP}'s cali* veth.`,
        detail: {
          sameNode: false,
          cni: "bgp",
          route: `${to.podCIDR} via ${to.ip} dev eth0 proto bird`,
          encapsulation: null,
        },
      };
    case "cloud-routes":
      return {
        summary: `${from.name} sends the packet out of eth0 to the VPC; the VPC route table maps ${to.podCIDR} to instance ${to.name} (${to.ip}), so it arrives unencapsulated and ${to.name} delivers it to ${dstIP}.`,
        detail: {
          sameNode: false,
          cni: "cloud-routes",
          route: `VPC route table: ${to.podCIDR} → ${to.name}`,
          encapsulation: null,
        },
      };
  }
}

export function leg(scenario: Scenario, fromNode: string, toNode: string, dstIP: string, toPod: string | null): Leg {
  const from = nodeNamed(scenario, fromNode);
  const to = nodeNamed(scenario, toNode);
  if (from === undefined || to === undefined) {
    return {
      summary: `The packet is routed from ${fromNode} to ${toNode}.`,
      detail: { sameNode: fromNode === toNode },
    };
  }
  if (fromNode !== toNode) return crossNodeLeg(scenario, from, to, dstIP);
  return inCidr(podCIDROf(from, dstIP), dstIP)
    ? sameNodeLeg(scenario, from, dstIP, toPod)
    : upFromPod(scenario, from, dstIP);
}

/**
 * A pod's packet to an address that is no pod of this node (a reply to a client outside the cluster): it
 * leaves the pod's veth into the node's own stack, where netfilter and the routing table take it on.
 */
function upFromPod(scenario: Scenario, node: NodeSpec, dstIP: string): Leg {
  const way =
    scenario.cni.mode === "bgp"
      ? "the pod's cali* veth"
      : scenario.cni.mode === "cloud-routes"
        ? "the pod's veth and cbr0"
        : "the pod's veth and the cni0 bridge";
  return {
    summary: `The packet comes up ${way} into ${node.name}'s own network stack, which routes it towards ${dstIP}; no encapsulation.`,
    detail: { sameNode: true, cni: scenario.cni.mode, towards: dstIP, encapsulation: null },
  };
}

/**
 * net.route (the packet's way to the backend's node and veth, per CNI) and pod.receive. `packet` is the packet
 * after kube-proxy's NAT; it is not changed on the way (encapsulation wraps it, it does not rewrite it).
 */
export function forwardHops(
  scenario: Scenario,
  args: { packet: Packet; fromNode: string; toNode: string; toPod: string },
): readonly Hop[] {
  const { packet, fromNode, toNode, toPod } = args;
  const dst = splitHostPort(packet.dst);
  const src = splitHostPort(packet.src);
  const route = leg(scenario, fromNode, toNode, dst.ip, toPod);
  const clientPodHere = scenario.pods.find(
    (pod) => (pod.ip === src.ip || pod.podIPs[1] === src.ip) && !pod.hostNetwork,
  );
  const sourceNode = nodeOwning(scenario, src.ip);
  const sourceNote =
    clientPodHere !== undefined
      ? `the client pod ${namespacedName(clientPodHere)}'s own address: pod-to-pod traffic is not NATed`
      : sourceNode !== undefined
        ? `an address of node ${sourceNode.name}: a hostNetwork client, or a source masqueraded by kube-proxy`
        : "the client's address";
  return [
    { kind: "net.route", at: `node ${fromNode}`, summary: route.summary, packet, detail: route.detail },
    {
      kind: "pod.receive",
      at: `pod ${toPod}`,
      summary: `${toPod} receives the packet on ${packet.dst} from ${packet.src} (${sourceNote}) and handles the request.`,
      packet,
      detail: { source: packet.src, destination: packet.dst },
    },
  ];
}

/**
 * pod.reply, net.route-back and conntrack.reverse for a connection one node's kube-proxy translated (or nobody
 * did): reply-path.ts with that decision as the only translation. For a Service connection the reply leaves the
 * pod as podIP:targetPort → (client or masquerade address); conntrack on the node that did the DNAT rewrites the
 * source back to ClusterIP:port and undoes the SNAT. A connection straight to a pod IP was never NATed, so
 * there is no conntrack.reverse hop.
 */
export function returnHops(
  scenario: Scenario,
  args: { reply: Packet; fromNode: string; toNode: string; decision: ProxyDecision; clientPod: string },
): readonly Hop[] {
  const { reply, fromNode, toNode, decision, clientPod } = args;
  const natted = decision.verdict === "dnat";
  const replySource = splitHostPort(reply.src).ip;
  const backend =
    decision.endpoint?.pod ??
    scenario.pods.find((pod) => (pod.ip === replySource || pod.podIPs[1] === replySource) && !pod.hostNetwork);
  const backendName = backend !== undefined ? namespacedName(backend) : reply.src;
  const hairpin =
    natted && decision.endpoint !== null && decision.endpoint.ip === splitHostPort(decision.packetBeforeNat.src).ip;
  const natPoints: NatPoint[] = natted
    ? [{ node: decision.node, before: decision.packetBeforeNat, after: decision.packetAfterNat, kind: "kube-proxy" }]
    : [];
  return replyPath(scenario, {
    reply,
    fromNode,
    backendAt: backend !== undefined ? `pod ${backendName}` : `node ${fromNode}`,
    backendName,
    natPoints,
    client: { node: toNode, key: clientPod, outside: false },
    hairpin,
  });
}

/**
 * A packet to another node's own address (a NodePort, a hostNetwork pod): it is not pod traffic, so it leaves
 * by eth0 on the node network, unencapsulated, whatever the CNI.
 */
export function nodeNetworkHop(scenario: Scenario, packet: Packet, fromNode: string, toNode: string): Hop {
  const route = nodeNetworkLeg(scenario, fromNode, toNode, splitHostPort(packet.dst).ip);
  return { kind: "net.route", at: `node ${fromNode}`, summary: route.summary, packet, detail: route.detail };
}

/** The way to a node's own address: the node network (eth0), unencapsulated, whatever the CNI. */
export function nodeNetworkLeg(scenario: Scenario, fromNode: string, toNode: string, dstIP: string): Leg {
  if (fromNode === toNode) {
    return {
      summary: `${dstIP} is ${toNode}'s own address: the packet is delivered to ${toNode}'s own network stack.`,
      detail: { sameNode: true, local: true, encapsulation: null },
    };
  }
  return {
    summary: `${dstIP} is ${toNode}'s own address, not a pod address: ${fromNode} sends the packet out of eth0 on the node network, unencapsulated (node addresses are not behind the CNI's ${scenario.cni.mode} routes), and it arrives at ${toNode}.`,
    detail: {
      sameNode: false,
      cni: scenario.cni.mode,
      route: `${dstIP} dev eth0`,
      encapsulation: null,
      nodeNetwork: true,
    },
  };
}

/** Whether `ip` is one of a node's own addresses: its IP, or the cni0 / flannel.1 address MASQUERADE picks. */
export function isNodeAddress(scenario: Scenario, node: string, ip: string): boolean {
  const spec = nodeNamed(scenario, node);
  if (spec === undefined) return false;
  return ip === spec.ip || ip === addressInCidr(spec.podCIDR, 0) || ip === addressInCidr(spec.podCIDR, 1);
}
