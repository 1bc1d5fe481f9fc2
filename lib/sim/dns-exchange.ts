/**
 * The DNS part of a trace: the stub resolver reads resolv.conf, picks its candidate names, and sends each one to
 * its nameservers; every query takes its own trip (through kube-proxy to a CoreDNS pod, to NodeLocal DNSCache,
 * or to an upstream resolver) and back. See lib/sim/README.md, "The stub resolver" and "The DNS query is
 * Service traffic".
 */
import type { PodSpec, ServiceSpec } from "../schemas/scenario";
import { corednsAnswer, inClusterZone, upstreamAnswer, type DnsLookup } from "./coredns";
import { corefileAnswer, type CorefileAsker, type CorefileNote } from "./corefile";
import { DNS_PORT, LOOPBACK_NAMESERVER, responderFor, type Responder } from "./dns-responder";
import { ephemeralPort } from "./ephemeral-port";
import { namespacedName } from "./namespaced-name";
import { plural } from "../content/plural";
import type { Random } from "./random";
import { podDnsType, type PodDnsType } from "./resolv-conf";
import {
  candidateNames,
  packetsPerExchange,
  runResolver,
  type ExchangeOutcome,
  type ResolverFlavour,
  type ResolverOptions,
  type ResolverRun,
} from "./resolver";
import { hostsFileOf, type Client, type ScenarioIndex } from "./scenario-index";
import { lookupHosts } from "./hosts-file";
import { isLoopback, sortDestinations, type SourceAddresses } from "./address-sort";
import { podIPOfFamily } from "./ip-families";
import { walksIPv6 } from "./connection";
import type { DnsAnswer, DnsQuery, DnsResult, Hop, Packet, Rcode, ResolvConf, ResolverError, Scenario } from "./types";
import type { RequestUrl } from "./url";

/** What the DNS part of a trace reads; `rng` is drawn from in the order the packets are sent. */
export interface DnsContext {
  readonly scenario: Scenario;
  readonly index: ScenarioIndex;
  readonly client: Client;
  readonly conf: ResolvConf;
  readonly options: ResolverOptions;
  readonly rng: Random;
}

/** The DNS part of a trace, ready to be continued by the connection. */
export interface HostResolution {
  readonly hops: readonly Hop[];
  readonly queries: readonly DnsQuery[];
  readonly packets: number;
  readonly result: DnsResult["result"];
  /** the Services the DNS packets went through (kube-dns, or whatever Service the nameserver is) */
  readonly dnsServices: ReadonlySet<ServiceSpec>;
}

/** Mutable scratch of one resolution; the HostResolution returned is built from it once. */
interface DnsRun extends DnsContext {
  readonly hops: Hop[];
  readonly queries: DnsQuery[];
  readonly dnsServices: Set<ServiceSpec>;
  packets: number;
}

/** getaddrinfo for the request's host: an IP literal needs no DNS; a name is searched as the resolver does. */
export function resolveHost(context: DnsContext, url: RequestUrl): HostResolution {
  const { scenario, index, client, conf, options, rng } = context;
  const run: DnsRun = {
    scenario,
    index,
    client,
    conf,
    options,
    rng,
    hops: [],
    queries: [],
    dnsServices: new Set(),
    packets: 0,
  };
  if (url.hostIsAddress) {
    const addresses = [url.host];
    run.hops.push({
      kind: "resolver.result",
      at: run.client.at,
      summary: `"${url.host}" is an IP address, so getaddrinfo returns it without any DNS query.`,
      packet: null,
      detail: { addresses, error: null, numericHost: true },
    });
    return resolution(run, addresses, null);
  }
  const hosts = hostsFileOf(scenario, index, client.pod);
  const match = lookupHosts(hosts, url.host, client.pod.resolver);
  if (match !== null) {
    // both libraries sort what nss_files / name_from_hosts read, in file order, like a DNS answer
    const addresses = sortDestinations(match.inFileOrder, sourceAddresses(client), client.pod.resolver);
    const line = match.lines[0];
    const from = line?.origin === "hostAliases" ? "a hostAliases entry" : "kubelet's entry";
    run.hops.push({
      kind: "resolver.hosts",
      at: run.client.at,
      summary: `getaddrinfo reads /etc/hosts before DNS (nsswitch "hosts: files dns"): "${url.host}" is ${from} (${line?.ip ?? ""} ${line?.names.join(" ") ?? ""}), so no DNS query is sent.`,
      packet: null,
      detail: {
        name: url.host,
        file: "/etc/hosts",
        lines: match.lines.map((l) => ({ ip: l.ip, names: l.names, origin: l.origin })),
        addresses,
        kernelHostname: hosts.kernelHostname,
      },
    });
    run.hops.push({
      kind: "resolver.result",
      at: run.client.at,
      summary:
        `getaddrinfo returns ${addresses.join(", ")} from /etc/hosts; DNS is not consulted.` +
        hostsOrderNote(match.inFileOrder, addresses, client.pod.resolver) +
        loopbackNote(addresses),
      packet: null,
      detail: {
        addresses,
        error: null,
        hostsFile: true,
        candidatesTried: 0,
        packets: 0,
        ...(addresses.join() !== match.inFileOrder.join()
          ? { fileOrder: match.inFileOrder, order: ORDER_TABLE[client.pod.resolver] }
          : {}),
      },
    });
    return resolution(run, addresses, null);
  }
  const result = searchName(run, url.host);
  return resolution(run, result.addresses, result.error);
}

function resolution(run: DnsRun, addresses: readonly string[], error: ResolverError | null): HostResolution {
  return {
    hops: run.hops,
    queries: run.queries,
    packets: run.packets,
    result: { addresses, error },
    dnsServices: run.dnsServices,
  };
}

const CONFIG_SOURCE: Readonly<Record<PodDnsType, string>> = {
  cluster: "cluster DNS",
  host: "the node's resolv.conf",
  none: "dnsConfig only",
};

function searchName(run: DnsRun, host: string): ResolverRun {
  const { client, conf, options } = run;
  const flavour = client.pod.resolver;
  run.hops.push({
    kind: "resolver.config",
    at: client.at,
    summary: resolverConfigSentence(client.pod, flavour, conf, options),
    packet: null,
    detail: {
      nameservers: conf.nameservers,
      search: conf.search,
      options: conf.options,
      ndots: options.ndots,
      dnsPolicy: client.pod.dnsPolicy,
      config: CONFIG_SOURCE[podDnsType(client.pod)],
      resolver: flavour,
    },
  });
  const candidates = candidateNames(host, conf, flavour);
  const dots = host.split(".").length - 1;
  run.hops.push({
    kind: "resolver.candidates",
    at: client.at,
    summary: `"${host}": ${searchOrder(host, dots, options.ndots, flavour)}; ${plural(candidates.length, "candidate name")} at most.`,
    packet: null,
    detail: { name: host, dots, ndots: options.ndots, candidates, resolver: flavour },
  });

  const found = runResolver(host, conf, flavour, (candidate) => exchange(run, candidate), candidates);
  const sources = sourceAddresses(client);
  const sorted = sortDestinations(found.addresses, sources, flavour);
  const result: ResolverRun = { ...found, addresses: sorted };
  const families = new Set(sorted.map((ip) => (ip.includes(":") ? "IPv6" : "IPv4")));
  run.hops.push({
    kind: "resolver.result",
    at: client.at,
    summary: resolverResultSentence(result, run.packets) + orderNote(run, sorted, families.size, sources, flavour),
    packet: null,
    detail: {
      addresses: result.addresses,
      error: result.error,
      candidatesTried: result.steps.length,
      packets: run.packets,
      ...(families.size > 1 ? { order: ORDER_TABLE[flavour] } : {}),
    },
  });
  return result;
}

/** The client's own address per family: a destination of a family it has no address in is unusable. */
function sourceAddresses(client: Client): SourceAddresses {
  return { IPv4: client.ip, IPv6: client.kind === "pod" ? podIPOfFamily(client.pod, "IPv6") : null };
}

const ORDER_TABLE: Readonly<Record<ResolverFlavour, string>> = {
  musl: "RFC 6724 (musl)",
  glibc: "RFC 3484 (glibc gai.conf defaults)",
};

/**
 * Why /etc/hosts' addresses come back in another order than the file's: loopback ::1 has precedence 50 in both
 * tables (IPv4 10 in glibc's, 35 in musl's), a family the pod has no address in is unusable, and glibc puts
 * the smaller scope first among equals (rule 8: 127.0.0.1 before a global IPv4 address).
 */
