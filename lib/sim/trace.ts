import type { NodeSpec, PodSpec, ServiceSpec } from "../schemas/scenario";
import { cidrContains, parseCidr, type Cidr } from "./cidr";
import { corednsAnswer, corednsPods, inClusterZone, upstreamAnswer, type DnsLookup } from "./coredns";
import { endpointsOf, selects, usableEndpoints } from "./endpoints";
import { proxyConnection, type ConnectionAttempt, type ProxyDecision } from "./kube-proxy";
import { seededRandom, type Random } from "./random";
import { clusterNameserver, podDnsType } from "./resolv-conf";
import { resolvConfFor } from "./resolv-conf";
import {
  packetsPerExchange,
  resolverOptions,
  runResolver,
  candidateNames,
  type ExchangeOutcome,
  type ResolverOptions,
} from "./resolver";
import { forwardHops, returnHops } from "./routing";
import type {
  Connection,
  ContextFact,
  DnsAnswer,
  DnsQuery,
  Hop,
  Packet,
  ProxyPath,
  Rcode,
  ResolvConf,
  Scenario,
  Trace,
} from "./types";
import { parseRequestUrl } from "./url";
import { KUBE_DNS_NAME, KUBE_DNS_NAMESPACE } from "./validate";

export interface TraceOptions {
  /** picks ephemeral ports, kube-proxy's endpoint draws and CoreDNS's answer rotation */
  readonly seed: number;
}

// Linux net.ipv4.ip_local_port_range default: ephemeral source ports come from 32768–60999.
const EPHEMERAL_MIN = 32768;
const EPHEMERAL_MAX = 60999;
const DNS_PORT = 53;
// glibc uses 127.0.0.1 when resolv.conf names no nameserver (res_init.c); nothing listens there in a pod.
const LOOPBACK_NAMESERVER = "127.0.0.1";

interface Client {
  readonly pod: PodSpec;
  readonly key: string;
  readonly ip: string;
  readonly node: string;
  readonly at: string;
}

/**
 * Lookups a trace needs, computed once per scenario object (scenarios are immutable values, so a WeakMap
 * cache never goes stale). Keeps a trace of the seed scenario in the tens of microseconds.
 */
interface ScenarioIndex {
  readonly podsByKey: ReadonlyMap<string, PodSpec>;
  readonly podsByIP: ReadonlyMap<string, PodSpec>;
  readonly nodesByName: ReadonlyMap<string, NodeSpec>;
  readonly servicesByKey: ReadonlyMap<string, ServiceSpec>;
  readonly servicesByIP: ReadonlyMap<string, ServiceSpec>;
  readonly clusterCidr: Cidr | null;
  readonly serviceCidr: Cidr | null;
  readonly dnsPods: ReadonlySet<PodSpec>;
  /** CoreDNS pods kube-proxy would send to: ready ones (serving-terminating when none is ready) */
  readonly dnsUsable: readonly PodSpec[];
  readonly url: ReturnType<typeof parseRequestUrl>;
  readonly confs: Map<PodSpec, ResolvConf>;
  readonly endpointFacts: Map<ServiceSpec, ContextFact>;
  readonly servedPorts: Map<PodSpec, readonly number[]>;
  readonly syncFacts: Map<string, ContextFact>;
  readonly corednsFact: ContextFact;
  /** DNS answers are a pure function of the scenario and the question, so they are computed once */
  readonly answers: Map<string, DnsLookup>;
}

const indexes = new WeakMap<Scenario, ScenarioIndex>();

function indexOf(scenario: Scenario): ScenarioIndex {
  const cached = indexes.get(scenario);
  if (cached !== undefined) return cached;
  const podsByKey = new Map<string, PodSpec>();
  const podsByIP = new Map<string, PodSpec>();
  for (const pod of scenario.pods) {
    podsByKey.set(`${pod.namespace}/${pod.name}`, pod);
    const known = podsByIP.get(pod.ip);
    // a node IP is shared by its hostNetwork pods; an ordinary pod owning the address wins
    if (known === undefined || (known.hostNetwork && !pod.hostNetwork)) podsByIP.set(pod.ip, pod);
  }
  const servicesByKey = new Map<string, ServiceSpec>();
  const servicesByIP = new Map<string, ServiceSpec>();
  for (const svc of scenario.services) {
    servicesByKey.set(`${svc.namespace}/${svc.name}`, svc);
    if (svc.clusterIP !== null && svc.clusterIP !== "None") servicesByIP.set(svc.clusterIP, svc);
  }
  const dnsPods = corednsPods(scenario);
  const index: ScenarioIndex = {
    podsByKey,
    podsByIP,
    nodesByName: new Map(scenario.nodes.map((n) => [n.name, n])),
    servicesByKey,
    servicesByIP,
    clusterCidr: parseCidr(scenario.clusterCIDR),
    serviceCidr: parseCidr(scenario.serviceCIDR),
    dnsPods: new Set(dnsPods),
    dnsUsable: usableDnsPods(scenario, dnsPods),
    url: parseRequestUrl(scenario.request.url),
    confs: new Map(),
    endpointFacts: new Map(),
    servedPorts: new Map(),
    syncFacts: new Map(),
    corednsFact: corednsFact(scenario, dnsPods),
    answers: new Map(),
  };
  indexes.set(scenario, index);
  return index;
}

/** Mutable scratch of one trace run; the Trace returned is built from it once. */
interface Run {
  readonly scenario: Scenario;
  readonly index: ScenarioIndex;
  readonly rng: Random;
  readonly client: Client;
  readonly conf: ResolvConf;
  readonly options: ResolverOptions;
  readonly hops: Hop[];
  readonly queries: DnsQuery[];
  readonly dnsServices: Set<ServiceSpec>;
  packets: number;
}

/**
 * The correct hop-by-hop path of the scenario's request (contracts.md "Trace"; netsim.md §1–7): resolv.conf,
 * the resolver's candidate names and each DNS query's own trip through the kube-dns Service, then the
 * connection through kube-proxy, the network and back. The scenario must come from validateScenario.
 * Deterministic: the same scenario and seed always give the same trace.
 */
export function traceScenario(scenario: Scenario, opts: TraceOptions): Trace {
  const rng = seededRandom(opts.seed);
  const index = indexOf(scenario);
  const pod = index.podsByKey.get(scenario.request.from);
  const url = index.url;
  if (pod === undefined || !url.ok) {
    throw new Error("traceScenario needs a scenario from validateScenario (unknown client pod or bad URL)");
  }
  const key = `${pod.namespace}/${pod.name}`;
  const client: Client = { pod, key, ip: pod.ip, node: pod.node, at: `pod ${key}` };
  let conf = index.confs.get(pod);
  if (conf === undefined) {
    conf = resolvConfFor(scenario, pod);
    index.confs.set(pod, conf);
  }
  const options = resolverOptions(conf, pod.resolver);
  const run: Run = {
    scenario,
    index,
    rng,
    client,
    conf,
    options,
    hops: [],
    queries: [],
    dnsServices: new Set(),
    packets: 0,
  };
  const { host, port } = url.value;

  run.hops.push({
    kind: "app.request",
    at: client.at,
    summary: `The application in ${key} requests ${scenario.request.url}: host "${host}", port ${port}${url.value.scheme === "https" || url.value.scheme === "http" ? ` (${url.value.scheme})` : ""}.`,
    packet: null,
    detail: { url: scenario.request.url, scheme: url.value.scheme, host, port, path: url.value.path },
  });

  let addresses: readonly string[];
  let error: Trace["dns"]["result"]["error"];
  if (url.value.hostIsAddress) {
    addresses = [host];
    error = null;
    run.hops.push({
      kind: "resolver.result",
      at: client.at,
      summary: `"${host}" is an IP address, so getaddrinfo returns it without any DNS query.`,
      packet: null,
      detail: { addresses, error: null, numericHost: true },
    });
  } else {
    const resolved = resolve(run, host);
    addresses = resolved.addresses;
    error = resolved.error;
  }

  const connected = error === null && addresses[0] !== undefined ? connect(run, addresses[0], port) : null;
  return {
    scenario,
    resolvConf: conf,
    dns: { queries: run.queries, packets: run.packets, result: { addresses, error } },
    connection: connected?.connection ?? null,
    proxy: connected?.proxy ?? null,
    hops: run.hops,
    context: contextFacts(run, connected?.decision ?? null),
  };
}

function resolve(run: Run, host: string): { addresses: readonly string[]; error: Trace["dns"]["result"]["error"] } {
  const { client, conf, options } = run;
  const flavour = client.pod.resolver;
  const dnsType = podDnsType(client.pod);
  run.hops.push({
    kind: "resolver.config",
    at: client.at,
    summary: `The ${flavour} resolver reads /etc/resolv.conf, written by kubelet for dnsPolicy ${client.pod.dnsPolicy}${client.pod.hostNetwork ? " on a hostNetwork pod" : ""}: nameserver ${conf.nameservers.join(", ") || "(none)"}, ${conf.search.length} search domain${conf.search.length === 1 ? "" : "s"}, ndots ${options.ndots}.`,
    packet: null,
    detail: {
      nameservers: conf.nameservers,
      search: conf.search,
      options: conf.options,
      ndots: options.ndots,
      dnsPolicy: client.pod.dnsPolicy,
      config: dnsType === "cluster" ? "cluster DNS" : dnsType === "host" ? "the node's resolv.conf" : "dnsConfig only",
      resolver: flavour,
    },
  });
  const candidates = candidateNames(host, conf, flavour);
  const dots = host.split(".").length - 1;
  const why = host.endsWith(".")
    ? "it ends with a dot, so it is tried as is and never searched"
    : dots >= options.ndots
      ? flavour === "musl"
        ? `it has ${dots} dot${dots === 1 ? "" : "s"} (≥ ndots ${options.ndots}), so musl tries it as is only`
        : `it has ${dots} dot${dots === 1 ? "" : "s"} (≥ ndots ${options.ndots}), so it is tried as is first, then with each search domain`
      : `it has ${dots} dot${dots === 1 ? "" : "s"} (< ndots ${options.ndots}), so each search domain is tried first and the name as is last`;
  run.hops.push({
    kind: "resolver.candidates",
    at: client.at,
    summary: `"${host}": ${why}; ${candidates.length} candidate name${candidates.length === 1 ? "" : "s"} at most.`,
    packet: null,
    detail: { name: host, dots, ndots: options.ndots, candidates, resolver: flavour },
  });

  const result = runResolver(host, conf, flavour, (candidate) => exchange(run, candidate), candidates);
  run.hops.push({
    kind: "resolver.result",
    at: client.at,
    summary:
      result.error === null
        ? `getaddrinfo returns ${result.addresses.join(", ")} after ${result.steps.length} candidate name${result.steps.length === 1 ? "" : "s"} (${run.packets} query packets): ${result.reason}.`
        : `getaddrinfo fails with ${result.error} after ${result.steps.length} candidate name${result.steps.length === 1 ? "" : "s"} (${run.packets} query packets): ${result.reason}; no connection is attempted.`,
    packet: null,
    detail: {
      addresses: result.addresses,
      error: result.error,
      candidatesTried: result.steps.length,
      packets: run.packets,
    },
  });
  return { addresses: result.addresses, error: result.error };
}

/** One candidate name: the query to each nameserver in turn until one answers (glibc res_send). */
function exchange(run: Run, candidate: string): ExchangeOutcome {
  const servers = run.conf.nameservers.length > 0 ? run.conf.nameservers : [LOOPBACK_NAMESERVER];
  let last: ExchangeOutcome = { kind: "timeout" };
  for (const server of servers) {
    last = exchangeWith(run, candidate, server);
    if (last.kind === "answer") return last;
  }
  return last;
}

type Responder =
  | { readonly kind: "node-local"; readonly at: string }
  | { readonly kind: "coredns"; readonly pod: PodSpec; readonly packet: Packet }
  | { readonly kind: "upstream" }
  | { readonly kind: "timeout"; readonly why: string }
  | { readonly kind: "refused"; readonly why: string };

function exchangeWith(run: Run, candidate: string, server: string): ExchangeOutcome {
  const { scenario, client, options, rng } = run;
  const srcPort = rng.int(EPHEMERAL_MIN, EPHEMERAL_MAX);
  const protocol = options.useVc ? "tcp" : "udp";
  const query: Packet = { src: `${client.ip}:${srcPort}`, dst: `${server}:${DNS_PORT}`, protocol };
  const types: ("A" | "AAAA")[] = options.noAaaa ? ["A"] : ["A", "AAAA"];
  const perTry = packetsPerExchange(options);
  const how = options.noAaaa
    ? "an A query"
    : options.useVc
      ? "A and AAAA queries over TCP (use-vc)"
      : options.singleRequestReopen
        ? "an A query, then an AAAA query from a new socket (single-request-reopen)"
        : options.singleRequest
          ? "an A query, then an AAAA query (single-request)"
          : "A and AAAA queries in parallel from one UDP socket";
  run.hops.push({
    kind: "dns.query",
    at: client.at,
    summary: `Sends ${how} for ${candidate} to ${server}.`,
    packet: query,
    detail: { name: candidate, types, server, srcPort },
  });

  const responder = responderFor(run, server, query, srcPort, protocol);
  if (responder.kind === "timeout" || responder.kind === "refused") {
    const tries = responder.kind === "timeout" ? options.attempts : 1;
    run.packets += perTry * tries;
    const rcode: Rcode = responder.kind === "timeout" ? "TIMEOUT" : "UNREACHABLE";
    run.queries.push({ name: candidate, types, server, rcode, answers: [] });
    return { kind: responder.kind };
  }
  run.packets += perTry;

  const upstreamFor = (pod: PodSpec | null): string => {
    const node = run.index.nodesByName.get(pod?.node ?? client.node);
    return node?.nameservers[0] ?? LOOPBACK_NAMESERVER;
  };
  let lookupA: DnsLookup;
  let lookupAAAA: DnsLookup | null;
  let at: string;
  let lookupPacket: Packet;
  let cache: string | null = null;
  if (responder.kind === "node-local") {
    // NodeLocal DNSCache (cold cache): cluster names go to CoreDNS over TCP via kube-dns-upstream, others to the
    // node's own resolvers; with no ready CoreDNS the cache has nowhere to forward cluster names → SERVFAIL.
    at = responder.at;
    lookupPacket = query;
    const inZone = inClusterZone(scenario, candidate);
    const usable = run.index.dnsUsable;
    // the cache's kube-dns-upstream Service balances over the CoreDNS endpoints like any Service
    const coredns = inZone && usable.length > 0 ? usable[rng.int(0, usable.length - 1)] : undefined;
    const reachable = !inZone || coredns !== undefined;
    const ask = (type: "A" | "AAAA"): DnsLookup =>
      reachable
        ? answerOf(run, "coredns", candidate, type, upstreamFor(coredns ?? null))
        : {
            rcode: "SERVFAIL",
            answers: [],
            soa: false,
            source: "kubernetes",
            forwardedTo: null,
            reason: "NodeLocal DNSCache cannot reach any CoreDNS pod",
          };
    lookupA = ask("A");
    lookupAAAA = options.noAaaa ? null : ask("AAAA");
    cache =
      coredns !== undefined
        ? `miss: forwarded over TCP via kube-dns-upstream to ${coredns.namespace}/${coredns.name} (${coredns.ip}:53)`
        : inZone
          ? "miss: no CoreDNS endpoint to forward to"
          : `miss: forwarded to the node's resolver ${upstreamFor(null)}`;
  } else if (responder.kind === "coredns") {
    at = `coredns ${responder.pod.namespace}/${responder.pod.name}`;
    lookupPacket = responder.packet;
    const upstream = upstreamFor(responder.pod);
    lookupA = answerOf(run, "coredns", candidate, "A", upstream);
    lookupAAAA = options.noAaaa ? null : answerOf(run, "coredns", candidate, "AAAA", upstream);
  } else {
    at = `nameserver ${server}`;
    lookupPacket = query;
    lookupA = answerOf(run, "upstream", candidate, "A", server);
    lookupAAAA = options.noAaaa ? null : answerOf(run, "upstream", candidate, "AAAA", server);
  }

  const answers = rotate(rng, [...lookupA.answers, ...(lookupAAAA?.answers.filter((a) => a.type === "AAAA") ?? [])]);
  const rcode = combinedRcode(lookupA, lookupAAAA);
  run.queries.push({ name: candidate, types, server, rcode, answers });
  const shown = rcode === "NOERROR" && answers.length === 0 ? "NODATA" : rcode;
  const forwarded = lookupA.source === "upstream" && responder.kind !== "upstream";
  run.hops.push({
    kind: "dns.lookup",
    at,
    summary: `${forwarded ? `${candidate} is outside ${scenario.clusterDomain}, so it is forwarded to ${lookupA.forwardedTo}: ` : ""}${lookupA.reason}${shown === "NOERROR" ? "" : ` → ${shown}`}${lookupAAAA !== null && lookupAAAA.rcode === "NOERROR" && lookupAAAA.answers.length === 0 && shown === "NOERROR" ? " (AAAA: NODATA)" : ""}.`,
    packet: lookupPacket,
    detail: {
      name: candidate,
      rcode,
      answers,
      aaaa: lookupAAAA === null ? null : { rcode: lookupAAAA.rcode, answers: lookupAAAA.answers },
      soa: lookupA.soa,
      source: lookupA.source,
      forwardedTo: lookupA.forwardedTo,
      ttl: lookupA.source === "kubernetes" ? scenario.dns.coredns.ttl : null,
      ...(cache === null ? {} : { cache }),
    },
  });
  const reverse = responder.kind === "coredns" && responder.packet.dst !== query.dst;
  run.hops.push({
    kind: "dns.reply",
    at: client.at,
    summary: `The reply (${shown}${answers.length > 0 ? `: ${answers.map((a) => `${a.type} ${a.value}`).join(", ")}` : ""}) returns to ${client.key}${reverse ? `; conntrack rewrites its source from ${responder.packet.dst} back to ${server}:${DNS_PORT}` : ""}.`,
    packet: { src: `${server}:${DNS_PORT}`, dst: query.src, protocol },
    detail: { name: candidate, rcode, answers, ...(reverse ? { replyFrom: responder.packet.dst } : {}) },
  });
  return { kind: "answer", rcode, answers };
}

function usableDnsPods(scenario: Scenario, pods: readonly PodSpec[]): readonly PodSpec[] {
  const kubeDns = scenario.services.find((s) => s.namespace === KUBE_DNS_NAMESPACE && s.name === KUBE_DNS_NAME);
  if (kubeDns === undefined) return [];
  const endpoints = usableEndpoints(endpointsOf(scenario, kubeDns));
  return pods.filter((pod) => endpoints.some((e) => e.pod === pod));
}

function answerOf(run: Run, who: "coredns" | "upstream", name: string, type: "A" | "AAAA", server: string): DnsLookup {
  const key = `${who} ${type} ${server} ${name}`;
  let answer = run.index.answers.get(key);
  if (answer === undefined) {
    answer =
      who === "coredns"
        ? corednsAnswer(run.scenario, name, type, server)
        : upstreamAnswer(run.scenario, name, type, server);
    run.index.answers.set(key, answer);
  }
  return answer;
}

/** Who answers a query sent to `server` (netsim.md §4). */
function responderFor(run: Run, server: string, query: Packet, srcPort: number, protocol: "tcp" | "udp"): Responder {
  const { scenario, client } = run;
  const nodeLocal = scenario.dns.nodeLocalDNS;
  if (
    nodeLocal !== null &&
    (server === nodeLocal || (server === scenario.dns.clusterDNS && scenario.kubeProxy.mode !== "ipvs"))
  ) {
    return { kind: "node-local", at: `node-local-dns node ${client.node}` };
  }
  if (server === LOOPBACK_NAMESERVER) return { kind: "refused", why: "nothing listens on 127.0.0.1:53 in the pod" };
  const { index } = run;
  const direct = index.podsByIP.get(server);
  if (direct !== undefined && index.dnsPods.has(direct)) return { kind: "coredns", pod: direct, packet: query };
  const isServiceIP =
    index.servicesByIP.has(server) || (index.serviceCidr !== null && cidrContains(index.serviceCidr, server));
  if (!isServiceIP) return { kind: "upstream" };

  const attempt: ConnectionAttempt = {
    client: { ip: client.ip, node: client.node, pod: client.key, hostNetwork: client.pod.hostNetwork },
    srcPort,
    dstIP: server,
    dstPort: DNS_PORT,
    protocol,
  };
  const decision = proxyConnection(scenario, attempt, run.rng);
  const svc =
    decision.service === null
      ? undefined
      : index.servicesByKey.get(`${decision.service.namespace}/${decision.service.name}`);
  if (svc !== undefined) run.dnsServices.add(svc);
  const endpointPod = decision.endpoint?.pod ?? null;
  const serves = endpointPod !== null && index.dnsPods.has(endpointPod);
  if (decision.hops.length > 0 || decision.verdict !== "none") {
    const svcName = decision.service === null ? server : `${decision.service.namespace}/${decision.service.name}`;
    const summary =
      decision.verdict === "dnat"
        ? `kube-proxy (${decision.mode}) DNATs the DNS packet from ${server}:${DNS_PORT} (${svcName}) to ${decision.dnatTo}${endpointPod !== null ? ` (${endpointPod.namespace}/${endpointPod.name} on ${endpointPod.node})` : ""}; conntrack remembers it for the reply.`
        : decision.verdict === "reject"
          ? `kube-proxy has no endpoint for ${svcName}: the DNS packet is rejected (ICMP port unreachable).`
          : decision.verdict === "drop"
            ? `kube-proxy drops the DNS packet to ${svcName} (no usable endpoint); the resolver waits out its timeout.`
            : `No kube-proxy rule matches ${server}:${DNS_PORT}.`;
    run.hops.push({
      kind: "dns.service-nat",
      at: `node ${client.node}`,
      summary,
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
          !run.options.singleRequest &&
          !run.options.singleRequestReopen &&
          !run.options.noAaaa,
      },
    });
  }
  switch (decision.verdict) {
    case "dnat":
      if (endpointPod !== null && serves) return { kind: "coredns", pod: endpointPod, packet: decision.packetAfterNat };
      return { kind: "refused", why: `${decision.dnatTo} does not serve DNS` };
    case "reject":
      return { kind: "refused", why: "kube-proxy rejects: no endpoints" };
    case "drop":
      return { kind: "timeout", why: "kube-proxy drops: no local endpoints" };
    case "none":
      return { kind: "timeout", why: `nothing answers ${server}:${DNS_PORT}` };
  }
}

function combinedRcode(a: DnsLookup, aaaa: DnsLookup | null): Rcode {
  if (aaaa === null || a.rcode === aaaa.rcode) return a.rcode;
  if (a.rcode === "NOERROR" && a.answers.length > 0) return "NOERROR";
  if (aaaa.rcode === "NOERROR" && aaaa.answers.length > 0) return "NOERROR";
  return a.rcode;
}

/** CoreDNS `loadbalance` (in kubeadm's Corefile) rotates the order of A records in each answer. */
function rotate(rng: Random, answers: readonly DnsAnswer[]): readonly DnsAnswer[] {
  const firstA = answers.findIndex((a) => a.type === "A");
  if (firstA < 0) return answers;
  const records = answers.slice(firstA);
  if (records.length < 2 || records.some((a) => a.type !== "A")) return answers;
  const shift = rng.int(0, records.length - 1);
  return [...answers.slice(0, firstA), ...records.slice(shift), ...records.slice(0, shift)];
}

interface Connected {
  readonly connection: Connection;
  readonly proxy: ProxyPath | null;
  readonly decision: ProxyDecision;
}

function connect(run: Run, ip: string, port: number): Connected {
  const { scenario, client, rng } = run;
  const srcPort = rng.int(EPHEMERAL_MIN, EPHEMERAL_MAX);
  const packet: Packet = { src: `${client.ip}:${srcPort}`, dst: `${ip}:${port}`, protocol: "tcp" };
  run.hops.push({
    kind: "app.connect",
    at: client.at,
    summary: `The application opens a TCP connection to ${ip}:${port}: the SYN leaves ${client.pod.hostNetwork ? "the node's own network stack (hostNetwork)" : "the pod through its veth"} from ${packet.src}.`,
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
    },
    rng,
  );
  run.hops.push(...decision.hops);
  const proxy: ProxyPath | null =
    decision.verdict === "none"
      ? null
      : { mode: decision.mode, chains: decision.chains, candidates: decision.candidates };
  const base = { dst: packet.dst, protocol: "tcp" as const, snat: decision.masquerade };
  const ended = (outcome: Connection["outcome"]): Connected => ({
    connection: { ...base, outcome, backend: null, backendPod: null, backendNode: null },
    proxy,
    decision,
  });
  if (decision.verdict === "reject") return ended("refused");
  if (decision.verdict === "drop") return ended("timeout");

  let backend: string;
  let backendPod: PodSpec | null;
  if (decision.verdict === "dnat" && decision.endpoint !== null && decision.dnatTo !== null) {
    backend = decision.dnatTo;
    backendPod = decision.endpoint.pod;
  } else {
    backend = packet.dst;
    backendPod = run.index.podsByIP.get(ip) ?? null;
    if (backendPod === null) {
      const { clusterCidr, serviceCidr } = run.index;
      const inCluster =
        (clusterCidr !== null && cidrContains(clusterCidr, ip)) ||
        (serviceCidr !== null && cidrContains(serviceCidr, ip));
      if (inCluster) {
        // a cluster address nobody owns (or a Service IP with no rule for this port): the SYN goes unanswered
        run.hops.push({
          kind: "net.route",
          at: `node ${client.node}`,
          summary: `No pod and no kube-proxy rule owns ${ip}:${port}; the SYN is never answered and the connect times out.`,
          packet: decision.packetAfterNat,
          detail: { destination: "unowned cluster address" },
        });
        return ended("timeout");
      }
      return external(run, decision, packet);
    }
  }
  const afterNat = decision.packetAfterNat;
  const toPod = `${backendPod.namespace}/${backendPod.name}`;
  if (decision.verdict === "none" && !listensOn(scenario, run.index, backendPod, port)) {
    // Straight to a pod IP (headless, pod address): no Service maps port → targetPort, so a port the pod does
    // not serve is answered with a TCP RST.
    run.hops.push(
      ...forwardHops(scenario, { packet: afterNat, fromNode: client.node, toNode: backendPod.node, toPod }),
    );
    run.hops.push({
      kind: "pod.reply",
      at: `pod ${toPod}`,
      summary: `${toPod} does not listen on port ${port} (its Services send traffic to ${servedPorts(scenario, run.index, backendPod).join(", ")}): the kernel answers the SYN with a RST and the connect is refused.`,
      packet: { src: backend, dst: afterNat.src, protocol: "tcp" },
      detail: { rst: true, listening: servedPorts(scenario, run.index, backendPod) },
    });
    return {
      connection: { ...base, outcome: "refused", backend, backendPod: toPod, backendNode: backendPod.node },
      proxy,
      decision,
    };
  }
  run.hops.push(...forwardHops(scenario, { packet: afterNat, fromNode: client.node, toNode: backendPod.node, toPod }));
  const reply: Packet = { src: backend, dst: afterNat.src, protocol: "tcp" };
  run.hops.push(
    ...returnHops(scenario, { reply, fromNode: backendPod.node, toNode: client.node, decision, clientPod: client.key }),
  );
  run.hops.push({
    kind: "app.response",
    at: client.at,
    summary: `${client.key} receives the response from ${packet.dst}${backend !== packet.dst ? ` (really ${toPod} at ${backend})` : ""}.`,
    packet: { src: packet.dst, dst: packet.src, protocol: "tcp" },
    detail: { backend, backendPod: toPod },
  });
  return {
    connection: { ...base, outcome: "established", backend, backendPod: toPod, backendNode: backendPod.node },
    proxy,
    decision,
  };
}

/** Traffic to an address outside the cluster: out through the node's default route, masqueraded to the node IP. */
function external(run: Run, decision: ProxyDecision, packet: Packet): Connected {
  const { client } = run;
  const node = run.index.nodesByName.get(client.node);
  const snat = !client.pod.hostNetwork;
  const egress: Packet =
    snat && node !== undefined ? { ...packet, src: `${node.ip}:${packet.src.split(":")[1]}` } : packet;
  run.hops.push({
    kind: "net.route",
    at: `node ${client.node}`,
    summary: `${packet.dst} is outside the cluster: the packet leaves node ${client.node} by its default route${snat ? `, masqueraded to the node IP ${node?.ip ?? ""} (the CNI masquerades pod traffic leaving the cluster CIDR)` : ""}.`,
    packet: egress,
    detail: { destination: "external", snat },
  });
  run.hops.push({
    kind: "app.response",
    at: client.at,
    summary: `${client.key} receives the response from ${packet.dst}${snat ? " (conntrack undoes the masquerade on the way back)" : ""}.`,
    packet: { src: packet.dst, dst: packet.src, protocol: "tcp" },
    detail: { backend: packet.dst, backendPod: null },
  });
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

function contextFacts(run: Run, decision: ProxyDecision | null): ContextFact[] {
  const { scenario, client, conf, index } = run;
  const facts: ContextFact[] = [];
  facts.push({
    kind: "kubelet.resolv-conf",
    summary: `When ${client.key} started, kubelet on ${client.node} wrote its /etc/resolv.conf for dnsPolicy ${client.pod.dnsPolicy}${client.pod.hostNetwork ? " (hostNetwork)" : ""}: search ${conf.search.join(" ") || "(none)"}; nameserver ${conf.nameservers.join(", ") || "(none)"}; options ${conf.options.join(" ") || "(none)"}.`,
  });
  const services: ServiceSpec[] = [];
  const kubeDns = index.servicesByKey.get(`${KUBE_DNS_NAMESPACE}/${KUBE_DNS_NAME}`);
  const usesClusterDns =
    conf.nameservers.includes(clusterNameserver(scenario)) || conf.nameservers.includes(scenario.dns.clusterDNS);
  if (kubeDns !== undefined && (usesClusterDns || run.dnsServices.has(kubeDns))) services.push(kubeDns);
  for (const svc of run.dnsServices) if (!services.includes(svc)) services.push(svc);
  const target = decision?.service ?? null;
  if (target !== null) {
    const svc = index.servicesByKey.get(`${target.namespace}/${target.name}`);
    if (svc !== undefined && !services.includes(svc)) services.push(svc);
  } else {
    // headless / ExternalName targets: the Service the name resolved through
    for (const query of run.queries) {
      const svc = serviceNamed(scenario, index, query.name);
      if (svc !== undefined && query.rcode === "NOERROR" && !services.includes(svc)) services.push(svc);
    }
  }
  for (const svc of services) facts.push(endpointFact(scenario, index, svc));
  facts.push(syncFact(scenario, index, client.node), index.corednsFact);
  return facts;
}

function endpointFact(scenario: Scenario, index: ScenarioIndex, svc: ServiceSpec): ContextFact {
  const cached = index.endpointFacts.get(svc);
  if (cached !== undefined) return cached;
  const key = `${svc.namespace}/${svc.name}`;
  let fact: ContextFact;
  if (svc.type === "ExternalName") {
    fact = {
      kind: "endpointslice.ready",
      summary: `${key} is an ExternalName Service (${svc.externalName}): no EndpointSlice, no ClusterIP, no kube-proxy rules.`,
    };
  } else {
    const endpoints = endpointsOf(scenario, svc);
    const ready = endpoints.filter((e) => e.ready);
    const list = endpoints.map(
      (e) =>
        `${e.ip} (${e.pod.name} on ${e.node}${e.ready ? ", ready" : e.serving && e.terminating ? ", serving, terminating" : ", not ready"})`,
    );
    fact = {
      kind: "endpointslice.ready",
      summary: `The EndpointSlice controller lists ${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"} for ${key}, ${ready.length} ready${list.length > 0 ? `: ${list.join(", ")}` : ""}.`,
    };
  }
  index.endpointFacts.set(svc, fact);
  return fact;
}

function syncFact(scenario: Scenario, index: ScenarioIndex, node: string): ContextFact {
  const cached = index.syncFacts.get(node);
  if (cached !== undefined) return cached;
  const servicePorts = scenario.services
    .filter((s) => s.type !== "ExternalName" && s.clusterIP !== "None")
    .reduce((n, s) => n + s.ports.length, 0);
  const mode = scenario.kubeProxy.mode;
  const fact: ContextFact = {
    kind: "kube-proxy.sync",
    summary: `kube-proxy on ${node} (${mode} mode) watches Services and EndpointSlices and has programmed ${mode === "ipvs" ? "IPVS virtual servers" : mode === "nftables" ? "the nftables kube-proxy table" : "the KUBE-SERVICES chains"} for ${servicePorts} Service port${servicePorts === 1 ? "" : "s"}.`,
  };
  index.syncFacts.set(node, fact);
  return fact;
}

function corednsFact(scenario: Scenario, dnsPods: readonly PodSpec[]): ContextFact {
  const c = scenario.dns.coredns;
  const names = dnsPods.map((p) => `${p.namespace}/${p.name}`).join(", ") || "no pods";
  return {
    kind: "coredns.watch",
    summary: c.synced
      ? `CoreDNS (${names}) watches Services, EndpointSlices and Namespaces and serves ${scenario.clusterDomain} (pods ${c.pods}, ttl ${c.ttl}${c.ignoreEmptyService ? ", ignore empty_service" : ""}); other names are forwarded to the node's resolvers.`
      : `CoreDNS (${names}) has not synced with the API server yet: it answers SERVFAIL for ${scenario.clusterDomain} names.`,
  };
}

function serviceNamed(scenario: Scenario, index: ScenarioIndex, name: string): ServiceSpec | undefined {
  const suffix = `.svc.${scenario.clusterDomain}.`;
  if (!name.endsWith(suffix)) return undefined;
  const labels = name.slice(0, -suffix.length).split(".");
  if (labels.length !== 2) return undefined;
  return index.servicesByKey.get(`${labels[1]}/${labels[0]}`);
}
