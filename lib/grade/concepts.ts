import type { RubricTuning } from "../schemas/rubric";
import type { ContextKind, HopKind, Trace } from "../sim/types";
import type { PatternInput } from "./pattern";
import { scenarioFacts, type ScenarioFacts } from "./scenario-facts";

/**
 * Concepts an answer is graded on, derived from the scenario's trace so each variant expects its own path.
 *
 * | id | label (seed scenario) | order | required | weight |
 * |---|---|---|---|---|
 * | resolv-conf | The resolver reads /etc/resolv.conf (nameserver 10.96.0.10, search list, ndots:5) | 1 | yes | 2 |
 * | search-domain | The search list expands `bar` to bar.app.svc.cluster.local | 1 | yes | 3 |
 * | namespace-in-name | (cross-namespace only) the name carries the Service's namespace | 1 | yes | 2 |
 * | dns-query | The query goes to cluster DNS (CoreDNS behind the kube-dns Service) | 1 | yes | 2 |
 * | dns-service-nat | The DNS packet to the kube-dns ClusterIP is itself DNATed to a CoreDNS pod | 2 | no | 1 |
 * | node-local-dns | (NodeLocal DNSCache) the node-local cache answers, no DNAT | 1 | yes | 2 |
 * | dns-answers-clusterip | CoreDNS answers with the Service's ClusterIP (A record) | 3 | yes | 3 |
 * | dns-answers-pod-ips | (headless) CoreDNS answers with one A record per ready pod, no ClusterIP | 3 | yes | 3 |
 * | dns-cname | (ExternalName) CoreDNS answers with a CNAME to the external name | 3 | yes | 3 |
 * | dns-name-not-found | (no answer) every candidate fails, the lookup errors | 3 | yes | 3 |
 * | upstream-resolution | (ExternalName) the target is resolved upstream | 3 | no | 1 |
 * | client-picks-address | (headless) the client uses one of the returned addresses | 4 | no | 1 |
 * | app-connect | The app opens a TCP connection to ClusterIP:port | 4 | no | 1 |
 * | direct-to-pod | (headless) the connection goes straight to a pod IP: no ClusterIP, no kube-proxy | 5 | yes | 3 |
 * | direct-to-external | (ExternalName) straight to the external address, no kube-proxy | 5 | yes | 2 |
 * | proxy-service-match | The rules kube-proxy programmed match the ClusterIP (KUBE-SERVICES → KUBE-SVC-…; IPVS virtual server; nftables map) | 5 | yes | 2 |
 * | reject-rule | (no endpoints) a filter rule "has no endpoints" REJECTs the packet | 5 | yes | 3 |
 * | drop-rule | (no local endpoints) a filter rule DROPs the packet | 5 | yes | 3 |
 * | endpoint-selection | One backend is chosen (random 1/n; round robin in IPVS) | 5 | yes | 2 |
 * | connection-refused | (no endpoints) the client gets "connection refused" at once | 6 | yes | 3 |
 * | connection-timeout | (dropped) the connect times out | 6 | yes | 3 |
 * | dnat | The destination is rewritten from ClusterIP:port to podIP:targetPort (DNAT) | 5 | yes | 3 |
 * | conntrack-records | conntrack records the translation | 5 | no | 0.5 |
 * | routing | The packet is routed to the backend's node (CNI overlay/routes) | 6 | yes | 2 |
 * | pod-receive | The backend pod receives the request | 7 | no | 1 |
 * | pod-reply | The backend replies to the client pod's IP | 7 | no | 1 |
 * | reply-direct | (headless) the reply comes straight from the pod IP, nothing to translate | 7 | no | 1.5 |
 * | conntrack-reverse | conntrack rewrites the reply's source back to ClusterIP:port (reverse NAT) | 8 | yes | 3 |
 * | app-response | The client app receives the response | 9 | no | 1 |
 * | no-ready-endpoints | (no endpoints) the Service has no ready endpoints (empty EndpointSlice) | anywhere | yes | 3 |
 * | headless-no-clusterip | (headless) clusterIP: None means no virtual IP and no kube-proxy rules | anywhere | no | 1 |
 * | bg-kubelet-resolv-conf | kubelet writes the pod's resolv.conf (dnsPolicy ClusterFirst) | anywhere | no | 0.5 |
 * | bg-endpointslices | EndpointSlices track the ready pod IPs behind the Service | anywhere | no | 1 |
 * | bg-kube-proxy-programs | kube-proxy watches Services/EndpointSlices and programs the node's rules | anywhere | no | 1 |
 * | bg-coredns-watches-api | CoreDNS watches the API server for Services and endpoints | anywhere | no | 0.5 |
 * | bg-ipvs-dummy-interface | (IPVS) every ClusterIP is bound to the kube-ipvs0 dummy interface | anywhere | no | 0.5 |
 *
 * "order" is the concept's phase in the trace's hop order: 1 lookup set-up (resolv.conf, search list, query),
 * 2 the DNS packet's own path, 3 the answer, 4 the connect, 5 the node's rules (match, pick, DNAT — learners
 * name them in any order), 6 routing (or the REJECT/DROP outcome), 7 the backend and its reply, 8 the reverse
 * translation, 9 the response. Equal numbers are ties. Only required concepts take part in the order score;
 * "anywhere" concepts earn credit wherever they are mentioned. Labels quote the scenario's own
 * values (FQDN, ClusterIP, pod IPs, chain names) and patterns accept them exactly.
 */
export interface ConceptDefinition {
  readonly id: string;
  readonly label: string;
  readonly weight: number;
  readonly required: boolean;
  /** place in the hop order (ties allowed); null for background facts that count anywhere */
  readonly order: number | null;
  /** the trace hop or context fact the concept stands for */
  readonly source: HopKind | ContextKind | null;
  readonly patterns: readonly PatternInput[];
  /** one actionable sentence shown when the concept is missing */
  readonly hint: string;
}

const lit = (values: readonly (string | null | undefined)[]): string[] =>
  values.filter((v): v is string => typeof v === "string" && v.length > 0).map((v) => `=${v.toLowerCase()}`);
/** literal alternatives joined for one pattern word, or null when there are none */
const anyOf = (values: readonly (string | null | undefined)[]): string | null => {
  const list = lit(values);
  return list.length > 0 ? list.join("|") : null;
};
const defined = (patterns: readonly (PatternInput | null)[]): PatternInput[] =>
  patterns.filter((p): p is PatternInput => p !== null);

const RETURN_VERBS = "return*|answer*|respond*|reply|resolv*|give*|hand*|send*|get*|come*|provid*";
const REWRITE_VERBS = "rewrit*|chang*|translat*|replac*|modif*|swap*|convert*|map*|alter*|substitut*";

/**
 * The concepts of the trace's request path, with an author's tuning applied: weight overrides and extra
 * synonyms (appended to the concept's patterns as phrases, or pattern-language text when they contain `..`).
 */
export function conceptsFor(trace: Trace, tuning?: Pick<RubricTuning, "weights" | "synonyms">): ConceptDefinition[] {
  const concepts = baseConcepts(scenarioFacts(trace));
  if (tuning === undefined) return concepts;
  return concepts.map((c) => {
    const weight = tuning.weights[c.id];
    const synonyms = tuning.synonyms[c.id] ?? [];
    return {
      ...c,
      weight: weight ?? c.weight,
      patterns: synonyms.length > 0 ? [...c.patterns, ...synonyms.map((p) => ({ p, author: true }))] : c.patterns,
    };
  });
}

function baseConcepts(f: ScenarioFacts): ConceptDefinition[] {
  const out: ConceptDefinition[] = [];
  const name = f.service?.name ?? f.host.split(".")[0] ?? f.host;
  const clusterDNS = f.clusterDNS ?? "the cluster DNS IP";
  const clusterIPLit = anyOf([
    f.clusterIP,
    f.clusterIP !== null && f.port !== null ? `${f.clusterIP}:${f.port}` : null,
  ]);
  const podIPLit = anyOf([...f.backendIPs, ...f.backendEndpoints]);
  const resolved = f.kind !== "unresolved";

  out.push({
    id: "resolv-conf",
    label: `The resolver reads /etc/resolv.conf (nameserver ${clusterDNS}, search list, ndots)`,
    weight: 2,
    required: true,
    order: 1,
    source: "resolver.config",
    patterns: defined([
      "resolv.conf",
      // "nameserver" alone is often just "a DNS server"; the resolv.conf line comes with its neighbours
      "nameserver ..6 search-domain|ndots*|config*|line|entry|option*",
      "search-domain ..6 nameserver",
      "getaddrinfo|gethostbyname",
      "resolver ..4 use*|read*|consult*|check*|look*|load*|open*",
      "stub resolver",
      anyOf([f.clusterDNS, f.clusterDNS !== null ? `${f.clusterDNS}:53` : null, f.nodeLocalDNS]),
    ]),
    hint: `Start where the lookup starts: the pod's /etc/resolv.conf names the nameserver (${clusterDNS}) and the search list with ndots:5.`,
  });

  out.push({
    id: "search-domain",
    label: f.fqdn !== null ? `The search list expands ${f.host} to ${f.fqdn}` : `The resolver tries the search list`,
    weight: 3,
    required: true,
    // the search list is part of resolv.conf: learners name them in either order
    order: 1,
    source: "resolver.candidates",
    patterns: defined([
      "search-domain",
      "ndots*",
      "=svc.cluster.local",
      "fqdn",
      "fully qualif*",
      "append*|add*|expand*|complet*|suffix*|concatenat*|tack* ..6 namespace|domain|svc.cluster.local|cluster.local|suffix",
      "short name ..6 expand*|complet*|qualif*",
      anyOf([f.fqdn, f.service !== null ? `${f.service.namespace}.svc.cluster.local` : null]),
    ]),
    hint: `Explain the search list: with ndots:5 the short name "${f.host}" is tried as ${f.fqdn ?? "name.namespace.svc.cluster.local"} first.`,
  });

  if (f.crossNamespace && f.service !== null) {
    out.push({
      id: "namespace-in-name",
      label: `The name must carry the Service's namespace (${f.service.namespace}), since the client is in ${f.clientNamespace}`,
      weight: 2,
      required: true,
      order: 1,
      source: "resolver.candidates",
      patterns: defined([
        "namespace ..6 name|qualif*|includ*|specif*|add*|need*|must|part",
        "differ*|another|other|cross ..2 namespace",
        anyOf([`${f.service.name}.${f.service.namespace}`, f.fqdn]),
      ]),
      hint: `Say why the namespace matters: "${f.service.name}" alone would search ${f.clientNamespace}.svc first; the name needs ".${f.service.namespace}".`,
    });
  }

  out.push({
    id: "dns-query",
    label: f.usesNodeLocalDNS
      ? "The query goes to the node-local DNS cache"
      : `The query goes to cluster DNS: CoreDNS behind the kube-dns Service (${clusterDNS})`,
    weight: 2,
    required: true,
    order: 1,
    source: "dns.query",
    patterns: defined([
      "coredns",
      "dns ..2 query|request|lookup|resolution|server|packet",
      "query|ask*|send*|request ..6 dns|coredns|nameserver",
      "lookup",
      "look up",
      "node-local-dns",
    ]),
    hint: `Say who is asked: the query (A and AAAA over UDP 53) goes to ${clusterDNS}, the kube-dns Service in front of CoreDNS.`,
  });

  if (f.usesNodeLocalDNS) {
    out.push({
      id: "node-local-dns",
      label: `NodeLocal DNSCache on the client's node answers (${f.nodeLocalDNS ?? ""}), without kube-proxy DNAT`,
      weight: 2,
      required: true,
      // the cache's address is the pod's nameserver: learners name it with resolv.conf
      order: 1,
      source: "dns.query",
      patterns: defined(["node-local-dns", "nodelocal*", "local ..2 cache", "notrack", anyOf([f.nodeLocalDNS])]),
      hint: "Mention NodeLocal DNSCache: a per-node cache answers the query locally (NOTRACK, no DNAT).",
    });
  } else if (f.dnsServiceNat) {
    out.push({
      id: "dns-service-nat",
      label: `The DNS packet to ${clusterDNS} is itself Service traffic: kube-proxy DNATs it to one CoreDNS pod`,
      weight: 1,
      required: false,
      order: 2,
      source: "dns.service-nat",
      patterns: defined([
        "one ..3 coredns ..2 pod",
        "coredns pod",
        "dnat*|nat ..6 dns|coredns|quer*",
        "quer* ..6 dnat*|nat",
      ]),
      hint: `Bonus: the DNS query is Service traffic too: ${clusterDNS} is DNATed to a CoreDNS pod like any ClusterIP.`,
    });
  }

  conceptsForTarget(f, out, { name, clusterIPLit, podIPLit, resolved });
  backgroundConcepts(f, out);
  return out;
}

interface TargetValues {
  readonly name: string;
  readonly clusterIPLit: string | null;
  readonly podIPLit: string | null;
  readonly resolved: boolean;
}

function conceptsForTarget(f: ScenarioFacts, out: ConceptDefinition[], v: TargetValues): void {
  // a Service name can fail too: a headless Service with no ready endpoints has no records (NXDOMAIN), and so
  // has an empty ClusterIP Service under CoreDNS's `ignore empty_service`
  const kind = f.addresses.length === 0 && f.outcome === null ? "unresolved" : f.kind;
  switch (kind) {
    case "unresolved":
      out.push({
        id: "dns-name-not-found",
        label:
          f.kind === "headless"
            ? "The headless Service has no ready endpoints, so CoreDNS has no records: NXDOMAIN, the lookup fails and no connection is made"
            : "No candidate name resolves (NXDOMAIN for each): the lookup fails and no connection is made",
        weight: 3,
        required: true,
        order: 3,
        source: "dns.lookup",
        patterns: [
          "nxdomain|eai_noname|servfail",
          "not found",
          "no such host",
          "fail* ..4 resolv*|lookup|dns",
          "dns|lookup|resolution ..4 fail*",
          { p: "not|n't|never ..3 resolv*", negationIncluded: true },
        ],
        hint: "Say how it ends: every candidate name gets NXDOMAIN, the lookup fails and no connection is attempted.",
      });
      return;
    case "externalname":
      externalNameConcepts(f, out);
      return;
    case "headless":
      headlessConcepts(f, out, v);
      return;
    case "external":
    case "clusterip":
      clusterIPConcepts(f, out, v);
      return;
  }
}

function dnsAnswersClusterIP(f: ScenarioFacts, v: TargetValues, still: boolean): ConceptDefinition {
  return {
    id: "dns-answers-clusterip",
    label: `CoreDNS answers with the Service's ClusterIP ${f.clusterIP ?? ""}${still ? " (even with no endpoints)" : ""}, an A record`,
    weight: 3,
    required: true,
    order: 3,
    source: "dns.lookup",
    patterns: defined([
      v.clusterIPLit,
      `${RETURN_VERBS} ..6 clusterip`,
      { p: "clusterip ..4 return*|answer*|resolv*|back|record", blockers: "dnat nat rewrit* translat*" },
      "a-record ..6 clusterip",
      "resolv* ..3 to ..3 clusterip",
      `${RETURN_VERBS} ..6 ip ..3 service`,
    ]),
    hint: `Say what DNS returns: the Service's ClusterIP (${f.clusterIP ?? "a virtual IP"}), a stable virtual IP, never the pod IPs.`,
  };
}

function clusterIPConcepts(f: ScenarioFacts, out: ConceptDefinition[], v: TargetValues): void {
  const clusterIP = f.clusterIP ?? "the ClusterIP";
  out.push(dnsAnswersClusterIP(f, v, f.outcome === "refused" || f.outcome === "timeout"));
  out.push({
    id: "app-connect",
    label: `foo opens a TCP connection to ${clusterIP}:${f.port ?? ""}`,
    weight: 1,
    required: false,
    order: 4,
    source: "app.connect",
    patterns: defined([
      anyOf([f.clusterIP !== null && f.port !== null ? `${f.clusterIP}:${f.port}` : null]),
      "connect*|open*|syn|handshake|dial* ..6 clusterip|tcp|socket|connection",
      "tcp ..3 connect*|syn|handshake|connection",
      "port ..2 " + (lit([f.port]).join("|") || "=443"),
      "send*|sent ..4 request|packet ..4 to ..3 clusterip",
    ]),
    hint: `Connect the two halves: the app opens its TCP connection to ${clusterIP}:${f.port ?? ""}, the address DNS gave it.`,
  });

  const mode = f.proxyMode;
  const chainLit = anyOf(f.chains);
  const matchPatterns: PatternInput[] =
    mode === "ipvs"
      ? ["ipvs", "virtual server", "kube-ipvs0"]
      : mode === "nftables"
        ? ["nftables", "=service-ips", "verdict map", "vmap", "iptables"]
        : ["iptables", "kube-services", "kube-svc*", "prerouting", "output chain", "netfilter"];
  out.push({
    id: "proxy-service-match",
    label:
      mode === "ipvs"
        ? `IPVS on the client's node has a virtual server for ${clusterIP}:${f.port ?? ""} (programmed by kube-proxy)`
        : mode === "nftables"
          ? `kube-proxy's nftables rules match ${clusterIP} (service-ips map → ${f.chains[0] ?? "service chain"})`
          : `The iptables rules kube-proxy programmed match ${clusterIP} on the client's node (${f.chains.join(" → ") || "KUBE-SERVICES"})`,
    weight: 2,
    required: true,
    order: 5,
    source: "proxy.service",
    patterns: defined([
      ...matchPatterns,
      chainLit,
      { p: "intercept*|catch*|match*|hook* ..6 packet|clusterip|traffic|destination|it", unless: "coredns" },
      // the node's kernel (netfilter) doing the work is the same hop, named without the tool
      { p: `kernel ..6 ${REWRITE_VERBS}|match*|intercept*|dnat|nat`, unless: "coredns" },
    ]),
    hint:
      mode === "ipvs"
        ? `Say what catches the packet: an IPVS virtual server for ${clusterIP} in the client node's kernel.`
        : `Say what catches the packet: on the client's node, netfilter (iptables rules kube-proxy wrote) matches ${clusterIP}.`,
  });

  if (f.outcome === "refused" || f.outcome === "timeout") {
    noEndpointConcepts(f, out);
    return;
  }

  out.push({
    id: "endpoint-selection",
    label:
      mode === "ipvs"
        ? "IPVS picks a real server (round robin)"
        : `One backend is picked at random (probability 1/${Math.max(f.backendEndpoints.length, 1)} each)`,
    weight: 2,
    required: true,
    order: 5,
    source: "proxy.endpoint",
    patterns: defined([
      "random*",
      "probabilit*|statistic",
      "round-robin",
      { p: "load-balance", unless: "coredns" },
      "pick*|choos*|select*|chose* ..6 pod|endpoint|backend|one|replica|server",
      "one of ..3 pod|endpoint|backend|replica|ip",
      "kube-sep*",
      "=0.5|=0.5000000000|=1/2",
    ]),
    hint:
      mode === "ipvs"
        ? "Say how the backend is chosen: IPVS's scheduler (round robin) picks one real server."
        : "Say how one pod is chosen: the KUBE-SVC chain jumps to a KUBE-SEP chain at random (1/n each).",
  });

  out.push({
    id: "dnat",
    label: `The destination is rewritten from ${clusterIP}:${f.port ?? ""} to a pod (${f.backendEndpoints.join(" or ")}) by DNAT`,
    weight: 3,
    required: true,
    order: 5,
    source: "proxy.dnat",
    patterns: defined([
      // not the DNS packet's own DNAT ("the kube-dns IP is DNATed to a CoreDNS pod")
      { p: "dnat", unless: "coredns quer* dns", unlessWindow: 5 },
      { p: "nat", unless: "coredns quer* dns", unlessWindow: 5 },
      {
        p: `${REWRITE_VERBS} ..6 destination|dst|clusterip|ip|address${v.clusterIPLit !== null ? "|" + v.clusterIPLit : ""}`,
        unless: "coredns quer* dns",
        unlessWindow: 5,
      },
      { p: `${REWRITE_VERBS} ..4 to ..4 pod|pod-ip|backend|endpoint`, unless: "coredns quer* dns", unlessWindow: 5 },
      { p: "clusterip ..3 to ..2 pod-ip|pod", blockers: "rout* send* sent forward* goes" },
      "destination ..3 is|becom* ..3 pod-ip",
      "target port",
      "targetport",
      "real server",
      v.podIPLit,
    ]),
    hint: `Say how the Service IP becomes a pod IP: the rules DNAT ${clusterIP}:${f.port ?? ""} to the chosen pod's IP:${f.targetPort ?? "targetPort"}.`,
  });

  out.push({
    id: "conntrack-records",
    label: "conntrack records the translation",
    weight: 0.5,
    required: false,
    order: 5,
    source: "proxy.dnat",
    patterns: [
      "conntrack ..6 record*|stor*|remember*|track*|entry|sav*|keep*|note*|creat*",
      "record*|remember*|track*|stor* ..6 conntrack",
    ],
    hint: "Mention that conntrack records the translation for the rest of the connection.",
  });

  const nodeLit = anyOf([f.backendNode, ...f.nodeIPs]);
  out.push({
    id: "routing",
    label: f.crossNode
      ? `The packet is routed to ${f.backendNode ?? "the backend's node"} (CNI overlay or routes)`
      : "The packet is delivered to the backend pod on the same node",
    weight: 2,
    required: true,
    order: 6,
    source: "net.route",
    patterns: defined([
      { p: "rout* ..6 node|pod|packet|network|overlay|table|it|cni", blockers: "coredns" },
      "overlay|vxlan|flannel|calico|cilium|cni|encapsulat*|tunnel*|bgp|veth|bridge|cbr0|cni0|weave",
      "cross-node|same-node",
      "send*|sent|travel*|goes|leav*|forward*|deliver* ..6 node|network|wire",
      nodeLit,
    ]),
    hint: f.crossNode
      ? `Say how the packet reaches ${f.backendNode ?? "the other node"}: the pod network (CNI overlay or routes) carries pod IPs between nodes.`
      : "Say how the packet reaches the pod on the same node: the node's bridge/veth delivers it, no overlay needed.",
  });

  pushReceiveAndReply(f, out, v);

  out.push({
    id: "conntrack-reverse",
    label: `conntrack rewrites the reply's source back to ${clusterIP}:${f.port ?? ""} (reverse NAT)`,
    weight: 3,
    required: true,
    order: 8,
    source: "conntrack.reverse",
    patterns: [
      "conntrack ..8 rewrit*|translat*|revers*|restor*|convert*|chang*|undo*|map*|un|back|reply|source",
      "reply|back ..10 conntrack",
      "revers* ..3 nat|dnat|translat*|rewrit*|mapping",
      "un dnat",
      "un nat",
      "de dnat",
      "undnat|unnat",
      "de nat",
      "undo* ..4 nat|dnat|translat*|rewrit*|mapping",
      `${REWRITE_VERBS} ..6 back`,
      "source ..6 back ..4 clusterip",
      "remember* ..6 translat*|nat|dnat|rewrit*|mapping|chang*",
      "reply ..10 from ..3 clusterip",
    ],
    hint: `Finish the loop: on the way back, conntrack rewrites the reply's source from the pod IP to ${clusterIP}:${f.port ?? ""}, or foo would drop it.`,
  });

  pushAppResponse(out);
}

