/**
 * Who answers a DNS query the pod sends: NodeLocal DNSCache on the node, a CoreDNS pod reached directly or
 * through kube-proxy's DNAT of the kube-dns ClusterIP, an upstream resolver, or nobody (rejected, dropped,
 * nothing listening). See lib/sim/README.md, "The DNS query is Service traffic".
 */
import type { PodSpec, ServiceSpec } from "../schemas/scenario";
import { cidrContains } from "./cidr";
import { proxyConnection, type ConnectionAttempt, type ProxyDecision } from "./kube-proxy";
import { namespacedName } from "./namespaced-name";
import type { Random } from "./random";
import type { ResolverOptions } from "./resolver";
import type { Client, ScenarioIndex } from "./scenario-index";
import type { Hop, Packet, Scenario } from "./types";

export const DNS_PORT = 53;
// glibc uses 127.0.0.1 when resolv.conf names no nameserver (res_init.c); nothing listens there in a pod.
export const LOOPBACK_NAMESERVER = "127.0.0.1";

export type Responder =
  | { readonly kind: "node-local"; readonly at: string }
  | { readonly kind: "coredns"; readonly pod: PodSpec; readonly packet: Packet }
  | { readonly kind: "upstream" }
  | { readonly kind: "timeout"; readonly why: string }
  | { readonly kind: "refused"; readonly why: string };

/** What the responder reads, and adds to: the kube-proxy hop goes into `hops`, the Service used into `dnsServices`. */
export interface ResponderRun {
  readonly scenario: Scenario;
  readonly index: ScenarioIndex;
  readonly client: Client;
  readonly options: ResolverOptions;
  readonly rng: Random;
  readonly hops: Hop[];
  readonly dnsServices: Set<ServiceSpec>;
}

/** Who answers a query sent to `server` (lib/sim/README.md, "The DNS query is Service traffic"). */
export function responderFor(
  run: ResponderRun,
  server: string,
  query: Packet,
  srcPort: number,
  protocol: "tcp" | "udp",
): Responder {
  const { scenario, client, index } = run;
  const nodeLocal = scenario.dns.nodeLocalDNS;
  if (
    nodeLocal !== null &&
    (server === nodeLocal || (server === scenario.dns.clusterDNS && scenario.kubeProxy.mode !== "ipvs"))
  ) {
    return { kind: "node-local", at: `node-local-dns node ${client.node}` };
  }
  if (server === LOOPBACK_NAMESERVER) return { kind: "refused", why: "nothing listens on 127.0.0.1:53 in the pod" };
  const direct = index.podsByIP.get(server);
  if (direct !== undefined && index.dnsPods.has(direct)) return { kind: "coredns", pod: direct, packet: query };
  const isServiceIP =
    index.servicesByIP.has(server) || (index.serviceCidr !== null && cidrContains(index.serviceCidr, server));
  if (!isServiceIP) return { kind: "upstream" };

  const attempt: ConnectionAttempt = {
    client: { ip: client.ip, node: client.node, pod: client.key, hostNetwork: client.local },
    srcPort,
    dstIP: server,
    dstPort: DNS_PORT,
    protocol,
    endpoint: null,
  };
  const decision = proxyConnection(scenario, attempt, run.rng);
  const svc = decision.service === null ? undefined : index.servicesByKey.get(namespacedName(decision.service));
  if (svc !== undefined) run.dnsServices.add(svc);
  const endpointPod = decision.endpoint?.pod ?? null;
  if (decision.hops.length > 0 || decision.verdict !== "none") {
    run.hops.push(serviceNatHop(run, decision, server, protocol));
  }
  switch (decision.verdict) {
    case "dnat":
      if (endpointPod !== null && index.dnsPods.has(endpointPod)) {
        return { kind: "coredns", pod: endpointPod, packet: decision.packetAfterNat };
      }
      return { kind: "refused", why: `${decision.dnatTo} does not serve DNS` };
    case "reject":
      return { kind: "refused", why: "kube-proxy rejects: no endpoints" };
    case "drop":
      return { kind: "timeout", why: "kube-proxy drops: no local endpoints" };
    case "none":
      return { kind: "timeout", why: `nothing answers ${server}:${DNS_PORT}` };
  }
}

function serviceNatHop(run: ResponderRun, decision: ProxyDecision, server: string, protocol: "tcp" | "udp"): Hop {
  const { options } = run;
  return {
    kind: "dns.service-nat",
    at: `node ${run.client.node}`,
    summary: serviceNatSentence(decision, server),
    packet: decision.packetAfterNat,
    detail: {
      mode: decision.mode,
      service: decision.service,
      verdict: decision.verdict,
      chains: decision.chains,
      candidates: decision.candidates,
      dnatTo: decision.dnatTo,
      masquerade: decision.masquerade,
      steps: decision.hops.map((h) => h.kind),
      // kubernetes#56903: parallel A/AAAA from one UDP socket race to insert the same conntrack entry; the
      // loser is dropped and the resolver waits out timeout:5 (the "5 second DNS delay")
      conntrackRace:
        decision.verdict === "dnat" &&
        protocol === "udp" &&
        !options.singleRequest &&
        !options.singleRequestReopen &&
        !options.noAaaa,
    },
  };
}

function serviceNatSentence(decision: ProxyDecision, server: string): string {
  const svcName = decision.service === null ? server : namespacedName(decision.service);
  switch (decision.verdict) {
    case "dnat": {
      const pod = decision.endpoint?.pod ?? null;
      const where = pod === null ? "" : ` (${namespacedName(pod)} on ${pod.node})`;
      return `kube-proxy (${decision.mode}) DNATs the DNS packet from ${server}:${DNS_PORT} (${svcName}) to ${decision.dnatTo}${where}; conntrack remembers it for the reply.`;
    }
    case "reject":
      return `kube-proxy has no endpoint for ${svcName}: the DNS packet is rejected (ICMP port unreachable).`;
    case "drop":
      return `kube-proxy drops the DNS packet to ${svcName} (no usable endpoint); the resolver waits out its timeout.`;
    case "none":
      return `No kube-proxy rule matches ${server}:${DNS_PORT}.`;
  }
}