function hostsOrderNote(fileOrder: readonly string[], sorted: readonly string[], flavour: ResolverFlavour): string {
  if (fileOrder.join() === sorted.join()) return "";
  const first = sorted[0] ?? "";
  const why =
    first === "::1"
      ? `loopback ::1 has the highest precedence (50; IPv4 ${flavour === "musl" ? "35" : "10"})`
      : `${first} ranks first`;
  return (
    ` The file lists ${fileOrder.join(", ")}; getaddrinfo sorts them by destination address selection, ` +
    `${ORDER_TABLE[flavour]}: ${why}, so the application connects to ${first} first.`
  );
}

/** What a loopback first address means for the rest of the trace (trace.ts does not follow it). */
function loopbackNote(addresses: readonly string[]): string {
  const first = addresses[0];
  return first !== undefined && isLoopback(first)
    ? ` ${first} is the client's own loopback interface: the connection never leaves its network namespace (no Service, kube-proxy or CNI), so the trace ends here.`
    : "";
}

/** Why the first address of a dual-stack answer is the one the application connects to. */
function orderNote(
  run: DnsRun,
  sorted: readonly string[],
  families: number,
  sources: SourceAddresses,
  flavour: ResolverFlavour,
): string {
  if (families < 2) return "";
  const first = sorted[0] ?? "";
  const v6 = first.includes(":");
  if (sources.IPv6 === null) {
    return ` The IPv4 address comes first: the pod has no IPv6 address, so the IPv6 destination is unusable (RFC 6724 rule 1).`;
  }
  const table =
    flavour === "musl"
      ? "musl's RFC 6724 table gives IPv4 precedence 35 and unique local IPv6 (fc00::/7) 3"
      : "glibc's default table (RFC 3484, no /etc/gai.conf) gives IPv6 precedence 40 and IPv4 10";
  const untraced =
    v6 && !walksIPv6(run.scenario, run.client)
      ? " The simulation follows IPv6 connections only over flannel VXLAN, so the trace ends here."
      : "";
  return ` ${first} comes first (${v6 ? "IPv6" : "IPv4"}): ${table}.${untraced}`;
}

function resolverConfigSentence(
  pod: PodSpec,
  flavour: ResolverFlavour,
  conf: ResolvConf,
  options: ResolverOptions,
): string {
  if (pod.namespace === "node" && pod.dnsPolicy === "Default") {
    return `The ${flavour} resolver on the node reads the node's own /etc/resolv.conf: nameserver ${conf.nameservers.join(", ") || "(none)"}, ${plural(conf.search.length, "search domain")}, ndots ${options.ndots}.`;
  }
  if (pod.namespace === "external") {
    return `The client's ${flavour} resolver asks the public resolver ${conf.nameservers.join(", ")}: no search list, ndots ${options.ndots}.`;
  }
  const where = pod.hostNetwork ? " on a hostNetwork pod" : "";
  const nameservers = conf.nameservers.join(", ") || "(none)";
  return `The ${flavour} resolver reads /etc/resolv.conf, written by kubelet for dnsPolicy ${pod.dnsPolicy}${where}: nameserver ${nameservers}, ${plural(conf.search.length, "search domain")}, ndots ${options.ndots}.`;
}

/** Why the resolver tries the names in the order it does (glibc __res_context_search, musl name_from_dns_search). */
function searchOrder(host: string, dots: number, ndots: number, flavour: ResolverFlavour): string {
  if (host.endsWith(".")) return "it ends with a dot, so it is tried as is and never searched";
  const counted = `it has ${plural(dots, "dot")}`;
  if (dots < ndots) {
    return `${counted} (< ndots ${ndots}), so each search domain is tried first and the name as is last`;
  }
  if (flavour === "musl") return `${counted} (≥ ndots ${ndots}), so musl tries it as is only`;
  return `${counted} (≥ ndots ${ndots}), so it is tried as is first, then with each search domain`;
}

function resolverResultSentence(result: ResolverRun, packets: number): string {
  const effort = `after ${plural(result.steps.length, "candidate name")} (${packets} query packets)`;
  if (result.error === null) return `getaddrinfo returns ${result.addresses.join(", ")} ${effort}: ${result.reason}.`;
  return `getaddrinfo fails with ${result.error} ${effort}: ${result.reason}; no connection is attempted.`;
}