function pushReceiveAndReply(f: ScenarioFacts, out: ConceptDefinition[], v: TargetValues): void {
  out.push({
    id: "pod-receive",
    label: `The backend pod receives the request${f.targetPort !== null ? ` on port ${f.targetPort}` : ""}`,
    weight: 1,
    required: false,
    order: 7,
    source: "pod.receive",
    patterns: defined([
      "pod|bar|backend|container|server ..4 receiv*|handl*|process*|accept*",
      "arriv*|reach*|deliver*|land* ..6 pod|bar|container|backend",
      "listen* ..4 port|" + (lit([f.targetPort]).join("|") || "=8443"),
      anyOf(f.backendPods.map((p) => p)),
    ]),
    hint: `Mention the backend: the ${v.name} pod receives the request and handles it.`,
  });
  if (f.kind === "headless") {
    out.push({
      id: "reply-direct",
      label: "The reply comes straight from the pod IP: nothing to translate back",
      weight: 1.5,
      required: false,
      order: 7,
      source: "pod.reply",
      patterns: defined([
        "reply ..8 from ..3 pod-ip|pod",
        { p: "no|not|n't|without|never ..4 revers*|translat*|conntrack|rewrit*|un|nat|dnat", negationIncluded: true },
        "reply ..6 direct*|straight",
        v.podIPLit !== null ? `reply ..8 ${v.podIPLit}` : null,
      ]),
      hint: "Close the loop: the reply comes from the pod IP foo connected to, so no reverse NAT is needed.",
    });
    return;
  }
  out.push({
    id: "pod-reply",
    label: "The backend replies to the client pod's IP",
    weight: 1,
    required: false,
    order: 7,
    source: "pod.reply",
    patterns: [
      { p: "reply", unless: "coredns dns nameserver a-record quer* lookup resolv*" },
      { p: "send*|sent ..4 back", unless: "coredns dns nameserver a-record quer* lookup" },
    ],
    hint: "Say where the reply goes: the backend answers the client pod's IP (pod-to-pod traffic is not SNATed).",
  });
}

