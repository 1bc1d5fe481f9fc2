/**
 * Getting a packet from the client's node to the backend pod and the reply back (netsim.md §7).
 */
import type { ProxyDecision } from "./kube-proxy";
import type { Hop, Packet, Scenario } from "./types";

export function forwardHops(
  _scenario: Scenario,
  args: { packet: Packet; fromNode: string; toNode: string; toPod: string },
): readonly Hop[] {
  return [
    {
      kind: "net.route",
      at: `node ${args.fromNode}`,
      summary: `The packet is routed from node ${args.fromNode} to node ${args.toNode}.`,
      packet: args.packet,
      detail: {},
    },
    {
      kind: "pod.receive",
      at: `pod ${args.toPod}`,
      summary: `Pod ${args.toPod} receives the packet.`,
      packet: args.packet,
      detail: {},
    },
  ];
}

export function returnHops(
  _scenario: Scenario,
  _args: { reply: Packet; fromNode: string; toNode: string; decision: ProxyDecision; clientPod: string },
): readonly Hop[] {
  return [];
}