/** One candidate name: the query to each nameserver in turn until one answers (glibc res_send). */
function exchange(run: DnsRun, candidate: string): ExchangeOutcome {
  const servers = run.conf.nameservers.length > 0 ? run.conf.nameservers : [LOOPBACK_NAMESERVER];
  let last: ExchangeOutcome = { kind: "timeout" };
  for (const server of servers) {
    last = exchangeWith(run, candidate, server);
    if (last.kind === "answer") return last;
  }
  return last;
}

/** How the resolver sends the pair of queries (resolv.conf(5) options). */
function queryStyle(options: ResolverOptions): string {
  if (options.addrconfig) return "an A query only (AI_ADDRCONFIG: the client has no IPv6 address besides loopback)";
  if (options.noAaaa) return "an A query";
  if (options.useVc) return "A and AAAA queries over TCP (use-vc)";
  if (options.singleRequestReopen) return "an A query, then an AAAA query from a new socket (single-request-reopen)";
  if (options.singleRequest) return "an A query, then an AAAA query (single-request)";
  return "A and AAAA queries in parallel from one UDP socket";
}

/** Who answered, what for A and AAAA, and the packet as the answering side received it. */
interface Lookup {
  readonly at: string;
  readonly packet: Packet;
  readonly a: DnsLookup;
  readonly aaaa: DnsLookup | null;
  /** NodeLocal DNSCache only: what the cache did with the miss */
  readonly cache: string | null;
}