function pushAppResponse(out: ConceptDefinition[]): void {
  out.push({
    id: "app-response",
    label: "The client application receives the response",
    weight: 1,
    required: false,
    order: 9,
    source: "app.response",
    patterns: [
      "foo|client|app*|caller|http ..4 receiv*|get*|accept*|see* ..4 reply|data|it|answer|result",
      "reply ..6 reach*|arriv*|deliver*|return* ..4 foo|app*|client|caller",
      "request ..2 complet*",
    ],
    hint: "End with the response reaching foo's code.",
  });
}

function noEndpointConcepts(f: ScenarioFacts, out: ConceptDefinition[]): void {
  const clusterIP = f.clusterIP ?? "the ClusterIP";
  const refused = f.outcome === "refused";
  out.push({
    id: "no-ready-endpoints",
    label: `The Service has no ready endpoints: its EndpointSlice lists no ready pod`,
    weight: 3,
    required: true,
    order: null,
    source: "endpointslice.ready",
    patterns: [
      { p: "no|zero|without|0 ..4 endpoint*|endpointslice|pod|backend*|replica*", negationIncluded: true },
      "endpointslice|endpoint* ..6 empty",
      { p: "not|n't|never ..2 ready", negationIncluded: true },
      "unready|notready",
      { p: "selector ..6 match* ..4 no|nothing|none", negationIncluded: true },
      { p: "no|none ..4 ready|running|healthy|match*", negationIncluded: true },
      "readiness ..4 fail*",
      "fail* ..4 readiness",
      "scaled ..2 to ..2 zero|0",
    ],
    hint: "Name the cause: the Service selects no ready pod, so its EndpointSlice is empty.",
  });
  out.push(
    refused
      ? {
          id: "reject-rule",
          label: `kube-proxy's filter rule for ${clusterIP} ("has no endpoints") REJECTs the packet`,
          weight: 3,
          required: true,
          order: 5,
          source: "proxy.reject",
          patterns: [
            "reject*",
            "filter ..4 table|rule|chain",
            "icmp-unreachable",
            "icmp",
            "kube-proxy|iptables|ipvs|nftables|rule* ..8 block*|refus*|connection-refused",
          ],
          hint: `Say what kube-proxy does with no endpoints: it installs a filter rule for ${clusterIP} that REJECTs with ICMP port unreachable.`,
        }
      : {
          id: "drop-rule",
          label: `kube-proxy's filter rule for ${clusterIP} ("has no local endpoints") DROPs the packet`,
          weight: 3,
          required: true,
          order: 5,
          source: "proxy.drop",
          patterns: ["drop*", "has no local endpoints", "filter ..4 table|rule|chain", "discard*|blackhol*"],
          hint: `Say what happens to the packet: a filter rule DROPs it silently because no endpoint is usable.`,
        },
  );
  out.push(
    refused
      ? {
          id: "connection-refused",
          label: 'The client gets "connection refused" at once (ECONNREFUSED), not a timeout',
          weight: 3,
          required: true,
          order: 6,
          source: "proxy.reject",
          patterns: [
            "connection-refused",
            "refus*",
            "immediately|instant*|fast|quickly ..6 fail*|error*",
            "fail*|error* ..6 immediately|instant*|fast|quickly",
            "right away",
            "at once",
          ],
          hint: "Say what the client sees: connect() fails at once with ECONNREFUSED, not a timeout.",
        }
      : {
          id: "connection-timeout",
          label: "The connect times out (packets are dropped silently)",
          weight: 3,
          required: true,
          order: 6,
          source: "proxy.drop",
          patterns: ["time* out", "timeout", "hang*|hung"],
          hint: "Say what the client sees: the connect hangs until it times out.",
        },
  );
}

