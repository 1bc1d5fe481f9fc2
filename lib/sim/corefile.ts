/**
 * The Corefile's plugins beyond kubeadm's (lib/sim/README.md, "The Corefile"): which server block a query goes
 * to (a stub domain's own `DOMAIN:53 { forward . ADDR }`, else `.:53`), then in the `.:53` block, in CoreDNS's
 * plugin order (plugin.cfg: cache, rewrite, autopath, kubernetes, forward): `rewrite name`, `autopath
 * @kubernetes`, the kubernetes plugin and `forward`; `cache` caps the TTLs of what comes back.
 */
import type { CorefileSpec } from "../schemas/scenario";
import { corednsAnswer, upstreamAnswer, type DnsLookup, type QueryType } from "./coredns";
import type { DnsAnswer, Scenario } from "./types";

/**
 * The TTL the simulated upstream resolvers give their answers and denials (the simulation's public DNS has no
 * per-name TTL): long enough that the cache cap is what the client sees with kubeadm's `cache 30`.
 */
export const UPSTREAM_TTL = 300;
/**
 * cache plugin (cache.go computeTTL): a TTL below the minimum (5 s for success and denial) is raised to it before
 * the cap applies; SERVFAIL is cached for 5 s whatever the caps. Every record of the reply gets that TTL.
 */
const CACHE_MIN_TTL = 5;
const SERVFAIL_TTL = 5;

/** What the Corefile did with one query, for the trace (the dns.lookup hop's `corefile` detail). */
export interface CorefileNote {
  /** the server block that answered: "." or the stub domain */
  readonly block: string;
  /** `rewrite name`: the name as the client asked it and as CoreDNS looked it up, or null */
  readonly rewrite: { readonly match: "exact" | "suffix"; readonly from: string; readonly to: string } | null;
  /**
   * `autopath @kubernetes`: the names CoreDNS tried on the pod's behalf, in order, and the one whose answer it
   * returned behind a CNAME (null: every one was NXDOMAIN, so the first reply is returned and the client searches
   * on); null when autopath did not apply to this query
   */
  readonly autopath: {
    readonly pod: string;
    readonly tried: readonly string[];
    readonly answeredBy: string | null;
  } | null;
  /** the TTL the client sees: the record's TTL capped by `cache` (success or denial), null when nothing is cached */
  readonly ttl: number;
  /** the cap that applied */
  readonly cacheCap: number;
}

export interface CorefileLookup extends DnsLookup {
  readonly corefile: CorefileNote;
}

/** Who asks and from where: what the `.:53` block needs besides the name. */
export interface CorefileAsker {
  /** the first nameserver of the CoreDNS pod's node (`forward . /etc/resolv.conf`) */
  readonly nodeUpstream: string;
  /** the source address CoreDNS sees (the pod's own after kube-proxy's DNAT), null when a cache asks for it */
  readonly clientIP: string | null;
  /** the search domains of the CoreDNS pod's own resolv.conf (dnsPolicy Default: its node's) */
  readonly searchDomains: readonly string[];
}