function exchangeWith(run: DnsRun, candidate: string, server: string): ExchangeOutcome {
  const { scenario, client, options, rng } = run;
  const srcPort = ephemeralPort(rng);
  const protocol = options.useVc ? "tcp" : "udp";
  const query: Packet = { src: `${client.ip}:${srcPort}`, dst: `${server}:${DNS_PORT}`, protocol };
  const types: ("A" | "AAAA")[] = options.noAaaa ? ["A"] : ["A", "AAAA"];
  const perTry = packetsPerExchange(options);
  run.hops.push({
    kind: "dns.query",
    at: client.at,
    summary: `Sends ${queryStyle(options)} for ${candidate} to ${server}.`,
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

  const lookup = lookupBy(run, responder, candidate, server, query);
  const { a, aaaa } = lookup;
  const answers = rotate(rng, [...a.answers, ...(aaaa?.answers.filter((r) => r.type === "AAAA") ?? [])]);
  const rcode = combinedRcode(a, aaaa);
  run.queries.push({ name: candidate, types, server, rcode, answers });
  const shown = rcode === "NOERROR" && answers.length === 0 ? "NODATA" : rcode;
  const forwarded = a.source === "upstream" && responder.kind !== "upstream";
  const note = corefileNote(a);
  run.hops.push({
    kind: "dns.lookup",
    at: lookup.at,
    summary: lookupSentence(scenario, candidate, lookup, shown, forwarded),
    packet: lookup.packet,
    detail: {
      name: candidate,
      rcode,
      answers,
      aaaa: aaaa === null ? null : { rcode: aaaa.rcode, answers: aaaa.answers },
      soa: a.soa,
      source: a.source,
      forwardedTo: a.forwardedTo,
      ttl: note !== null ? note.ttl : a.source === "kubernetes" ? scenario.dns.coredns.ttl : null,
      ...(lookup.cache === null ? {} : { cache: lookup.cache }),
      ...(note === null
        ? {}
        : {
            corefile: {
              block: note.block,
              rewrite: note.rewrite,
              autopath: note.autopath,
              cacheCap: note.cacheCap,
            },
          }),
    },
  });
  const replyFrom = responder.kind === "coredns" && responder.packet.dst !== query.dst ? responder.packet.dst : null;
  run.hops.push({
    kind: "dns.reply",
    at: client.at,
    summary: replySentence(client, shown, answers, server, replyFrom),
    packet: { src: `${server}:${DNS_PORT}`, dst: query.src, protocol },
    detail: { name: candidate, rcode, answers, ...(replyFrom === null ? {} : { replyFrom }) },
  });
  return { kind: "answer", rcode, answers };
}

function lookupBy(
  run: DnsRun,
  responder: Exclude<Responder, { kind: "timeout" | "refused" }>,
  candidate: string,
  server: string,
  query: Packet,
): Lookup {
  const { options } = run;
  switch (responder.kind) {
    case "node-local":
      return nodeLocalLookup(run, responder.at, candidate, query);
    case "coredns": {
      const upstream = upstreamOf(run, responder.pod);
      // the source address CoreDNS sees: the client's own, kube-proxy DNATs the destination only
      const asker = askerOf(run, responder.pod, hostOf(responder.packet.src));
      return {
        at: `coredns ${namespacedName(responder.pod)}`,
        packet: responder.packet,
        a: answerOf(run, "coredns", candidate, "A", upstream, asker),
        aaaa: options.noAaaa ? null : answerOf(run, "coredns", candidate, "AAAA", upstream, asker),
        cache: null,
      };
    }
    case "upstream":
      return {
        at: `nameserver ${server}`,
        packet: query,
        a: answerOf(run, "upstream", candidate, "A", server),
        aaaa: options.noAaaa ? null : answerOf(run, "upstream", candidate, "AAAA", server),
        cache: null,
      };
  }
}

/** "10.244.1.10:40000" → "10.244.1.10" */
function hostOf(address: string): string {
  const colon = address.lastIndexOf(":");
  return colon < 0 ? address : address.slice(0, colon);
}

/** What the Corefile's `.:53` block needs to know about a query CoreDNS pod `pod` receives from `clientIP`. */
function askerOf(run: DnsRun, pod: PodSpec | null, clientIP: string | null): CorefileAsker {
  const node = run.index.nodesByName.get(pod?.node ?? run.client.node);
  return { nodeUpstream: upstreamOf(run, pod), clientIP, searchDomains: node?.searchDomains ?? [] };
}

/** The resolver a CoreDNS pod (or, for null, the client's node) forwards to: its node's first nameserver. */
function upstreamOf(run: DnsRun, pod: PodSpec | null): string {
  const node = run.index.nodesByName.get(pod?.node ?? run.client.node);
  return node?.nameservers[0] ?? LOOPBACK_NAMESERVER;
}

const NO_COREDNS_TO_ASK: DnsLookup = {
  rcode: "SERVFAIL",
  answers: [],
  soa: false,
  source: "kubernetes",
  forwardedTo: null,
  reason: "NodeLocal DNSCache cannot reach any CoreDNS pod",
};

/**
 * NodeLocal DNSCache (cold cache): cluster names go to CoreDNS over TCP via kube-dns-upstream, others to the
 * node's own resolvers; with no ready CoreDNS the cache has nowhere to forward cluster names → SERVFAIL.
 */
function nodeLocalLookup(run: DnsRun, at: string, candidate: string, query: Packet): Lookup {
  const inZone = inClusterZone(run.scenario, candidate);
  const usable = run.index.dnsUsable;
  // the cache's kube-dns-upstream Service balances over the CoreDNS endpoints like any Service
  const coredns = inZone && usable.length > 0 ? usable[run.rng.int(0, usable.length - 1)] : undefined;
  const reachable = !inZone || coredns !== undefined;
  // the cache forwards from its own address, so CoreDNS finds no pod for autopath; names outside the zone go
  // straight to the node's resolvers (NodeLocal DNSCache's own `.:53` block), not through CoreDNS's Corefile
  const asker = inZone ? askerOf(run, coredns ?? null, null) : undefined;
  const ask = (type: "A" | "AAAA"): DnsLookup =>
    reachable ? answerOf(run, "coredns", candidate, type, upstreamOf(run, coredns ?? null), asker) : NO_COREDNS_TO_ASK;
  return {
    at,
    packet: query,
    a: ask("A"),
    aaaa: run.options.noAaaa ? null : ask("AAAA"),
    cache: cacheMiss(run, inZone, coredns),
  };
}

function cacheMiss(run: DnsRun, inZone: boolean, coredns: PodSpec | undefined): string {
  if (coredns !== undefined) {
    return `miss: forwarded over TCP via kube-dns-upstream to ${namespacedName(coredns)} (${coredns.ip}:53)`;
  }
  if (inZone) return "miss: no CoreDNS endpoint to forward to";
  return `miss: forwarded to the node's resolver ${upstreamOf(run, null)}`;
}

function lookupSentence(
  scenario: Scenario,
  candidate: string,
  lookup: Lookup,
  shown: string,
  forwarded: boolean,
): string {
  const { a, aaaa } = lookup;
  const note = corefileNote(a);
  const stub = note !== null && note.block !== "." ? note.block.replace(/\.$/, "") : null;
  const via =
    stub !== null
      ? `${candidate} is under the stub domain ${stub}, so the Corefile's server block ${stub}:53 forwards it to ${a.forwardedTo}: `
      : forwarded && note?.rewrite == null && note?.autopath == null
        ? `${candidate} is outside ${scenario.clusterDomain}, so it is forwarded to ${a.forwardedTo}: `
        : "";
  const ttl = note === null ? "" : ` (TTL ${note.ttl} s: cache caps ${note.cacheCap} s)`;
  return `${via}${a.reason}${outcomeNote(shown, aaaa)}${ttl}.`;
}

/** What the Corefile did, when the scenario configures one (lib/sim/corefile.ts). */
function corefileNote(lookup: DnsLookup): CorefileNote | null {
  return "corefile" in lookup ? (lookup.corefile as CorefileNote) : null;
}

/** " → NXDOMAIN" for a failure; " (AAAA: NODATA)" when only the AAAA half came back empty. */
function outcomeNote(shown: string, aaaa: DnsLookup | null): string {
  if (shown !== "NOERROR") return ` → ${shown}`;
  if (aaaa !== null && aaaa.rcode === "NOERROR" && aaaa.answers.length === 0) return " (AAAA: NODATA)";
  return "";
}

function replySentence(
  client: Client,
  shown: string,
  answers: readonly DnsAnswer[],
  server: string,
  replyFrom: string | null,
): string {
  const records = answers.length > 0 ? `: ${answers.map((a) => `${a.type} ${a.value}`).join(", ")}` : "";
  const reversed =
    replyFrom === null ? "" : `; conntrack rewrites its source from ${replyFrom} back to ${server}:${DNS_PORT}`;
  return `The reply (${shown}${records}) returns to ${client.key}${reversed}.`;
}

function combinedRcode(a: DnsLookup, aaaa: DnsLookup | null): Rcode {
  if (aaaa === null || a.rcode === aaaa.rcode) return a.rcode;
  if (a.rcode === "NOERROR" && a.answers.length > 0) return "NOERROR";
  if (aaaa.rcode === "NOERROR" && aaaa.answers.length > 0) return "NOERROR";
  return a.rcode;
}

/**
 * CoreDNS `loadbalance` (in kubeadm's Corefile) rotates the order of the address records in each answer: the
 * A records of the A response, the AAAA records of the AAAA response (a draw only where there are two or more).
 */
function rotate(rng: Random, answers: readonly DnsAnswer[]): readonly DnsAnswer[] {
  const rotated = (records: readonly DnsAnswer[]): readonly DnsAnswer[] => {
    if (records.length < 2) return records;
    const shift = rng.int(0, records.length - 1);
    return [...records.slice(shift), ...records.slice(0, shift)];
  };
  const firstA = answers.findIndex((a) => a.type === "A");
  const firstAaaa = answers.findIndex((a) => a.type === "AAAA");
  const start = firstA < 0 ? firstAaaa : firstA;
  if (start < 0) return answers;
  const tail = answers.slice(start);
  // only a tail of address records is rotated (a CNAME chain keeps its order)
  if (tail.some((a) => a.type !== "A" && a.type !== "AAAA")) return answers;
  return [
    ...answers.slice(0, start),
    ...rotated(tail.filter((a) => a.type === "A")),
    ...rotated(tail.filter((a) => a.type === "AAAA")),
  ];
}

function answerOf(
  run: DnsRun,
  who: "coredns" | "upstream",
  name: string,
  type: "A" | "AAAA",
  server: string,
  asker?: CorefileAsker,
): DnsLookup {
  const corefile = run.scenario.dns.coredns.corefile;
  const configured = who === "coredns" && corefile !== undefined && asker !== undefined;
  const key = configured
    ? `corefile ${type} ${server} ${name} ${asker.clientIP ?? "-"} ${asker.searchDomains.join(",")}`
    : `${who} ${type} ${server} ${name}`;
  let answer = run.index.answers.get(key);
  if (answer === undefined) {
    answer = configured
      ? corefileAnswer(run.scenario, corefile, name, type, asker)
      : who === "coredns"
        ? corednsAnswer(run.scenario, name, type, server)
        : upstreamAnswer(run.scenario, name, type, server);
    run.index.answers.set(key, answer);
  }
  return answer;
}