function headlessConcepts(f: ScenarioFacts, out: ConceptDefinition[], v: TargetValues): void {
  const podList = f.addresses.join(", ");
  out.push({
    id: "dns-answers-pod-ips",
    label: `CoreDNS answers with one A record per ready pod (${podList}), no ClusterIP`,
    weight: 3,
    required: true,
    order: 3,
    source: "dns.lookup",
    patterns: defined([
      `${RETURN_VERBS} ..6 pod-ip|pod`,
      "a-record ..6 each|per|every|all ..4 pod|endpoint",
      "multiple|several|all|list|set ..4 a-record|ip|address|pod-ip",
      "headless ..8 return*|resolv*|answer* ..6 pod|pod-ip|ip",
      "resolv* ..3 to|into ..3 pod-ip|pod",
      v.podIPLit,
    ]),
    hint: `Say what DNS returns for a headless Service: the ready pods' own IPs (${podList}), one A record each.`,
  });
  out.push({
    id: "client-picks-address",
    label: "The client uses one of the returned addresses (usually the first)",
    weight: 1,
    required: false,
    order: 4,
    source: "resolver.result",
    patterns: [
      "client|app*|resolver|application|getaddrinfo|it|library|code ..6 pick*|choos*|use*|select*|tak*|tri* ..6 first|one|address|ip|record",
      "first ..3 address|ip|record|a-record",
      "client side ..3 load-balance|balanc*",
    ],
    hint: "Say who chooses: the client picks one of the addresses (usually the first), there is no proxy to do it.",
  });
  out.push({
    id: "direct-to-pod",
    label: "foo connects straight to a pod IP: no ClusterIP, no kube-proxy rules, no DNAT",
    weight: 3,
    required: true,
    order: 5,
    source: "app.connect",
    patterns: defined([
      "direct*|straight ..6 pod|pod-ip|backend",
      "connect* ..6 pod-ip|pod",
      {
        p: "no|not|n't|without|never|bypass*|skip* ..6 dnat|nat|kube-proxy|iptables|load-balance|proxy*|rule*|ipvs|kube-svc*|chain*",
        negationIncluded: true,
        // not the DNS query's own path ("NodeLocal DNSCache answers without kube-proxy DNAT")
        unless: "coredns dns quer* node-local-dns cache",
      },
      "bypass*",
      "kube-proxy ..4 ignor*|skip*",
      { p: "nothing ..3 rewrit*|translat*|chang*|nat*", negationIncluded: true },
      { p: "kube-proxy|iptables ..4 not|n't|no ..3 involv*|us*|need*|play*|touch*|do*", negationIncluded: true },
      v.podIPLit !== null ? `connect*|send*|sent|dial* ..6 ${v.podIPLit}` : null,
    ]),
    hint: "Say what is missing: the connection goes straight to the pod IP, with no ClusterIP, no kube-proxy rule and no DNAT.",
  });
  out.push({
    id: "headless-no-clusterip",
    label: "A headless Service (clusterIP: None) has no virtual IP, so kube-proxy writes no rules for it",
    weight: 1,
    required: false,
    order: null,
    source: "kube-proxy.sync",
    patterns: [
      { p: "no|not|n't|without|never ..6 clusterip|virtual|vip", negationIncluded: true },
      "headless",
      "=none",
    ],
    hint: "Say what headless means: clusterIP: None, no virtual IP, so there is nothing for kube-proxy to translate.",
  });
  out.push({
    id: "routing",
    label: f.crossNode
      ? `The packet is routed to ${f.backendNode ?? "the backend's node"}`
      : "The packet is delivered on the same node",
    weight: 2,
    required: true,
    order: 6,
    source: "net.route",
    patterns: defined([
      { p: "rout* ..6 node|pod|packet|network|overlay|table|it|cni", blockers: "coredns" },
      "overlay|vxlan|flannel|calico|cilium|cni|encapsulat*|tunnel*|bgp|veth|bridge|cbr0|cni0|weave",
      "cross-node|same-node",
      "send*|sent|travel*|goes|leav*|forward*|deliver* ..6 node|network|wire",
      anyOf([f.backendNode, ...f.nodeIPs]),
    ]),
    hint: "Say how the packet reaches the pod: the pod network (CNI) routes pod IPs between nodes.",
  });
  pushReceiveAndReply(f, out, v);
  pushAppResponse(out);
}

