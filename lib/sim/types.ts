/**
 * Trace shapes (lib/sim/README.md, "Traces"). Field names are public: add, never rename or drop.
 * Traces are immutable values.
 */
import type { ScenarioShape } from "../schemas/scenario";

/** A scenario after validation: schema defaults plus the default kube-dns Service and CoreDNS pods. */
export type Scenario = ScenarioShape;

export type HopKind =
  | "app.request"
  | "resolver.config"
  | "resolver.hosts"
  | "resolver.candidates"
  | "dns.query"
  | "dns.service-nat"
  | "dns.lookup"
  | "dns.reply"
  | "resolver.result"
  | "app.connect"
  | "proxy.service"
  | "proxy.endpoint"
  | "proxy.dnat"
  | "proxy.masquerade"
  | "proxy.reject"
  | "proxy.drop"
  | "proxy.pass"
  | "lb.select"
  | "proxy.health-check"
  | "net.route"
  | "net.masquerade"
  | "pod.receive"
  | "pod.reply"
  | "net.route-back"
  | "conntrack.reverse"
  | "app.response";

export const HOP_KINDS: readonly HopKind[] = [
  "app.request",
  "resolver.config",
  "resolver.hosts",
  "resolver.candidates",
  "dns.query",
  "dns.service-nat",
  "dns.lookup",
  "dns.reply",
  "resolver.result",
  "app.connect",
  "proxy.service",
  "proxy.endpoint",
  "proxy.dnat",
  "proxy.masquerade",
  "proxy.reject",
  "proxy.drop",
  "proxy.pass",
  "lb.select",
  "proxy.health-check",
  "net.route",
  "net.masquerade",
  "pod.receive",
  "pod.reply",
  "net.route-back",
  "conntrack.reverse",
  "app.response",
];

/** A packet's addresses at a hop, "ip:port" each. */
export interface Packet {
  readonly src: string;
  readonly dst: string;
  readonly protocol: "tcp" | "udp";
}

export interface Hop {
  readonly kind: HopKind;
  /** where it happens: "pod app/foo", "node node-1", "coredns kube-system/coredns-0", … */
  readonly at: string;
  /** one human sentence */
  readonly summary: string;
  readonly packet: Packet | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export type ContextKind = "kubelet.resolv-conf" | "endpointslice.ready" | "kube-proxy.sync" | "coredns.watch";

export interface ContextFact {
  readonly kind: ContextKind;
  readonly summary: string;
}

export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  /** as written on the options line, e.g. "ndots:5" */
  readonly options: readonly string[];
}

/**
 * A DNS response code, plus two pseudo-codes for a query that got no DNS response at all: TIMEOUT (the
 * resolver waited out timeout × attempts) and UNREACHABLE (ICMP port unreachable: REJECT or nothing listening).
 */
export type Rcode = "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED" | "TIMEOUT" | "UNREACHABLE";
export type RecordType = "A" | "AAAA" | "CNAME" | "SRV" | "SOA";

export interface DnsAnswer {
  readonly type: RecordType;
  readonly value: string;
}

export interface DnsQuery {
  readonly name: string;
  readonly types: readonly ("A" | "AAAA" | "SRV")[];
  readonly server: string;
  readonly rcode: Rcode;
  readonly answers: readonly DnsAnswer[];
}

export type ResolverError = "EAI_NONAME" | "EAI_AGAIN" | "ECONNREFUSED";

export interface DnsResult {
  readonly queries: readonly DnsQuery[];
  readonly packets: number;
  readonly result: { readonly addresses: readonly string[]; readonly error: ResolverError | null };
}

export type ConnectionOutcome = "established" | "refused" | "timeout";

export interface Connection {
  readonly dst: string;
  readonly protocol: "tcp" | "udp";
  readonly outcome: ConnectionOutcome;
  readonly backend: string | null;
  readonly backendPod: string | null;
  readonly backendNode: string | null;
  readonly snat: boolean;
  /** "ip:port" the backend saw as the connection's source (after every SNAT), null when nothing was reached */
  readonly seenSource: string | null;
  /** the nodes whose netfilter the first packet crossed, in order (the load balancer's choice first) */
  readonly nodes: readonly string[];
}

export interface ProxyCandidate {
  readonly endpoint: string;
  readonly probability: number;
}

export interface ProxyPath {
  readonly mode: "iptables" | "ipvs" | "nftables";
  readonly chains: readonly string[];
  readonly candidates: readonly ProxyCandidate[];
}

export interface Trace {
  readonly scenario: Scenario;
  readonly resolvConf: ResolvConf;
  readonly dns: DnsResult;
  readonly connection: Connection | null;
  readonly proxy: ProxyPath | null;
  readonly hops: readonly Hop[];
  readonly context: readonly ContextFact[];
}

/** Expected failures are values (lib/sim/README.md, "Public entry"): `{ ok: false, errors }` with field paths. */
export interface FieldError {
  /** dotted path into the scenario, e.g. "pods.2.ip" */
  readonly path: string;
  readonly message: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };
