import type { RubricTuning } from "../schemas/rubric";
import type { ConceptId, MisconceptionId } from "../schemas/grade";
import { joinHostPort } from "../sim/index";
import type { ContextKind, HopKind, Trace } from "../sim/types";
import type { ActorId } from "./actors";
import { REWRITE_VERBS, type PatternInput, type PatternSpec } from "./pattern";
import { scenarioFacts, type ScenarioFacts } from "./scenario-facts";
import type { ValueKind } from "./values";

/**
 * The concepts an answer is graded on: one entry per concept id, derived from the trace so each variant expects
 * its own path and every label and hint uses the scenario's own names (client pod, Service, ClusterIP, pod IPs,
 * nodes, chains). lib/grade/README.md lists them with their meaning; `order` is the concept's phase in the hop
 * order (1 lookup set-up, 2 the DNS packet's own path, 3 the answer, 4 the connect, 5 the node's rules: match,
 * pick, DNAT, told in any order, 6 routing or the REJECT/DROP outcome, 7 the backend and its reply, 8 the reverse
 * translation, 9 the response; null: a background fact that counts anywhere). Equal numbers are ties.
 *
 * `actors` names who does the step and which components, named as the doer, earn an actor correction; `values`
 * names the scenario values a claim of the step is checked against; `deniedAs` is the misconception a denial of
 * the (true) step amounts to.
 */
/** Who may do a step, and which components named as its doer are wrong. */
export interface Actors {
  readonly right: readonly ActorId[];
  readonly wrong: readonly ActorId[];
}

export interface ConceptSpec {
  readonly weight: number;
  readonly required: boolean;
  readonly order: number | null;
  readonly source: HopKind | ContextKind;
  readonly applies: (f: ScenarioFacts) => boolean;
  readonly label: (f: ScenarioFacts) => string;
  readonly hint: (f: ScenarioFacts) => string;
  readonly patterns: (f: ScenarioFacts) => readonly (PatternInput | null)[];
  readonly actors?: Actors | ((f: ScenarioFacts) => Actors);
  readonly values?: readonly ValueKind[];
  /** value kinds that belong to this step wherever the answer quotes them (a wrong ndots is a resolv.conf slip) */
  readonly valuesAnywhere?: readonly ValueKind[];
  readonly deniedAs?: MisconceptionId;
  /** steps a stated step presupposes: an answer saying what CoreDNS returns has said the query reached it */
  readonly impliedBy?: readonly ConceptId[];
  /** the DNS packet meets the same step on its way to CoreDNS: a claim about it shows the step but places nothing */
  readonly sharedWithDns?: boolean;
  /** the step is itself a rewrite of the packet's addresses: a denied rewrite ("nobody rewrites it") denies it */
  readonly rewrite?: boolean;
}

/** A concept as graded for one trace. */
export interface ConceptDefinition {
  readonly id: ConceptId;
  readonly label: string;
  readonly weight: number;
  readonly required: boolean;
  readonly order: number | null;
  readonly source: HopKind | ContextKind | null;
  readonly patterns: readonly PatternInput[];
  readonly hint: string;
  readonly actors: Actors | null;
  readonly values: readonly ValueKind[];
  readonly valuesAnywhere: readonly ValueKind[];
  readonly deniedAs: MisconceptionId | null;
  readonly impliedBy: readonly ConceptId[];
  readonly sharedWithDns: boolean;
  readonly rewrite: boolean;
}

const lit = (values: readonly (string | null | undefined)[]): string[] =>
  values.filter((v): v is string => typeof v === "string" && v.length > 0).map((v) => `=${v.toLowerCase()}`);
/** literal alternatives joined for one pattern word, or null when there are none */
const anyOf = (values: readonly (string | null | undefined)[]): string | null => {
  const list = lit(values);
  return list.length > 0 ? list.join("|") : null;
};

// "resolve" (resolves, resolved): not "resolv*", which would take the resolver and resolv.conf for an answer
const RETURN_VERBS = "return*|answer*|respond*|reply|resolve|giv*|hand*|send*|get*|come*|provid*";
const MOVE_VERBS =
  "rout*|send*|sent|travel*|goes|go|leav*|forward*|deliver*|cross*|tunnel*|encapsulat*|carr*|reach*|arriv*|hop*|mov*|pass*|switch*|bridg*";
const NOT_DNS = "coredns quer* dns nameserver";

const serviceName = (f: ScenarioFacts): string => f.service?.name ?? f.host.split(".")[0] ?? f.host;
const clusterIPOf = (f: ScenarioFacts): string => f.clusterIP ?? "the ClusterIP";
const clusterDNSOf = (f: ScenarioFacts): string => f.clusterDNS ?? "the cluster DNS IP";
/** Patterns cancelled by the cluster DNS address in the same clause (the DNS exchange, not the connection). */
const notTheDnsReply = (f: ScenarioFacts, patterns: readonly (string | PatternSpec)[]): PatternSpec[] => {
  const dns = anyOf([f.clusterDNS]);
  return patterns.map((p) => {
    const spec = typeof p === "string" ? { p } : p;
    return dns === null ? spec : { ...spec, unless: dns };
  });
};
/** The CoreDNS pods' names and addresses (with and without the DNS port). */
const coreDnsPods = (f: ScenarioFacts): string[] =>
  f.podNames.flatMap((name, i) => {
    const ip = f.podIPs[i];
    return name.toLowerCase().startsWith("coredns") && ip !== undefined ? [name, ip, `${ip}:53`] : [];
  });
/** the Service address the client connected to, as "ip:port" ("[fd00:10:96::1]:443" over IPv6) */
const vip = (f: ScenarioFacts): string =>
  f.dialledClusterIP !== null && f.port !== null
    ? joinHostPort(f.dialledClusterIP, Number(f.port))
    : `${clusterIPOf(f)}:${f.port ?? ""}`;
const clusterIPLit = (f: ScenarioFacts): string | null =>
  anyOf([f.clusterIP, f.clusterIP !== null && f.port !== null ? `${f.clusterIP}:${f.port}` : null]);
const podIPLit = (f: ScenarioFacts): string | null => anyOf([...f.backendIPs, ...f.backendEndpoints]);
const connects = (f: ScenarioFacts): boolean => f.kind === "clusterip" || f.kind === "external" || f.kind === "outside";
/** a client outside the cluster: no lookup, no resolv.conf, no CoreDNS */
const inCluster = (f: ScenarioFacts): boolean => f.kind !== "outside";
/** the address the client dialled: the load balancer's ingress IP or the node's NodePort, with its port */
const dialled = (f: ScenarioFacts): string => `${f.host}:${f.port ?? ""}`;
/** the address the DNAT rewrites and the reply's source is put back to */
const frontAddress = (f: ScenarioFacts): string => (f.kind === "outside" ? dialled(f) : vip(f));
/** literals of that address (the ClusterIP, or what an outside client dialled) */
const frontLit = (f: ScenarioFacts): string | null =>
  f.kind === "outside" ? anyOf([f.host, dialled(f), f.outside?.lbIP]) : clusterIPLit(f);
const entryNodeOf = (f: ScenarioFacts): string => f.outside?.entryNode ?? f.clientNode ?? "the node";
const masquerades = (f: ScenarioFacts): boolean => f.kind === "outside" && f.hops.has("proxy.masquerade");
/** a ClusterIP Service whose connection reaches a backend (DNAT, routing, reply) */
const reachesBackend = (f: ScenarioFacts): boolean =>
  connects(f) && f.outcome !== "refused" && f.outcome !== "timeout" && f.kubeProxyInvolved && f.addresses.length > 0;
const noEndpoints = (f: ScenarioFacts): boolean =>
  connects(f) && (f.outcome === "refused" || f.outcome === "timeout") && f.addresses.length > 0;
const unresolved = (f: ScenarioFacts): boolean => f.addresses.length === 0 && f.outcome === null;
const RULE_ACTORS: readonly ActorId[] = ["rules", "kube-proxy", "conntrack"];
const hostsAddress = (f: ScenarioFacts): string => f.hostsFile?.addresses.join(", ") ?? "";
/** The DNS exchange's own steps: none happens when /etc/hosts answers the lookup. */
const DNS_SOURCES: ReadonlySet<string> = new Set([
  "resolver.config",
  "resolver.candidates",
  "dns.query",
  "dns.service-nat",
  "dns.lookup",
]);

export const CONCEPTS: { readonly [K in ConceptId]: ConceptSpec } = {
  "resolv-conf": {
    weight: 2,
    required: true,
    order: 1,
    source: "resolver.config",
    applies: inCluster,
    label: (f) =>
      `The resolver in ${f.clientName} reads /etc/resolv.conf (nameserver ${clusterDNSOf(f)}, search list, ndots)`,
    hint: (f) =>
      `Start where the lookup starts: ${f.clientName}'s /etc/resolv.conf names the nameserver (${clusterDNSOf(f)}) and the search list with ndots:${f.ndots ?? "5"}.`,
    patterns: (f) => [
      "resolv.conf",
      "nameserver ..6 search-domain|ndots*|config*|line|entry|option*",
      "search-domain ..6 nameserver",
      "getaddrinfo|gethostbyname ..6 read*|call*|us*|look*|load*|consult*|check*|open*|ask*",
      "resolver ..4 use*|read*|consult*|check*|look*|load*|open*",
      "nameserver ..4 is|point*|set*|=" + (f.clusterDNS ?? "10.96.0.10"),
      {
        p: anyOf([f.clusterDNS, f.clusterDNS !== null ? `${f.clusterDNS}:53` : null, f.nodeLocalDNS]) ?? "",
        within: "nameserver resolv.conf point* config* send* sent quer* ask* go* dns",
      },
    ],
    actors: { right: ["resolver", "app", "kubelet"], wrong: ["coredns", "kube-proxy"] },
    values: ["nameserver", "ndots"],
    valuesAnywhere: ["ndots"],
    impliedBy: ["search-domain"],
  },
  "search-domain": {
    weight: 3,
    required: true,
    order: 1,
    source: "resolver.candidates",
    applies: inCluster,
    label: (f) =>
      f.fqdn !== null ? `The search list expands ${f.host} to ${f.fqdn}` : "The resolver tries the search list",
    hint: (f) =>
      `Explain the search list: with ndots:${f.ndots ?? "5"} the short name "${f.host}" is tried as ${f.fqdn ?? "name.namespace.svc.cluster.local"} first, by ${f.clientName}'s own resolver.`,
    patterns: (f) => [
      "search-domain ..6 append*|add*|expand*|complet*|tri*|try*|tack*|us*|appl*|go*|walk*|iterat*|first|each|suffix*",
      "append*|add*|expand*|complet*|suffix*|concatenat*|tack*|appl*|tri*|try*|built|build*|walk*|iterat*|us* ..6 search-domain|namespace|domain|svc.cluster.local|cluster.local|suffix",
      "ndots ..8 search-domain|append*|tri*|fewer|less|dot*|first|absolute|qualif*",
      // "payments.billing goes through the search list", "the name is run through the search path"
      "go*|goes|run*|pass*|put|fed|feed* ..2 through ..3 search-domain",
      "short name ..6 expand*|complet*|qualif*",
      "fully qualif* ..6 name|domain|fqdn",
      {
        p: anyOf([f.fqdn, f.service !== null ? `${f.service.namespace}.svc.${f.clusterDomain}` : null]) ?? "",
        // "the search list makes it bar.app.svc.cluster.local", "… ends at payments.billing.svc.cluster.local"
        within: `becom* tri* quer* expand* append* resolv* ask* look* turn* first lookup name search-domain make* go* sent ${RETURN_VERBS}`,
      },
    ],
    // with autopath CoreDNS walks the pod's search path itself (it still answers the resolver's first candidate)
    actors: (f) =>
      f.autopath
        ? { right: ["resolver", "app", "coredns"], wrong: ["kube-proxy", "api-server"] }
        : { right: ["resolver", "app"], wrong: ["coredns", "kube-proxy", "api-server"] },
    values: ["fqdn"],
    valuesAnywhere: ["fqdn"],
  },
  "namespace-in-name": {
    weight: 2,
    required: true,
    order: null,
    source: "resolver.candidates",
    applies: (f) => f.crossNamespace && f.service !== null,
    label: (f) =>
      `The name must carry the Service's namespace (${f.service?.namespace ?? ""}), since ${f.clientName} is in ${f.clientNamespace}`,
    hint: (f) =>
      `Say why the namespace matters: "${serviceName(f)}" alone would search ${f.clientNamespace}.svc first; the name needs ".${f.service?.namespace ?? ""}".`,
    patterns: (f) => [
      "namespace ..6 name|qualif*|includ*|specif*|add*|need*|must|part",
      // "we must write the namespace", "the name has to carry the namespace"
      "must|need*|ha*|requir*|includ*|add*|carr*|specif*|writ*|put ..4 namespace",
      "differ*|another|other|cross ..2 namespace",
      {
        p: anyOf([`${serviceName(f)}.${f.service?.namespace ?? ""}`, f.fqdn]) ?? "",
        // the name that answers, quoted with its namespace ("payments.billing.svc.cluster.local returns …")
        within: `namespace becom* resolv* quer* tri* name expand* append* search* ${RETURN_VERBS.split("|").join(" ")}`,
      },
    ],
    values: ["fqdn"],
  },
  "dns-query": {
    weight: 2,
    required: true,
    order: 1,
    source: "dns.query",
    applies: inCluster,
    label: (f) =>
      f.usesNodeLocalDNS
        ? "The query goes to the node-local DNS cache"
        : `The query goes to cluster DNS: CoreDNS behind the kube-dns Service (${clusterDNSOf(f)})`,
    hint: (f) =>
      `Say who is asked: the query (A and AAAA over UDP 53) goes to ${clusterDNSOf(f)}, the kube-dns Service in front of CoreDNS.`,
    patterns: (f) => [
      // a DNS packet DNATed to a CoreDNS pod is kube-proxy's rule at work (the DNS DNAT), not the query's sender
      {
        p: "dns ..2 query|request|lookup|resolution|packet ..8 go*|sent|send*|to|hit*|reach*|coredns|nameserver",
        unless: "dnat* rewrit*",
        unlessWindow: 4,
      },
      "query|ask*|send*|sent|request|forward* ..6 dns|coredns|nameserver",
      "coredns ..6 receiv*|get*|answer*|respond*|resolv*|return*|look*|repl*|handl*",
      // "then the DNS give back the addresses": whatever it answers (right or not), cluster DNS was asked
      { p: "dns|nameserver ..2 answer*|respond*|repl*|return*|giv*|hand*", unless: "dnat* rewrit* conntrack" },
      // "CoreDNS, which answered the query for bar.app.svc.cluster.local"
      "answer*|receiv*|handl* ..3 quer*",
      // "that pod IP came from CoreDNS": the answer's source is who was asked
      "came|come*|got|get* from ..2 coredns|dns|nameserver",
      "look* up ..8 coredns|dns|nameserver|name",
      "lookup ..8 coredns|nameserver|go*|sent|send*",
      // "resolves bar", "resolving the name": the verb, not the resolver expanding the name on its own
      "resolve ..6 coredns|nameserver|name|" + (anyOf([f.host]) ?? "=bar"),
      {
        p: anyOf([f.clusterDNS, f.clusterDNS !== null ? `${f.clusterDNS}:53` : null]) ?? "",
        within: "send* sent quer* ask* go* to dns udp packet",
      },
    ],
    actors: { right: ["resolver", "app", "coredns"], wrong: ["kube-proxy"] },
    values: ["nameserver"],
    impliedBy: ["dns-answers-clusterip", "dns-answers-pod-ips", "dns-cname", "dns-name-not-found"],
  },
  "dns-service-nat": {
    rewrite: true,
    weight: 1,
    required: false,
    order: 2,
    source: "dns.service-nat",
    applies: (f) => !f.usesNodeLocalDNS && f.dnsServiceNat,
    label: (f) =>
      `The DNS packet to ${clusterDNSOf(f)} is itself Service traffic: kube-proxy's rules DNAT it to one CoreDNS pod`,
    hint: (f) =>
      `Bonus: the DNS query is Service traffic too: ${clusterDNSOf(f)} is DNATed to a CoreDNS pod like any ClusterIP.`,
    patterns: (f) => [
      "one|a|random ..3 coredns ..1 pod ..8 dnat*|nat|rewrit*|translat*|pick*|chos*|choos*|select*|forward*|go*|reach*|sent|land*",
      // "KUBE-SVC-… picks one of the two CoreDNS pods", "sends this one to coredns-1 at 10.244.2.2:53"
      "pick*|chos*|choos*|select* ..6 coredns ..2 pod",
      {
        p: `kube-svc*|kube-sep*|rule*|iptables|chain*|dnat* ..8 ${anyOf(coreDnsPods(f)) ?? "=coredns-0"}`,
        within: "send* sent dnat* nat pick* chos* forward* jump* rewrit* go* reach*",
      },
      "dnat*|nat|rewrit*|translat*|redirect*|forward* ..10 coredns|coredns pod",
      "dnat*|nat ..6 dns|quer*",
      "quer* ..8 dnat*|nat",
      "coredns ..1 pod ..6 chos*|choos*|pick*|select*|balanc*|load-balance",
    ],
  },
  "node-local-dns": {
    weight: 2,
    required: true,
    order: 1,
    source: "dns.query",
    applies: (f) => f.usesNodeLocalDNS && inCluster(f),
    label: (f) =>
      `NodeLocal DNSCache on ${f.clientName}'s node answers (${f.nodeLocalDNS ?? ""}), without kube-proxy DNAT`,
    hint: () => "Mention NodeLocal DNSCache: a per-node cache answers the query locally (NOTRACK, no DNAT).",
    patterns: (f) => [
      "node-local-dns ..8 answer*|cach*|listen*|respond*|serv*|handl*|intercept*|resolv*",
      "nodelocal* ..8 answer*|cach*|listen*|respond*|serv*|handl*",
      "local ..2 cache ..8 answer*|respond*|serv*|handl*|hit*",
      "notrack ..6 rule*|raw|conntrack|skip*",
      { p: anyOf([f.nodeLocalDNS]) ?? "", within: "nameserver send* sent quer* listen* answer* cache" },
    ],
  },
  "dns-answers-clusterip": {
    weight: 3,
    required: true,
    order: 3,
    source: "dns.lookup",
    applies: (f) => connects(f) && f.addresses.length > 0 && f.kind === "clusterip",
    label: (f) =>
      f.clusterIPs.length > 1
        ? `CoreDNS answers with the Service's ClusterIPs, ${f.clusterIPs.map((ip) => `${ip.includes(":") ? "AAAA" : "A"} ${ip}`).join(" and ")}${noEndpoints(f) ? " (even with no endpoints)" : ""}`
        : `CoreDNS answers with the Service's ClusterIP ${f.clusterIP ?? ""}${noEndpoints(f) ? " (even with no endpoints)" : ""}, an A record`,
    hint: (f) =>
      `Say what DNS returns: the Service's ClusterIP (${f.clusterIP ?? "a virtual IP"}), a stable virtual IP, never the pod IPs.`,
    patterns: (f) => [
      // the reply's source put back to the ClusterIP is the reverse translation, not the DNS answer
      {
        p: clusterIPLit(f) ?? "",
        // "getent hosts bar" / "nslookup bar" followed by its output line "10.96.12.34 bar.app.svc.cluster.local"
        within: `${RETURN_VERBS.split("|").join(" ")} a-record record resolv* ip address dns coredns answer lookup getent nslookup dig`,
        unless: "source conntrack",
        unlessWindow: 6,
      },
      // "sends its query to 10.96.0.10:53, the kube-dns ClusterIP" is the DNS server's address, not the answer
      {
        p: `${RETURN_VERBS} ..6 clusterip`,
        blockers: "source conntrack dnat nat rewrit* translat* coredns nameserver",
      },
      { p: "clusterip ..4 return*|answer*|resolve|back|record", blockers: "dnat nat rewrit* translat*" },
      "a-record ..6 clusterip",
      // "the ClusterIP came from CoreDNS"
      "clusterip ..3 come*|came ..3 from ..2 coredns|dns|nameserver",
      "resolve ..3 to|into ..3 clusterip",
      `${RETURN_VERBS} ..6 ip ..3 service`,
      // "CoreDNS answers from the Service": from the Service object, whatever its endpoints
      "coredns ..3 answer*|respond*|repl* ..2 from ..2 service",
    ],
    actors: { right: ["coredns", "resolver", "app"], wrong: ["kube-proxy", "kubelet", "api-server", "rules"] },
    values: ["clusterip"],
  },
  "dns-answers-pod-ips": {
    weight: 3,
    required: true,
    order: 3,
    source: "dns.lookup",
    applies: (f) => f.kind === "headless" && f.addresses.length > 0,
    label: (f) => `CoreDNS answers with one A record per ready pod (${f.addresses.join(", ")}), no ClusterIP`,
    hint: (f) =>
      `Say what DNS returns for a headless Service: the ready pods' own IPs (${f.addresses.join(", ")}), one A record each.`,
    patterns: (f) => [
      `${RETURN_VERBS} ..6 pod-ip|pod|ips|addresses|a-record`,
      "a-record ..6 each|per|every|all ..4 pod|endpoint",
      "multiple|several|all|list|set|two ..4 a-record|ip|address|pod-ip|ips|addresses",
      "headless ..8 return*|resolv*|answer* ..6 pod|pod-ip|ip",
      "resolv* ..3 to|into ..3 pod-ip|pod",
      {
        p: podIPLit(f) ?? "",
        within: `${RETURN_VERBS.split("|").join(" ")} a-record record dns coredns answer getent nslookup dig`,
      },
    ],
    actors: { right: ["coredns", "resolver", "app"], wrong: ["kube-proxy", "kubelet", "rules"] },
  },
  "dns-cname": {
    weight: 3,
    required: true,
    order: 3,
    source: "dns.lookup",
    applies: (f) => f.kind === "externalname",
    label: (f) => `CoreDNS answers with a CNAME to ${f.externalName ?? "the external name"}`,
    hint: (f) =>
      `Say what DNS returns for an ExternalName Service: a CNAME to ${f.externalName ?? "the external name"}.`,
    patterns: (f) => [
      "cname ..8 return*|answer*|record|point*|to|alias|get*|respond*",
      `${RETURN_VERBS} ..6 cname|alias`,
      "alias ..6 " + (anyOf([f.externalName]) ?? "=api.example.com"),
      // not "get*": "kubectl get svc bar" lists the Service's externalName, which is no DNS answer; a name the
      // request is forwarded, relayed or passed on to ("forwards it to api.partner.example.com") or a connection opened to
      // ("opens the connection to api.partner.example.com") is a destination, not a CNAME
      {
        p: anyOf([f.externalName]) ?? "",
        unless: "forward* relay* proxi* proxy connect* pass* stream*",
        unlessWindow: 4,
        within: `cname alias ${RETURN_VERBS.split("|")
          .filter((v) => v !== "get*")
          .join(" ")}`,
      },
      // "the answer points foo at api.partner.example.com"; "bar is an ExternalName pointing at …" is the
      // Service's spec, which says nothing of what DNS answers
      {
        p: anyOf([f.externalName]) ?? "",
        within: "point*",
        unless: "forward* relay* proxi* proxy externalname service spec",
        unlessWindow: 4,
      },
    ],
    actors: { right: ["coredns", "resolver", "app"], wrong: ["kube-proxy", "rules"] },
  },
  "dns-name-not-found": {
    weight: 3,
    required: true,
    order: 3,
    source: "dns.lookup",
    applies: unresolved,
    label: (f) =>
      f.kind === "headless"
        ? "The headless Service has no ready endpoints, so CoreDNS has no records: NXDOMAIN, the lookup fails and no connection is made"
        : "No candidate name resolves (NXDOMAIN for each): the lookup fails and no connection is made",
    hint: () => "Say how it ends: every candidate name gets NXDOMAIN, the lookup fails and no connection is attempted.",
    patterns: () => [
      "nxdomain|eai_noname|servfail ..8 return*|answer*|get*|respond*|each|every|all|fail*|error*",
      "return*|answer*|get*|respond* ..6 nxdomain|eai_noname",
      "no such host",
      "fail* ..4 resolv*|lookup|dns",
      "dns|lookup|resolution ..4 fail*",
      { p: "not|n't|never ..3 resolv*", negationIncluded: true },
    ],
  },
  "upstream-resolution": {
    weight: 1,
    required: false,
    order: 3,
    source: "dns.lookup",
    applies: (f) => f.kind === "externalname" || (f.kind === "external" && f.addresses.length > 0),
    label: (f) =>
      `The ${f.kind === "externalname" ? "CNAME target" : "name"} is resolved upstream (CoreDNS forward plugin) to ${f.addresses.join(", ")}`,
    hint: () => "Say how the CNAME target becomes an IP: CoreDNS resolves it upstream.",
    patterns: (f) => [
      "upstream ..8 resolv*|dns|server|resolver|quer*|forward*|ask*",
      "forward* ..6 dns|resolver|server|quer*|upstream",
      "resolv* ..6 upstream|recurs*",
      "recurs* ..6 resolv*|quer*|lookup",
      { p: anyOf(f.addresses) ?? "", within: `resolv* ${RETURN_VERBS.split("|").join(" ")} a-record` },
      // "… looks up api.partner.example.com", "asks again, this time for api.partner.example.com": whoever does it
      ...(f.externalName !== null
        ? [`ask*|quer*|look*|resolv*|send*|chas*|follow* ..8 ${anyOf([f.externalName.toLowerCase()]) ?? ""}`]
        : []),
    ],
    // CoreDNS resolves the target itself and returns it with the CNAME; the pod's resolver does not chase it
    actors: { right: ["coredns"], wrong: ["resolver", "app"] },
  },
  "client-picks-address": {
    weight: 1,
    required: false,
    order: 4,
    source: "resolver.result",
    applies: (f) => f.kind === "headless" && f.addresses.length > 0,
    label: (f) => `${f.clientName} uses one of the returned addresses (usually the first)`,
    hint: (f) =>
      `Say who chooses: ${f.clientName} picks one of the addresses (usually the first), there is no proxy to do it.`,
    patterns: (f) => [
      `client|app*|resolver|application|getaddrinfo|it|library|code|${anyOf([f.clientName]) ?? "=foo"} ..6 pick*|choos*|use*|select*|tak*|tri*|dial*|connect* ..6 first|one|address|ip|record${podIPLit(f) !== null ? "|" + podIPLit(f) : ""}`,
      `end* up ..2 with ..3 ${podIPLit(f) ?? "address"}|first|one`,
      "first ..3 address|ip|record|a-record ..6 us*|pick*|tak*|chos*|connect*|tri*",
      "pick*|choos*|select*|tak*|us* ..4 first|one ..3 address|ip|record|a-record",
      "client side ..3 load-balance|balanc*",
    ],
    actors: { right: ["app", "resolver"], wrong: ["kube-proxy", "rules", "coredns"] },
  },
  "hosts-file": {
    weight: 3,
    required: true,
    order: 1,
    source: "resolver.hosts",
    applies: (f) => f.hostsFile !== null,
    label: (f) =>
      `getaddrinfo in ${f.clientName} reads /etc/hosts before DNS: its hostAliases entry gives ${hostsAddress(f)} for ${f.host}, so no DNS query is sent`,
    hint: (f) =>
      `Start where the lookup starts: ${f.clientName}'s resolver reads /etc/hosts before DNS ("hosts: files dns"), and kubelet wrote ${f.clientName}'s hostAliases entry (${hostsAddress(f)} ${f.host}) there, so no DNS query is sent.`,
    patterns: () => [
      // "/etc/hosts" is read as the words "etc hosts"; "the hosts file" says the same
      "etc|host host|file ..8 read*|first|before|check*|consult*|look*|map*|entry|line|answer*|resolv*|giv*|has|contain*|find*|match*|say*",
      "read*|check*|consult*|look*|open*|search* ..6 etc|host host|file",
      // what the entry answers, not kubelet adding it ("hostAliases adds … to /etc/hosts" is the set-up)
      "hostalia* ..4 entry|line ..6 map*|giv*|say*|answer*|resolv*|return*",
      "hostalia* ..4 map*|giv*|say*|answer*|resolv*|return*",
      "nsswitch|files ..6 before|first ..4 dns",
    ],
    actors: { right: ["resolver", "app", "kubelet"], wrong: ["coredns", "kube-proxy"] },
    values: ["hosts-address"],
  },
  "app-connect": {
    weight: 1,
    required: false,
    order: 4,
    source: "app.connect",
    applies: (f) => connects(f) && f.addresses.length > 0 && (f.kind === "clusterip" || f.kind === "outside"),
    label: (f) => `${f.clientName} opens a TCP connection to ${frontAddress(f)}`,
    hint: (f) =>
      f.kind === "outside"
        ? `Start with the connect: ${f.clientName} opens its TCP connection to ${frontAddress(f)}, no DNS needed.`
        : `Connect the two halves: ${f.clientName} opens its TCP connection to ${vip(f)}, the address DNS gave it.`,
    patterns: (f) => [
      {
        p:
          (f.kind === "outside"
            ? frontLit(f)
            : anyOf([f.clusterIP !== null && f.port !== null ? `${f.clusterIP}:${f.port}` : null])) ?? "",
        within: "connect* open* send* sent syn dial* tcp packet to destination",
        // from outside the dialled address recurs where the node's rules match it: that is not the connect
        ...(f.kind === "outside"
          ? { unless: "match* rule* chain* iptables kube-services kube-ext* kube-nodeports" }
          : {}),
      },
      "connect*|open*|syn|handshake|dial* ..6 clusterip|tcp|socket|connection|" +
        (anyOf([f.clusterIP, f.kind === "outside" ? f.host : null]) ?? "=10.96.12.34"),
      "tcp ..3 connect*|syn|handshake|connection",
      "send*|sent ..4 request|packet|syn ..4 to ..3 clusterip",
      // from outside: "the client connects to 198.51.100.20:443" (a wrong address there is a value slip)
      f.kind === "outside" ? { p: "connect*|dial*|curl* ..3 to", blockers: "node pod" } : null,
    ],
    actors: { right: ["app", "resolver"], wrong: ["coredns", "kube-proxy"] },
    values: ["service-port", "outside-address"],
  },
  "lb-to-node": {
    weight: 2,
    required: true,
    order: 4,
    source: "lb.select",
    applies: (f) => f.kind === "outside" && f.outside?.entryNode !== null,
    label: (f) =>
      f.outside?.lbIP !== null
        ? `The cloud load balancer (${f.outside?.lbIP ?? ""}) sends the packet to a node, ${entryNodeOf(f)} (${f.outside?.entryNodeIP ?? ""}), destination unchanged`
        : `The packet reaches ${entryNodeOf(f)}'s address (${f.outside.entryNodeIP ?? ""}) directly, from outside the cluster`,
    hint: (f) =>
      f.outside?.lbIP !== null
        ? `Say how the packet gets into the cluster: the cloud load balancer picks a healthy node (${entryNodeOf(f)} here) and passes the packet through to it.`
        : `Say how the packet gets into the cluster: it is sent to ${entryNodeOf(f)}'s own address on the NodePort.`,
    patterns: (f) => {
      const nodes = anyOf([...f.nodeNames, ...f.nodeIPs]) ?? "=node-1";
      const entry = anyOf([f.outside?.entryNode, f.outside?.entryNodeIP]) ?? "=node-1";
      // the rules' own words: "the loadbalancer IP rule sends it to KUBE-EXT" is the node's rule match
      const RULES = "rule* iptables kube-services kube-ext* chain* dnat";
      return [
        {
          p: `load-balance|cloud-load-balancer ..8 send*|sent|forward*|pick*|choos*|select*|chose*|pass*|deliver*|hand*|rout*|distribut*|spread*|balanc* ..8 node|it|packet|connection|traffic|${nodes}`,
          blockers: RULES,
        },
        "node ..4 chos*|picked|selected ..4 by ..2 load-balance|cloud-load-balancer",
        {
          p: `${MOVE_VERBS}|land*|arriv* ..6 to|at|on ..3 ${nodes}|node|one`,
          within: "load-balance cloud-load-balancer",
          blockers: RULES,
        },
        {
          p: `send*|sent|forward*|pass*|hand*|deliver*|steer*|direct* ..6 to ..3 ${entry}`,
          blockers: RULES,
          unless: "conntrack reply back revers*",
        },
        // a NodePort: "the SYN reaches node-1's address on 30443"
        {
          p: `${MOVE_VERBS}|land*|arriv* ..4 ${entry}`,
          blockers: RULES,
          unless: "conntrack reply back revers* pod bridge cni0 veth overlay vxlan same-node",
        },
        { p: `${nodes} ..4 nodeport|${anyOf([f.outside?.nodePort]) ?? "=30000"}`, unless: "kube-nodeports" },
      ];
    },
    actors: { right: ["cloud-load-balancer", "network", "app"], wrong: ["kube-proxy", "coredns", "rules", "backend"] },
    values: ["outside-address"],
  },
  "lb-health-check": {
    weight: 1,
    required: false,
    order: null,
    source: "lb.select",
    applies: (f) => f.kind === "outside" && f.hops.has("lb.select"),
    label: (f) =>
      f.outside?.healthCheckNodePort != null
        ? `The load balancer health-checks each node's healthCheckNodePort ${f.outside.healthCheckNodePort}: only nodes with a ready local ${serviceName(f)} pod pass`
        : "The load balancer health-checks kube-proxy on every node (/healthz, port 10256): every node passes under the Cluster policy",
    hint: (f) =>
      f.outside?.healthCheckNodePort != null
        ? "Say how the load balancer avoids nodes with no local pod: its health check on the healthCheckNodePort fails there."
        : "Bonus: the load balancer health-checks kube-proxy on each node before sending it traffic.",
    patterns: () => [
      "health* ..3 check*|probe* ..10 node*|port|kube-proxy|healthz|pass*|only|each|every|which|local|pod|endpoint",
      "node* ..8 health* ..3 check*|probe*",
      "health*|healty ..6 node*",
      "=healthchecknodeport",
      "healthz",
      "probe* ..6 node*|port|healthz|kube-proxy",
    ],
  },
  "direct-to-pod": {
    weight: 3,
    required: true,
    order: 5,
    source: "app.connect",
    applies: (f) => f.kind === "headless" && f.addresses.length > 0,
    label: (f) => `${f.clientName} connects straight to a pod IP: no ClusterIP, no kube-proxy rules, no DNAT`,
    hint: () =>
      "Say what is missing: the connection goes straight to the pod IP, with no ClusterIP, no kube-proxy rule and no DNAT.",
    patterns: (f) => [
      "direct*|straight ..6 pod|pod-ip|backend|ip|address",
      // "the rules DNAT the connection to one of the pods" is the DNAT model, not a direct connection
      {
        p: "connect*|dial*|send*|sent|open* ..6 pod-ip|pod|" + (podIPLit(f) ?? "=10.244.1.5"),
        unless: "dnat nat translat* rewrit* redirect*",
        unlessWindow: 3,
        // "CoreDNS sends back one A record for each ready pod" is the DNS answer, not the connection
        blockers: "a-record record* back answer*",
      },
      // "the client connects directly to one of them"
      "connect*|dial*|open* ..6 direct*|straight",
      {
        p: "no|not|n't|without|never|bypass*|skip* ..6 dnat|nat|kube-proxy|iptables|load-balance|proxy*|rule*|ipvs|kube-svc*|chain*|translat*|rewrit*",
        negationIncluded: true,
        unless: "coredns dns quer* node-local-dns cache",
      },
      { p: "bypass*|skip* ..6 kube-proxy|iptables|rule*|proxy*|service", unless: NOT_DNS },
      // "kube-proxy ignores headless Services": a stated absence, kube-proxy is not the doer of anything here
      { p: "kube-proxy ..4 ignor*|skip*", negationIncluded: true },
      { p: "nothing ..3 rewrit*|translat*|chang*|nat*", negationIncluded: true },
      { p: "kube-proxy|iptables ..4 not|n't|no ..3 involv*|us*|need*|play*|touch*|do*", negationIncluded: true },
    ],
    actors: { right: ["app", "resolver", "network"], wrong: ["kube-proxy", "rules"] },
  },
  "direct-to-external": {
    weight: 2,
    required: true,
    order: 5,
    source: "app.connect",
    applies: (f) =>
      (f.kind === "externalname" || f.kind === "external") && f.addresses.length > 0 && !f.kubeProxyInvolved,
    label: (f) => `${f.clientName} connects straight to the external address: no ClusterIP, no kube-proxy`,
    hint: (f) =>
      `Say what is missing: no ClusterIP and no kube-proxy; ${f.clientName} connects straight to the external address.`,
    // the absence of a ClusterIP and of kube-proxy rules is externalname-no-proxy: true of the Service, but not
    // yet the connection going anywhere
    patterns: (f) => [
      "direct* ..6 external|address|ip|host|connect*",
      {
        p: "connect*|dial*|send*|sent|open* ..6 external|" + (anyOf(f.addresses) ?? "=203.0.113.7"),
        unless: "dnat nat kube-proxy iptables clusterip",
      },
      // "foo's SYN goes to 203.0.113.7:443 unchanged: no DNAT": the packet itself heading to the address
      {
        p:
          "syn|packet|connection|request|traffic ..4 go*|travel*|head*|reach* ..4 " +
          (anyOf(f.addresses) ?? "=203.0.113.7"),
        // inside the span only: the stated absence after it ("unchanged: no DNAT") is the point, not a rewrite
        blockers: "dnat* nat* kube-proxy iptables clusterip translat* rewrit*",
      },
    ],
    values: ["external-port"],
  },
  "proxy-service-match": {
    weight: 2,
    required: true,
    order: 5,
    source: "proxy.service",
    applies: (f) => connects(f) && f.addresses.length > 0 && f.kubeProxyInvolved && f.kind !== "outside",
    label: (f) =>
      f.proxyMode === "ipvs"
        ? `IPVS on ${f.clientName}'s node has a virtual server for ${vip(f)} (programmed by kube-proxy)`
        : f.proxyMode === "nftables"
          ? `kube-proxy's nftables rules match ${clusterIPOf(f)} (service-ips map → ${f.chains[0] ?? "service chain"})`
          : `The iptables rules kube-proxy programmed match ${clusterIPOf(f)} on ${f.clientName}'s node (${f.chains.join(" → ") || "KUBE-SERVICES"})`,
    hint: (f) =>
      f.proxyMode === "ipvs"
        ? `Say what catches the packet: an IPVS virtual server for ${clusterIPOf(f)} in the kernel of ${f.clientName}'s node.`
        : `Say what catches the packet: on ${f.clientName}'s node, netfilter (the iptables rules kube-proxy wrote) matches ${clusterIPOf(f)}.`,
    patterns: (f) => [
      {
        p: "iptables|ipvs|nftables|rule*|chain*|kube-services|netfilter|kernel|prerouting|output ..8 match*|catch*|intercept*|see*|hit*|jump*|evaluat*|process*|handl*|look*|find*|check*|trap*|pick*|select*|chos*|dnat*|rewrit*|translat*|redirect*|send*",
        unless: "coredns",
      },
      {
        p: "match*|catch*|intercept*|hit*|enter*|travers*|go*|pass*|jump*|trap* ..6 iptables|ipvs|nftables|rule*|chain*|kube-services|kube-svc*|prerouting|netfilter|virtual server|output",
        unless: "coredns",
      },
      { p: "intercept*|catch*|match*|hook* ..6 packet|clusterip|traffic|destination|it|connection", unless: "coredns" },
      { p: `kernel ..6 ${REWRITE_VERBS}|match*|intercept*|dnat|nat|catch*`, unless: "coredns" },
      { p: anyOf(f.chains) ?? "", within: "jump* match* enter* go* hit* travers* pick* chain rule" },
      "virtual server ..8 " + (clusterIPLit(f) ?? "=10.96.12.34") + "|clusterip|service",
      "service-ips ..8 map|lookup|match*|verdict",
    ],
    actors: {
      right: RULE_ACTORS,
      wrong: ["coredns", "kubelet", "network", "cloud-load-balancer", "api-server", "backend"],
    },
    values: ["chain"],
    impliedBy: ["reject-rule", "drop-rule", "dnat", "endpoint-selection"],
    sharedWithDns: true,
  },
  "ext-service-match": {
    weight: 2,
    required: true,
    order: 5,
    source: "proxy.service",
    applies: (f) => f.kind === "outside" && f.kubeProxyInvolved && f.hops.has("proxy.service"),
    label: (f) =>
      `On ${entryNodeOf(f)} the rules kube-proxy programmed match ${dialled(f)} (${f.outside?.lbIP !== null ? 'the "loadbalancer IP" rule in KUBE-SERVICES' : "KUBE-NODEPORTS"} → ${f.chains.find((c) => c.startsWith("KUBE-EXT-")) ?? "KUBE-EXT-…"})`,
    hint: (f) =>
      `Say what catches the packet on ${entryNodeOf(f)}: kube-proxy's ${f.outside?.lbIP !== null ? "rule for the load balancer IP" : "NodePort rule"} sends it to the Service's KUBE-EXT chain.`,
    patterns: (f) => [
      ...CONCEPTS["proxy-service-match"].patterns(f),
      "kube-ext*|kube-nodeports|kube-fw* ..8 jump*|match*|chain*|rule*|go*|enter*|to|send*|sent|mark*|pick*",
      "jump*|go*|sent|send*|enter* ..6 kube-ext*|kube-nodeports",
      // the chain named in an arrow chain or a list item ("KUBE-EXT on node-1 → local endpoint bar-1"), as the
      // full chain names are read for the in-cluster rule match
      { p: "=kube-ext|=kube-nodeports", within: "jump* match* enter* go* hit* travers* chain rule" },
      "rule*|chain*|iptables ..6 for|of ..3 load-balance|nodeport|=loadbalancer ..2 ip",
      "nodeport ..6 rule*|match*|chain*|iptables|catch*",
      `match*|catch*|captur*|intercept* ..6 ${anyOf([f.host, dialled(f)]) ?? "=198.51.100.20"}`,
    ],
    actors: {
      right: RULE_ACTORS,
      wrong: ["coredns", "kubelet", "network", "cloud-load-balancer", "api-server", "backend"],
    },
    values: ["chain", "outside-address"],
  },
  "reject-rule": {
    weight: 3,
    required: true,
    order: 5,
    source: "proxy.reject",
    applies: (f) => noEndpoints(f) && f.outcome === "refused",
    label: (f) =>
      f.kind === "outside"
        ? `On ${entryNodeOf(f)} the packet to ${dialled(f)} is rejected: the node has no endpoint to send it to`
        : `kube-proxy's filter rule for ${clusterIPOf(f)} ("has no endpoints") REJECTs the packet`,
    hint: (f) =>
      `Say what kube-proxy does with no endpoints: it installs a filter rule for ${clusterIPOf(f)} that REJECTs with ICMP port unreachable.`,
    patterns: () => [
      "reject* ..8 rule*|packet|syn|connection|it|iptables|icmp|kube-proxy|filter|kernel",
      "iptables|rule*|filter|kernel|kube-proxy|chain* ..8 reject*|refus*|block*|send* ..4 icmp|icmp-unreachable|back",
      "has no endpoints ..10 rule|reject*|comment",
      "rule*|filter|chain* ..12 reject*",
      "reject* ..10 has no endpoints",
      "reject* ..6 icmp|icmp-unreachable|syn|packet|connection",
      "icmp-unreachable ..8 send*|sent|return*|back|get*|repl*|respond*",
      "send*|sent|return*|repl*|respond*|get* ..6 icmp|icmp-unreachable",
      "filter ..4 table|rule|chain ..8 reject*|refus*|drop*|block*",
      // iptables' own syntax in a quoted rule: "-j REJECT"
      "=j reject",
      // "foo's SYN is rejected", "the kernel answers the SYN with ICMP port unreachable"
      "syn|packet|connection ..3 reject*",
      "answer* ..6 icmp|icmp-unreachable",
      // "… refuses the connection": the refusing step, whoever the answer says does it
      "=refuses|=refuse|=refusing ..3 connect*|syn|packet|it",
    ],
    actors: { right: RULE_ACTORS, wrong: ["coredns", "backend", "network", "cloud-load-balancer", "kubelet", "app"] },
    values: ["service-port"],
    // the rule's "-d 10.96.12.34 --dport 8443" sits in its own option, away from "-j REJECT"
    valuesAnywhere: ["service-port"],
  },
  "drop-rule": {
    weight: 3,
    required: true,
    order: 5,
    source: "proxy.drop",
    applies: (f) => noEndpoints(f) && f.outcome === "timeout",
    label: (f) =>
      f.kind === "outside"
        ? `On ${entryNodeOf(f)} kube-proxy's rules DROP the packet to ${dialled(f)}`
        : `kube-proxy's filter rule for ${clusterIPOf(f)} ("has no local endpoints") DROPs the packet`,
    hint: () => "Say what happens to the packet: a filter rule DROPs it silently because no endpoint is usable.",
    patterns: () => [
      "drop* ..8 rule*|packet|syn|connection|it|iptables|silent*|kube-proxy|filter|kernel",
      "iptables|rule*|filter|kernel|kube-proxy|chain* ..8 drop*|discard*|blackhol*",
      "has no local endpoints",
      "discard*|blackhol* ..6 packet|syn|it|traffic",
    ],
    actors: { right: RULE_ACTORS, wrong: ["coredns", "backend", "network", "cloud-load-balancer", "kubelet", "app"] },
  },
  "endpoint-selection": {
    weight: 2,
    required: true,
    order: 5,
    source: "proxy.endpoint",
    applies: reachesBackend,
    label: (f) =>
      f.proxyMode === "ipvs"
        ? "IPVS picks a real server (round robin)"
        : `One backend is picked at random (probability 1/${Math.max(f.backendEndpoints.length, 1)} each)`,
    hint: (f) =>
      f.proxyMode === "ipvs"
        ? "Say how the backend is chosen: IPVS's scheduler (round robin) picks one real server."
        : `Say how one ${serviceName(f)} pod is chosen: the KUBE-SVC chain jumps to a KUBE-SEP chain at random (1/n each).`,
    patterns: (f) => [
      {
        p:
          "pick*|choos*|select*|chose*|chosen|decid* ..6 pod|endpoint|backend|one|replica|server|kube-sep*|sep|it|" +
          (anyOf(f.backendPods) ?? "=bar-1"),
        unless: "coredns",
      },
      {
        p:
          "random*|probabilit*|statistic*|round-robin ..8 pod|endpoint|backend|one|replica|kube-sep*|chain*|pick*|choos*|select*|jump*|rule*|chos*|" +
          (anyOf(f.backendPods) ?? "=bar-1"),
        unless: "coredns",
      },
      {
        p: "pod|endpoint|backend|one|replica|kube-sep*|rule*|jump* ..8 random*|probabilit*|statistic*|round-robin|1/2|=0.5|=0.5000000000|50%",
        unless: "coredns",
      },
      { p: "load-balance* ..8 pod|endpoint|backend|replica|between|across|among", unless: "coredns dns quer*" },
      {
        p: "spread*|distribut*|balance|shar* ..8 pod|backend|endpoint|replica|traffic|connection*|request*",
        unless: "coredns dns quer*",
      },
      {
        p: "one of ..3 pod|endpoint|backend|replica|ip ..6 pick*|chos*|choos*|select*|get*|us*|random*",
        unless: "coredns",
      },
      { p: "jump* ..6 kube-sep*|one|endpoint|chain", unless: "coredns" },
      // "the Service sends the request to one of the pods behind it": the choice of one backend, in plain words
      {
        p: "send*|sent|forward*|pass*|deliver*|direct* ..4 to ..2 one of ..3 pod|endpoint|backend|replica",
        unless: "coredns dns quer*",
      },
      // "the first rule loses its coin flip and the packet falls through to the second", "each pod gets half"
      { p: "coin ..3 flip*|toss*", unless: "coredns" },
      { p: "fall*|fell ..2 through ..6 rule*|endpoint*|kube-sep*|second|next|last", unless: "coredns" },
      { p: "half ..4 connect*", unless: "coredns dns quer*" },
      // from outside under the Local policy: "→ local endpoint bar-1", the node's own endpoint is the one used
      f.kind === "outside" && !masquerades(f)
        ? `local ..2 endpoint*|pod*|backend* ..3 ${anyOf([...f.backendPods, ...f.backendIPs, ...f.backendEndpoints]) ?? "=bar-1"}`
        : null,
      // "KUBE-SVC-…, random 1/2"
      {
        p: `random*|probabilit*|statistic* ..2 =1/${Math.max(f.backendEndpoints.length, 1)}|=${Math.round(100 / Math.max(f.backendEndpoints.length, 1))}%`,
        unless: "coredns",
      },
    ],
    actors: {
      right: [...RULE_ACTORS, "network"],
      wrong: ["coredns", "cloud-load-balancer", "kubelet", "api-server", "app", "resolver"],
    },
  },
  "connection-refused": {
    weight: 3,
    required: true,
    order: 6,
    source: "proxy.reject",
    applies: (f) => noEndpoints(f) && f.outcome === "refused",
    label: () => 'The client gets "connection refused" at once (ECONNREFUSED), not a timeout',
    hint: (f) => `Say what ${f.clientName} sees: connect() fails at once with ECONNREFUSED, not a timeout.`,
    patterns: () => [
      "connection-refused ..8 get*|see*|fail*|return*|error*|immediately|instant*|fast|quick*|once|away",
      "get*|see*|return*|receiv* ..4 connection-refused|icmp-unreachable",
      "get*|see*|fail*|return*|receiv*|error*|end* ..6 connection-refused|refus*",
      "connect* ..6 fail*|refus*|error* ..6 immediately|instant*|fast|quick*|once|away|connection-refused",
      "immediately|instant*|fast|quickly ..6 fail*|error*|refus*",
      "fail*|error*|refus* ..6 immediately|instant*|fast|quickly|away|once",
    ],
    actors: { right: ["app", "rules", "kube-proxy"], wrong: ["backend", "coredns"] },
  },
  "connection-timeout": {
    weight: 3,
    required: true,
    order: 6,
    source: "proxy.drop",
    applies: (f) => noEndpoints(f) && f.outcome === "timeout",
    label: () => "The connect times out (packets are dropped silently)",
    hint: (f) => `Say what ${f.clientName} sees: the connect hangs until it times out.`,
    patterns: () => [
      "time* out",
      "timeout ..6 connect*|after|until|get*|hit*|fail*",
      "connect* ..6 hang*|hung|timeout|time* out",
      "hang*|hung ..6 until|connect*|forever",
    ],
  },
  dnat: {
    rewrite: true,
    weight: 3,
    required: true,
    order: 5,
    source: "proxy.dnat",
    applies: reachesBackend,
    label: (f) =>
      `The destination is rewritten from ${frontAddress(f)} to a pod (${f.backendEndpoints.join(" or ")}) by DNAT${f.kind === "outside" ? ` on ${entryNodeOf(f)}` : ""}`,
    hint: (f) =>
      `Say how the ${f.kind === "outside" ? "address the client dialled" : "Service IP"} becomes a pod IP: the rules DNAT ${frontAddress(f)} to the chosen pod's IP:${f.targetPort ?? "targetPort"}.`,
    patterns: (f) => [
      {
        p:
          "dnat ..8 pod|pod-ip|backend|endpoint|destination|packet|it|connection|clusterip|to|" +
          (podIPLit(f) ?? "=10.244.1.5"),
        unless: NOT_DNS,
        unlessWindow: 5,
      },
      {
        p: "nat|snat ..8 pod-ip|destination ..4 pod|backend|endpoint|" + (podIPLit(f) ?? "=10.244.1.5"),
        unless: NOT_DNS,
        unlessWindow: 5,
      },
      {
        p: `${REWRITE_VERBS} ..6 destination|dst|clusterip|ip|address|it|packet${frontLit(f) !== null ? "|" + frontLit(f) : ""}`,
        unless: `${NOT_DNS} reply source back revers* return*`,
      },
      {
        p: `${REWRITE_VERBS} ..4 to ..4 pod|pod-ip|backend|endpoint|${podIPLit(f) ?? "=10.244.1.5"}`,
        unless: NOT_DNS,
        unlessWindow: 5,
      },
      { p: "destination ..3 is|becom* ..3 pod-ip|" + (podIPLit(f) ?? "=10.244.1.5"), unless: NOT_DNS },
      {
        p: "clusterip ..3 to|into|->|becom* ..3 pod-ip|pod|" + (podIPLit(f) ?? "=10.244.1.5"),
        blockers: "rout* send* sent forward* goes",
      },
      { p: "dnat", unless: NOT_DNS, unlessWindow: 5 },
      // "… to 10.244.1.5:8443" after a rewrite; "connects to 10.244.1.5:8443" is a connection to the pod, no DNAT,
      // and "for 10.244.2.22 flannel wraps the packet in VXLAN" names the address the overlay carries it to
      {
        p: podIPLit(f) ?? "",
        within: `dnat nat ${REWRITE_VERBS.split("|").join(" ")} destination becom* to`,
        unless: "connect* dial* open* flannel vxlan overlay encapsulat* wrap* tunnel*",
        unlessWindow: 3,
      },
    ],
    actors: {
      right: RULE_ACTORS,
      wrong: ["coredns", "kubelet", "network", "cloud-load-balancer", "backend", "api-server", "app", "resolver"],
    },
    values: ["dnat-target", "rewrite-node"],
    deniedAs: "no-dnat",
  },
  "masquerade-snat": {
    rewrite: true,
    weight: 3,
    required: true,
    order: 5,
    source: "proxy.masquerade",
    applies: masquerades,
    label: (f) =>
      `With externalTrafficPolicy Cluster the packet is marked (KUBE-MARK-MASQ) and masqueraded on ${entryNodeOf(f)}: its source is rewritten to ${entryNodeOf(f)}'s own address, so the pod never sees the client's`,
    hint: (f) =>
      `Say what happens to the source: under the Cluster policy ${entryNodeOf(f)} SNATs (masquerades) it to its own address, so the pod never sees ${f.clientName}.`,
    patterns: (f) => {
      const nodeAddresses = anyOf([...f.nodeNames, ...f.nodeIPs, f.outside?.seenSourceIP]) ?? "=node-1";
      return [
        {
          p: "snat ..8 source|node|it|packet|to|ip|address|client|connection|postrouting",
          unless: "revers* undo* un back reply",
        },
        { p: "source ..4 snat|nat*|rewrit*|chang*", unless: "revers* undo* un back reply dnat" },
        "kube-mark-masq|kube-postrouting ..8 mark*|snat|it|packet|source",
        "mark* ..6 snat|kube-mark-masq|=0x4000",
        {
          p: `source ..6 ${REWRITE_VERBS}|becom* ..8 node|${nodeAddresses}`,
          unless: "revers* undo* back reply destination",
        },
        {
          p: "never|not|n't|no ..3 see*|get*|know* ..4 client|real|original ..2 ip|address|source",
          negationIncluded: true,
        },
        { p: `see*|get* ..4 ${nodeAddresses}|node ..4 address|ip|as`, unless: "client" },
      ];
    },
    actors: {
      right: [...RULE_ACTORS, "network"],
      wrong: ["cloud-load-balancer", "backend", "coredns", "app"],
    },
    deniedAs: "etp-cluster-keeps-client-ip",
  },
  "client-source-preserved": {
    weight: 3,
    required: true,
    order: null,
    source: "pod.receive",
    applies: (f) => f.kind === "outside" && !masquerades(f) && reachesBackend(f),
    label: (f) =>
      `With externalTrafficPolicy Local nothing masquerades the packet: ${f.backendPods.join(" or ") || "the pod"} sees ${f.clientName} as the source`,
    hint: (f) => `Say what the Local policy buys: no SNAT, so the pod sees the real client address ${f.clientName}.`,
    patterns: (f) => {
      const client = anyOf([f.clientName, f.outside?.seenSourceIP]) ?? "=203.0.113.50";
      return [
        {
          p: "no|not|n't|without|never|nothing ..4 snat",
          negationIncluded: true,
          unless: "reply revers* back",
          unlessWindow: 3,
        },
        { p: `see*|log* ..3 ${client}`, unless: "reply" },
        "source ..3 ip|address ..6 stay*|remain*|keep*|kept|preserv*|unchanged|intact|same|is",
        "preserv*|keep*|kept|retain* ..6 client|source|real|original ..2 ip|address|source",
        "client ..2 ip|address ..4 preserv*|kept|stay*|remain*|preservation",
        `see*|get*|receiv*|log*|observ* ..6 real|original|actual ..2 client|${client}`,
        `see*|get*|receiv*|log*|observ* ..4 ${client} ..4 as|source`,
        `source ..4 ${client}`,
        "source ..4 client ..2 ip|address",
        "see*|log*|observ* ..4 client ..6 as|source|ip|address",
      ];
    },
    values: ["client-address"],
    deniedAs: "etp-local-masquerades",
  },
  "conntrack-records": {
    weight: 0.5,
    required: false,
    order: 5,
    source: "proxy.dnat",
    applies: reachesBackend,
    label: () => "conntrack records the translation",
    hint: () => "Mention that conntrack records the translation for the rest of the connection.",
    patterns: () => [
      "conntrack ..6 record*|stor*|remember*|track*|entry|sav*|keep*|note*|creat*|writ*|add*",
      "record*|remember*|track*|stor*|sav*|keep*|add* ..6 conntrack",
    ],
  },
  routing: {
    weight: 2,
    required: true,
    order: 6,
    source: "net.route",
    applies: (f) => reachesBackend(f) || (f.kind === "headless" && f.addresses.length > 0),
    label: (f) =>
      f.crossNode
        ? `The packet is routed to ${f.backendNode ?? "the backend's node"} (CNI overlay or routes)`
        : `The packet is delivered to the backend pod on the same node (${f.clientNode ?? "the client's node"})`,
    hint: (f) =>
      f.crossNode
        ? `Say how the packet reaches ${f.backendNode ?? "the other node"}: the pod network (CNI overlay or routes) carries pod IPs between nodes.`
        : "Say how the packet reaches the pod on the same node: the node's bridge/veth delivers it, no overlay needed.",
    patterns: (f) => {
      // from outside, the packet already crossed into the cluster to the entry node (lb-to-node): only the way
      // on to the backend (its node, the bridge or the overlay) is this step
      const outside = f.kind === "outside";
      const nodes = outside
        ? anyOf(
            f.crossNode && f.backendNode !== null
              ? [f.backendNode, f.nodeIPs[f.nodeNames.indexOf(f.backendNode)], ...f.backendPods]
              : f.backendPods,
          )
        : anyOf([...f.nodeNames, ...f.nodeIPs]);
      const node = outside ? "pod" : "node";
      return [
        {
          p: `rout* ..6 ${node}|pod|packet|network|overlay|table|it|cni|` + (nodes ?? "=node-2"),
          blockers: "coredns",
          ...(outside ? { unless: "load-balance cloud-load-balancer" } : {}),
        },
        {
          // "through its veth into node-1's root namespace" is the packet leaving the client pod, not delivery
          p:
            `overlay|vxlan|flannel|calico|cilium|cni|encapsulat*|tunnel*|bgp|veth|bridge|cbr0|cni0|weave|geneve|ip-in-ip|host-gw ..8 ${MOVE_VERBS}|${node}|carr*|deliver*|it|packet|` +
            ((outside ? nodes : anyOf(f.nodeNames)) ?? "=node-2"),
          unless: "namespace netns",
          unlessWindow: 2,
        },
        {
          // "leaves the pod's network namespace" is the packet's start, not the pod network carrying it
          p:
            `${MOVE_VERBS} ..8 overlay|vxlan|flannel|calico|cilium|cni|tunnel*|bgp|veth|bridge|cbr0|cni0|weave|geneve|${node}|network|wire|cross-node|same-node|` +
            (nodes ?? "=node-2"),
          unless: "namespace netns",
          unlessWindow: 1,
          // "goes through netfilter on node-1" is the rules' hook, not the way to the pod
          blockers: `netfilter iptables nftables prerouting kube-services${outside ? " load-balance cloud-load-balancer" : ""}`,
        },
        `cross-node|same-node ..6 ${MOVE_VERBS}|traffic|packet|deliver*|pod|it|no|without|overlay|vxlan|flannel|calico|cilium|bridge|cbr0|cni0|veth`,
        "stay* ..4 on ..3 node|same-node|" + (anyOf(f.nodeNames) ?? "=node-1"),
      ];
    },
    actors: {
      right: ["network", "rules", "app", "backend"],
      wrong: ["coredns", "kube-proxy", "cloud-load-balancer", "kubelet"],
    },
    values: ["backend-node"],
  },
  "pod-receive": {
    weight: 1,
    required: false,
    order: 7,
    source: "pod.receive",
    applies: (f) => reachesBackend(f) || (f.kind === "headless" && f.addresses.length > 0),
    label: (f) => `The backend pod receives the request${f.targetPort !== null ? ` on port ${f.targetPort}` : ""}`,
    hint: (f) => `Mention the backend: the ${serviceName(f)} pod receives the request and handles it.`,
    patterns: (f) => [
      "pod|backend|container|server|" +
        (anyOf([serviceName(f), ...f.backendPods]) ?? "=bar") +
        " ..4 receiv*|handl*|process*|accept*|get*|serv*|answer*",
      "arriv*|reach*|deliver*|land*|hand* ..6 pod|container|backend|" +
        (anyOf([serviceName(f), ...f.backendPods]) ?? "=bar"),
      "listen* ..4 port|" + (lit([f.targetPort]).join("|") || "=8443"),
    ],
    values: ["target-port"],
  },
  "pod-reply": {
    weight: 1,
    required: false,
    order: 7,
    source: "pod.reply",
    applies: reachesBackend,
    label: (f) =>
      f.kind === "outside"
        ? `The backend replies to the source it saw (${f.outside?.seenSourceIP ?? f.clientName})`
        : `The backend replies to ${f.clientName}'s pod IP`,
    hint: (f) =>
      `Say where the reply goes: the backend answers ${f.clientName}'s pod IP (pod-to-pod traffic is not SNATed).`,
    patterns: (f) => [
      {
        p:
          "pod|backend|container|server|it|" +
          (anyOf([serviceName(f), ...f.backendPods]) ?? "=bar") +
          " ..6 reply|send* ..4 back|respon*|answer*",
        unless: "coredns dns nameserver a-record quer* lookup resolv*",
      },
      {
        p: "reply ..8 to|toward*|back|go*|sent|leav*|travel*|address*|destin*",
        unless: "coredns dns nameserver a-record quer* lookup resolv*",
      },
      { p: "send*|sent ..4 back|reply|response", unless: "coredns dns nameserver a-record quer* lookup" },
    ],
  },
  "reply-direct": {
    weight: 1.5,
    required: false,
    order: 7,
    source: "pod.reply",
    applies: (f) => f.kind === "headless" && f.addresses.length > 0,
    label: () => "The reply comes straight from the pod IP: nothing to translate back",
    hint: (f) =>
      `Close the loop: the reply comes from the pod IP ${f.clientName} connected to, so no reverse NAT is needed.`,
    patterns: (f) => [
      "reply ..8 from ..3 pod-ip|pod",
      {
        p: "no|not|n't|without|never|nothing ..4 revers*|translat*|conntrack|rewrit*|un|nat|dnat|undo*",
        negationIncluded: true,
      },
      "reply ..6 direct*|straight",
      podIPLit(f) !== null ? `reply ..8 ${podIPLit(f)}` : null,
    ],
  },
  "conntrack-reverse": {
    rewrite: true,
    weight: 3,
    required: true,
    order: 8,
    source: "conntrack.reverse",
    applies: (f) => f.hops.has("conntrack.reverse"),
    label: (f) =>
      f.kind === "outside"
        ? `conntrack on ${entryNodeOf(f)} rewrites the reply's source back to ${frontAddress(f)}${masquerades(f) ? ` and its destination back to ${f.clientName}` : ""} (reverse NAT)`
        : `conntrack on ${f.clientName}'s node rewrites the reply's source back to ${vip(f)} (reverse NAT)`,
    hint: (f) =>
      `Finish the loop: on the way back, conntrack on ${f.clientNode ?? "the client's node"} rewrites the reply's source from the pod IP to ${frontAddress(f)}, or ${f.clientName} would drop it.`,
    // a clause that puts the DNS server's address back is the DNS reply's reverse NAT, not the connection's
    patterns: (f) =>
      notTheDnsReply(f, [
        // "conntrack stores the original and the translated tuple" is the record, not the reply's rewrite
        {
          p: "conntrack ..8 rewrit*|revers*|restor*|undo*|un|de|swap*|replac*|unnat|undnat",
          blockers: "stor* tuple",
        },
        // "conntrack records the translation" is the record (conntrack-records), not the reply's rewrite
        { p: "conntrack ..8 translat*", blockers: "stor* tuple record* remember* track* entry keep* note* sav*" },
        "conntrack ..6 put*|set*|turn*|map* ..6 back",
        "conntrack ..8 reply|source|back ..6 rewrit*|translat*|chang*|restor*|swap*|replac*|convert*|becom*|clusterip",
        "reply|back|return* ..10 conntrack ..8 rewrit*|translat*|chang*|restor*|swap*|replac*|convert*|revers*|un|undo*|source|clusterip",
        "revers* ..3 nat|dnat|translat*|rewrit*|mapping",
        "un dnat|nat",
        "de dnat|nat",
        "undnat|unnat",
        "undo* ..4 nat|dnat|translat*|rewrit*|mapping",
        `${REWRITE_VERBS} ..6 back`,
        "source ..6 back ..4 clusterip|" + (frontLit(f) ?? "=10.96.12.34"),
        `source ..6 ${REWRITE_VERBS}|becom*|restor* ..6 clusterip|${frontLit(f) ?? "=10.96.12.34"}`,
        "reply ..10 from ..3 clusterip|" + (frontLit(f) ?? "=10.96.12.34"),
        // "on the way back CoreDNS rewrites the reply's source to 10.96.12.34:443": the step, whoever it names
        `${REWRITE_VERBS}|restor* ..4 reply|source ..6 clusterip|${frontLit(f) ?? "=10.96.12.34"}`,
      ]),
    actors: {
      right: ["conntrack", "rules", "kube-proxy", "app"],
      wrong: ["backend", "coredns", "network", "cloud-load-balancer", "kubelet"],
    },
    values: ["client-node"],
    deniedAs: "no-reverse-nat",
  },
  "app-response": {
    weight: 1,
    required: false,
    order: 9,
    source: "app.response",
    applies: (f) => reachesBackend(f) || f.kind === "headless" || f.kind === "externalname",
    label: (f) => `${f.clientName} receives the response`,
    hint: (f) => `End with the response reaching ${f.clientName}'s code.`,
    patterns: (f) => [
      `${anyOf([f.clientName]) ?? "=foo"}|client|app*|caller|http|application ..4 receiv*|get*|accept*|see*|read* ..4 reply|data|it|answer|result|respon*`,
      `reply ..6 reach*|arriv*|deliver*|return*|back ..4 ${anyOf([f.clientName]) ?? "=foo"}|app*|client|caller|application`,
      "request ..2 complet*",
    ],
  },
  "no-ready-endpoints": {
    weight: 3,
    required: true,
    order: null,
    source: "endpointslice.ready",
    applies: (f) => noEndpoints(f) && inCluster(f),
    label: (f) => `${serviceName(f)} has no ready endpoints: its EndpointSlice lists no ready pod`,
    hint: () => "Name the cause: the Service selects no ready pod, so its EndpointSlice is empty.",
    patterns: () => [
      { p: "no|zero|without|0 ..4 endpoint*|endpointslice|pod|backend*|replica*", negationIncluded: true },
      "endpointslice|endpoint* ..6 empty",
      // "what's missing is ready endpoints", "the EndpointSlice has none"
      "miss*|lack* ..4 ready|endpoint*|backend*",
      { p: "endpointslice|endpoint* ..3 none|nothing", negationIncluded: true },
      { p: "not|n't|never ..2 ready", negationIncluded: true },
      "unready|notready ..6 pod|endpoint*|backend*|replica*|all|both|is|are",
      { p: "selector ..6 match* ..4 no|nothing|none", negationIncluded: true },
      { p: "no|none ..4 ready|running|healthy|match*", negationIncluded: true },
      "readiness ..4 fail*",
      "fail* ..4 readiness",
      "scaled ..2 to ..2 zero|0",
    ],
  },
  "no-local-endpoint": {
    weight: 3,
    required: true,
    order: null,
    source: "proxy.drop",
    applies: (f) => f.kind === "outside" && f.outside?.noLocalEndpoint === true && f.outcome !== "established",
    label: (f) =>
      `With externalTrafficPolicy Local, ${entryNodeOf(f)} has no ready local ${serviceName(f)} pod, so it has no endpoint to use (it never forwards to another node)`,
    hint: (f) =>
      `Name the cause: under the Local policy ${entryNodeOf(f)} may only use its own ${serviceName(f)} pods, and it has none.`,
    patterns: (f) => [
      {
        p: "no|without|none|zero|0|lack* ..4 local ..2 endpoint*|pod*|backend*|replica*",
        negationIncluded: true,
      },
      { p: "local ..2 endpoint*|pod*|backend* ..4 none|no|missing|exist*|empty", negationIncluded: true },
      "has no local endpoints",
      // IPVS: the virtual server "has no real servers" on this node
      { p: "no ..2 real ..2 server*", negationIncluded: true },
      {
        p: `no|not|n't|none|without ..6 pod*|endpoint*|backend*|replica* ..4 on|in ..3 node|this|that|${anyOf([entryNodeOf(f), f.outside?.entryNodeIP]) ?? "=node-1"}`,
        negationIncluded: true,
      },
      "only ..3 local ..2 endpoint*|pod*|backend* ..8 none|no|drop*|timeout|time*",
    ],
  },
  "headless-no-clusterip": {
    weight: 1,
    required: false,
    order: null,
    source: "kube-proxy.sync",
    applies: (f) => f.kind === "headless",
    label: () => "A headless Service (clusterIP: None) has no virtual IP, so kube-proxy writes no rules for it",
    hint: () =>
      "Say what headless means: clusterIP: None, no virtual IP, so there is nothing for kube-proxy to translate.",
    patterns: () => [
      { p: "no|not|n't|without|never ..6 clusterip|virtual|vip", negationIncluded: true },
      // "a headless Service still has a virtual IP" names what it keeps, not what it lacks
      { p: "headless ..8 mean*|is|has|hav*|no|none|without|clusterip", blockers: "still" },
      "clusterip ..3 =none",
    ],
  },
  "externalname-no-proxy": {
    weight: 1,
    required: false,
    order: null,
    source: "kube-proxy.sync",
    applies: (f) => f.kind === "externalname",
    label: (f) =>
      `An ExternalName Service (${serviceName(f)}) has no ClusterIP and no endpoints, so kube-proxy writes no rules for it`,
    hint: () =>
      "Say what ExternalName means for the data path: no ClusterIP, no endpoints, nothing for kube-proxy to program; only DNS is involved.",
    patterns: () => [
      {
        p: "no|not|n't|without|never|bypass* ..6 dnat|nat|kube-proxy|iptables|clusterip|virtual|vip|proxy*|rule*|endpoint*",
        negationIncluded: true,
        unless: "coredns dns quer* node-local-dns cache",
      },
      { p: "kube-proxy ..4 ignor*|skip*", negationIncluded: true },
    ],
  },
  "bg-kubelet-resolv-conf": {
    weight: 0.5,
    required: false,
    order: null,
    source: "kubelet.resolv-conf",
    applies: inCluster,
    label: () => "kubelet writes the pod's resolv.conf (dnsPolicy ClusterFirst)",
    hint: () => "Background: kubelet writes each pod's resolv.conf from its dnsPolicy (ClusterFirst).",
    patterns: () => [
      "kubelet ..8 resolv.conf|dns|configur*|writ*|generat*|set*|nameserver|search-domain|inject*|mount*",
      "resolv.conf|nameserver ..8 kubelet",
      "dnspolicy|clusterfirst ..8 is|mean*|set*|giv*|us*|default",
    ],
    actors: { right: ["kubelet"], wrong: ["coredns", "kube-proxy"] },
  },
  "bg-endpointslices": {
    weight: 1,
    required: false,
    order: null,
    source: "endpointslice.ready",
    applies: (f) => f.kind !== "externalname",
    label: (f) => `EndpointSlices track the ready pod IPs behind ${serviceName(f)}`,
    hint: () =>
      "Background: the Service's EndpointSlices list its ready pod IPs; that is what DNS and kube-proxy read.",
    patterns: () => [
      "endpointslice ..8 list*|track*|hold*|contain*|stor*|keep*|record*|pod|ip|ready|address|endpoint*",
      "endpoint* ..6 track*|list*|hold*|contain*|stor*|keep*|record* ..6 pod|ip|pod-ip|ready|address",
      "selector ..8 match*|select*|pick*|pod|label*",
      "readiness ..6 probe*|pass*|gate*|ready",
    ],
  },
  "bg-kube-proxy-programs": {
    weight: 1,
    required: false,
    order: null,
    source: "kube-proxy.sync",
    applies: (f) => f.kubeProxyInvolved || f.kind === "clusterip",
    label: () => "kube-proxy watches Services and EndpointSlices and programs the rules on every node",
    hint: () =>
      "Background: kube-proxy on every node watches Services and EndpointSlices and programs the rules; it does not carry the packets.",
    patterns: () => [
      "kube-proxy ..8 program*|writ*|install*|configur*|updat*|sync*|watch*|creat*|manag*|set*|maintain*|generat*|add* ..8 rule*|iptables|chain*|ipvs|nftables|netfilter|routing|entries",
      "kube-proxy ..6 watch*|api-server",
      "rule*|iptables|chain* ..6 programmed|written|installed|created|maintained|managed|set ..4 by ..2 kube-proxy",
      "kube-proxy ..2 iptables|ipvs|nftables|rule*",
    ],
  },
  "bg-coredns-watches-api": {
    weight: 0.5,
    required: false,
    order: null,
    source: "coredns.watch",
    applies: inCluster,
    label: () => "CoreDNS watches the API server for Services and endpoints",
    hint: () => "Background: CoreDNS answers from its watch of Services and EndpointSlices in the API server.",
    patterns: () => [
      "coredns ..8 watch*|api-server|informer|cach*|sync*",
      "api-server ..8 coredns",
      "watch* ..6 service|endpoint* ..6 coredns",
    ],
  },
  "bg-ipvs-dummy-interface": {
    weight: 0.5,
    required: false,
    order: null,
    source: "kube-proxy.sync",
    applies: (f) => f.proxyMode === "ipvs" && f.kubeProxyInvolved,
    label: () => "Every ClusterIP is bound to the kube-ipvs0 dummy interface",
    hint: () => "Background: in IPVS mode each ClusterIP is bound to the kube-ipvs0 dummy interface.",
    patterns: () => [
      "kube-ipvs0 ..8 interface|dummy|bound|assign*|add*|clusterip|address*",
      "dummy ..3 interface",
      "clusterip ..6 bound|assign*|add* ..4 interface",
    ],
  },
};