function externalNameConcepts(f: ScenarioFacts, out: ConceptDefinition[]): void {
  const target = f.externalName ?? "the external name";
  out.push({
    id: "dns-cname",
    label: `CoreDNS answers with a CNAME to ${target}`,
    weight: 3,
    required: true,
    order: 3,
    source: "dns.lookup",
    patterns: defined(["cname", "alias", anyOf([f.externalName])]),
    hint: `Say what DNS returns for an ExternalName Service: a CNAME to ${target}.`,
  });
  out.push({
    id: "upstream-resolution",
    label: `The CNAME target is resolved upstream (CoreDNS forward plugin) to ${f.addresses.join(", ")}`,
    weight: 1,
    required: false,
    order: 3,
    source: "dns.lookup",
    patterns: defined(["upstream", "forward* ..6 dns|resolver|server|quer*", "recurs*", anyOf(f.addresses)]),
    hint: "Say how the CNAME target becomes an IP: CoreDNS resolves it upstream.",
  });
  out.push({
    id: "direct-to-external",
    label: "foo connects straight to the external address: no ClusterIP, no kube-proxy",
    weight: 2,
    required: true,
    order: 5,
    source: "app.connect",
    patterns: defined([
      {
        p: "no|not|n't|without|never|bypass* ..6 dnat|nat|kube-proxy|iptables|clusterip|virtual|proxy*|rule*",
        negationIncluded: true,
        // not the DNS query's own path ("NodeLocal DNSCache answers without kube-proxy DNAT")
        unless: "coredns dns quer* node-local-dns cache",
      },
      "direct* ..6 external|address|ip|host",
      anyOf(f.addresses),
    ]),
    hint: "Say what is missing: no ClusterIP and no kube-proxy; foo connects straight to the external address.",
  });
  pushAppResponse(out);
}

function backgroundConcepts(f: ScenarioFacts, out: ConceptDefinition[]): void {
  out.push({
    id: "bg-kubelet-resolv-conf",
    label: "kubelet writes the pod's resolv.conf (dnsPolicy ClusterFirst)",
    weight: 0.5,
    required: false,
    order: null,
    source: "kubelet.resolv-conf",
    patterns: [
      "kubelet ..8 resolv.conf|dns|configur*|writ*|generat*|set*|nameserver|search-domain|inject*|mount*",
      "resolv.conf|nameserver ..8 kubelet",
      "dnspolicy|clusterfirst",
    ],
    hint: "Background: kubelet writes each pod's resolv.conf from its dnsPolicy (ClusterFirst).",
  });
  if (f.kind !== "externalname") {
    out.push({
      id: "bg-endpointslices",
      label: "EndpointSlices track the ready pod IPs behind the Service",
      weight: 1,
      required: false,
      order: null,
      source: "endpointslice.ready",
      patterns: [
        "endpointslice",
        "endpoint* ..6 track*|list*|hold*|contain*|stor*|keep*|record* ..6 pod|ip|pod-ip|ready|address",
        "ready ..2 pod|endpoint*",
        "readiness",
        "selector",
      ],
      hint: "Background: the Service's EndpointSlices list its ready pod IPs; that is what DNS and kube-proxy read.",
    });
  }
  if (f.kubeProxyInvolved || f.kind === "clusterip") {
    out.push({
      id: "bg-kube-proxy-programs",
      label: "kube-proxy watches Services and EndpointSlices and programs the rules on every node",
      weight: 1,
      required: false,
      order: null,
      source: "kube-proxy.sync",
      patterns: [
        "kube-proxy ..8 program*|writ*|install*|configur*|updat*|sync*|watch*|creat*|manag*|set*|maintain*|generat*|add* ..8 rule*|iptables|chain*|ipvs|nftables|netfilter|routing|entries",
        "kube-proxy ..6 watch*|api-server",
        "kube-proxy ..2 iptables|ipvs|nftables|rule*",
        "rule*|iptables|chain* ..6 programmed|written|installed|created|maintained|managed|set ..4 by ..2 kube-proxy",
        "kube-proxy ..4 on|in ..2 every|each ..2 node",
      ],
      hint: "Background: kube-proxy on every node watches Services and EndpointSlices and programs the rules; it does not carry the packets.",
    });
  }
  out.push({
    id: "bg-coredns-watches-api",
    label: "CoreDNS watches the API server for Services and endpoints",
    weight: 0.5,
    required: false,
    order: null,
    source: "coredns.watch",
    patterns: [
      "coredns ..8 watch*|api-server|informer|cach*|sync*",
      "api-server ..8 coredns",
      "watch* ..6 service|endpoint* ..6 coredns",
    ],
    hint: "Background: CoreDNS answers from its watch of Services and EndpointSlices in the API server.",
  });
  if (f.proxyMode === "ipvs" && f.kubeProxyInvolved) {
    out.push({
      id: "bg-ipvs-dummy-interface",
      label: "Every ClusterIP is bound to the kube-ipvs0 dummy interface",
      weight: 0.5,
      required: false,
      order: null,
      source: "kube-proxy.sync",
      patterns: ["kube-ipvs0", "dummy ..3 interface", "clusterip ..6 bound|assign*|add* ..4 interface"],
      hint: "Background: in IPVS mode each ClusterIP is bound to the kube-ipvs0 dummy interface.",
    });
  }
}