function bare(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function under(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/**
 * The server block CoreDNS picks: the longest zone that contains the name (dnsserver walks the name's suffixes).
 * Any stub domain is more specific than `.:53`, where the kubernetes plugin lives, so a stub domain for (part
 * of) the cluster zone takes those names away from it.
 */
export function stubDomainFor(corefile: CorefileSpec, name: string): string | null {
  const qname = bare(name);
  let best: string | null = null;
  for (const domain of Object.keys(corefile.stubDomains)) {
    const d = bare(domain);
    if (!under(qname, d)) continue;
    if (best === null || d.length > bare(best).length) best = domain;
  }
  return best;
}

/** `rewrite name exact|suffix FROM TO`: the first matching rule (the default is `stop`), or null. */
export function rewriteName(
  corefile: CorefileSpec,
  name: string,
): { readonly match: "exact" | "suffix"; readonly from: string; readonly to: string } | null {
  const fqdn = `${bare(name)}.`;
  for (const rule of corefile.rewrite) {
    const from = rule.from.endsWith(".") ? rule.from : `${rule.from}.`;
    const to = rule.to.endsWith(".") ? rule.to : `${rule.to}.`;
    if (rule.match === "exact" && fqdn === from) return { match: "exact", from: fqdn, to };
    if (rule.match === "suffix" && fqdn.endsWith(from)) {
      return { match: "suffix", from: fqdn, to: fqdn.slice(0, fqdn.length - from.length) + to };
    }
  }
  return null;
}

/**
 * The search path plugin/kubernetes AutoPath gives for a query from `clientIP`: the namespace, svc and zone
 * domains of the pod CoreDNS finds by that address, then the CoreDNS pod's own search domains, then "" (the
 * name as is). Null when no pod has the address (a node, NodeLocal DNSCache, an outside client).
 */
export function autopathSearch(
  scenario: Scenario,
  clientIP: string | null,
  searchDomains: readonly string[],
): { readonly pod: string; readonly search: readonly string[] } | null {
  if (clientIP === null) return null;
  const pod = scenario.pods.find((p) => p.ip === clientIP);
  if (pod === undefined) return null;
  const zone = scenario.clusterDomain.toLowerCase();
  return {
    pod: `${pod.namespace}/${pod.name}`,
    search: [`${pod.namespace}.svc.${zone}`, `svc.${zone}`, zone, ...searchDomains.map(bare), ""],
  };
}

function ttlOf(scenario: Scenario, corefile: CorefileSpec, lookup: DnsLookup): { ttl: number; cap: number } {
  const record = lookup.source === "kubernetes" ? scenario.dns.coredns.ttl : UPSTREAM_TTL;
  if (lookup.rcode === "SERVFAIL") return { ttl: SERVFAIL_TTL, cap: SERVFAIL_TTL };
  const positive = lookup.rcode === "NOERROR" && lookup.answers.length > 0;
  const cap = positive ? corefile.cache.success : corefile.cache.denial;
  return { ttl: Math.min(Math.max(record, CACHE_MIN_TTL), cap), cap };
}

function noted(
  scenario: Scenario,
  corefile: CorefileSpec,
  lookup: DnsLookup,
  note: Omit<CorefileNote, "ttl" | "cacheCap">,
): CorefileLookup {
  const { ttl, cap } = ttlOf(scenario, corefile, lookup);
  return { ...lookup, corefile: { ...note, ttl, cacheCap: cap } };
}

/** What CoreDNS with this Corefile answers for one query type of one name. */
export function corefileAnswer(
  scenario: Scenario,
  corefile: CorefileSpec,
  name: string,
  type: QueryType,
  asker: CorefileAsker,
  depth = 0,
): CorefileLookup {
  const qname = bare(name);
  const stub = stubDomainFor(corefile, qname);
  if (stub !== null) {
    const server = corefile.stubDomains[stub]?.[0] ?? asker.nodeUpstream;
    const answer = upstreamAnswer(scenario, qname, type, server);
    return noted(scenario, corefile, answer, { block: stub, rewrite: null, autopath: null });
  }
  const upstream = corefile.forward[0] ?? asker.nodeUpstream;
  const rewrite = rewriteName(corefile, qname);
  const looked = rewrite === null ? qname : bare(rewrite.to);
  // an ExternalName's target is looked up through the whole server again, from CoreDNS's own address
  const follow = (target: string, t: QueryType, d: number): DnsLookup =>
    corefileAnswer(scenario, corefile, target, t, { ...asker, clientIP: null }, d);
  const chain = (n: string): DnsLookup => corednsAnswer(scenario, n, type, upstream, depth, follow);

  const path = corefile.autopath ? autopathSearch(scenario, asker.clientIP, asker.searchDomains) : null;
  const first = path?.search[0];
  if (path !== null && first !== undefined && looked === first) {
    // firstInSearchPath matches the first element itself, but dnsutil.TrimZone then overshoots the name and
    // autopath returns its error: the server answers SERVFAIL
    const reply: DnsLookup = {
      rcode: "SERVFAIL",
      answers: [],
      soa: false,
      source: "kubernetes",
      forwardedTo: null,
      reason: `autopath: ${looked}. is ${path.pod}'s first search domain itself, so trimming it leaves no name and CoreDNS answers SERVFAIL`,
    };
    return noted(scenario, corefile, reply, {
      block: ".",
      rewrite,
      autopath: { pod: path.pod, tried: [], answeredBy: null },
    });
  }
  if (path !== null && first !== undefined && looked.endsWith(`.${first}`)) {
    const base = looked.slice(0, looked.length - first.length - 1);
    const tried: string[] = [];
    let firstReply: DnsLookup | null = null;
    for (const [i, domain] of path.search.entries()) {
      const candidate = domain === "" ? base : `${base}.${domain}`;
      tried.push(`${candidate}.`);
      const reply = chain(candidate);
      firstReply ??= reply;
      // plugin/autopath: NXDOMAIN (and a plugin's SERVFAIL it did not write) moves on to the next element
      if (reply.rcode === "NXDOMAIN" || reply.rcode === "SERVFAIL") continue;
      const autopath = { pod: path.pod, tried, answeredBy: `${candidate}.` };
      if (i === 0) return noted(scenario, corefile, reply, { block: ".", rewrite, autopath });
      // cname.go cnamer: a CNAME from the name asked to the owner of the first record, then the records
      const cname: DnsAnswer = { type: "CNAME", value: `${candidate}.` };
      const answers = reply.answers.length > 0 ? [cname, ...reply.answers] : [];
      const reason = `autopath: CoreDNS walks ${path.pod}'s search path itself and ${candidate}. is the first name that is not NXDOMAIN, so it replies ${
        answers.length > 0 ? `with a CNAME from ${looked}. to ${candidate}. and its records` : "NODATA"
      }: ${reply.reason}`;
      return noted(
        scenario,
        corefile,
        { ...reply, answers, soa: answers.length === 0, reason },
        {
          block: ".",
          rewrite,
          autopath,
        },
      );
    }
    const reply = firstReply ?? chain(looked);
    const reason = `autopath: every name on ${path.pod}'s search path is NXDOMAIN, so CoreDNS returns the first reply and the client searches on: ${reply.reason}`;
    return noted(
      scenario,
      corefile,
      { ...reply, reason },
      {
        block: ".",
        rewrite,
        autopath: { pod: path.pod, tried, answeredBy: null },
      },
    );
  }
  const reply = chain(looked);
  const reason =
    rewrite === null
      ? reply.reason
      : `rewrite name ${rewrite.match}: CoreDNS looks up ${rewrite.to} instead of ${rewrite.from} and rewrites the answer back to ${rewrite.from}${
          rewrite.match === "exact" ? "" : " (the suffix rule's answer name rule)"
        }: ${reply.reason}`;
  return noted(scenario, corefile, { ...reply, reason }, { block: ".", rewrite, autopath: null });
}

/** cache plugin: the default capacity of each of the success and denial caches */
const CACHE_CAPACITY = 9984;

/**
 * The Corefile CoreDNS runs: kubeadm's (cmd/kubeadm/app/phases/addons/dns manifests.go) with the scenario's
 * pods mode, ttl and `ignore empty_service`, and, when the scenario configures one, its forward upstreams,
 * rewrite rules, cache caps and autopath, followed by one server block per stub domain.
 */
export function renderCorefile(scenario: Scenario): string {
  const c = scenario.dns.coredns;
  const corefile = c.corefile;
  const lines = [".:53 {", "    errors", "    health {", "       lameduck 5s", "    }", "    ready"];
  for (const rule of corefile?.rewrite ?? []) lines.push(...rewriteLines(rule));
  if (corefile?.autopath === true) lines.push("    autopath @kubernetes");
  lines.push(`    kubernetes ${scenario.clusterDomain} in-addr.arpa ip6.arpa {`, `       pods ${c.pods}`);
  if (c.ignoreEmptyService) lines.push("       ignore empty_service");
  lines.push("       fallthrough in-addr.arpa ip6.arpa", `       ttl ${c.ttl}`, "    }", "    prometheus :9153");
  const upstreams =
    corefile === undefined || corefile.forward.length === 0 ? "/etc/resolv.conf" : corefile.forward.join(" ");
  lines.push(`    forward . ${upstreams} {`, "       max_concurrent 1000", "    }");
  lines.push(...cacheLines(corefile), "    loop", "    reload", "    loadbalance", "}");
  for (const [domain, servers] of Object.entries(corefile?.stubDomains ?? {})) {
    lines.push(
      `${bare(domain)}:53 {`,
      "    errors",
      ...cacheLines(corefile),
      `    forward . ${servers.join(" ")}`,
      "}",
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * An exact rule reverts the answer by itself; a suffix rule is written as the regex pair the rewrite README
 * gives for that (`name regex` + `answer name`), so the Corefile does what the simulation models.
 */
function rewriteLines(rule: CorefileSpec["rewrite"][number]): string[] {
  if (rule.match === "exact") return [`    rewrite name exact ${rule.from} ${rule.to}`];
  const escape = (text: string): string => text.replace(/[.]/g, "\\.");
  const from = rule.from.endsWith(".") ? rule.from : `${rule.from}.`;
  const to = rule.to.endsWith(".") ? rule.to : `${rule.to}.`;
  return [
    "    rewrite stop {",
    `        name regex ^(.*)${escape(from)}$ {1}${to}`,
    `        answer name ^(.*)${escape(to)}$ {1}${from}`,
    "    }",
  ];
}

function cacheLines(corefile: CorefileSpec | undefined): string[] {
  const { success, denial } = corefile?.cache ?? { success: 30, denial: 30 };
  if (success === denial) return [`    cache ${success}`];
  return [
    "    cache {",
    `       success ${CACHE_CAPACITY} ${success}`,
    `       denial ${CACHE_CAPACITY} ${denial}`,
    "    }",
  ];
}