/** Concept ids in the table's order (the order grades list them in). */
const ORDERED_IDS = Object.keys(CONCEPTS) as ConceptId[];

/**
 * The concepts of the trace's request path, with an author's tuning applied: weight overrides and extra
 * synonyms (appended to the concept's patterns as phrases, or pattern-language text when they contain `..`).
 */
export function conceptsFor(trace: Trace, tuning?: Pick<RubricTuning, "weights" | "synonyms">): ConceptDefinition[] {
  const f = scenarioFacts(trace);
  const out: ConceptDefinition[] = [];
  for (const id of ORDERED_IDS) {
    const spec = CONCEPTS[id];
    if (!spec.applies(f)) continue;
    // "hosts: files dns": a name /etc/hosts answers is never sent to DNS
    if (f.hostsFile !== null && DNS_SOURCES.has(spec.source)) continue;
    const patterns = spec
      .patterns(f)
      .filter((p): p is PatternInput => p !== null && (typeof p === "string" ? p !== "" : p.p !== ""));
    const synonyms = tuning?.synonyms[id] ?? [];
    out.push({
      id,
      label: spec.label(f),
      weight: tuning?.weights[id] ?? spec.weight,
      required: spec.required,
      order: spec.order,
      source: spec.source,
      patterns: synonyms.length > 0 ? [...patterns, ...synonyms.map((p) => ({ p, author: true }))] : patterns,
      hint: spec.hint(f),
      actors: typeof spec.actors === "function" ? spec.actors(f) : (spec.actors ?? null),
      values: spec.values ?? [],
      valuesAnywhere: spec.valuesAnywhere ?? [],
      deniedAs: spec.deniedAs ?? null,
      impliedBy: spec.impliedBy ?? [],
      sharedWithDns: spec.sharedWithDns ?? false,
      rewrite: spec.rewrite ?? false,
    });
  }
  return out;
}
