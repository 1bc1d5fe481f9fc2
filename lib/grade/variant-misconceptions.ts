import { CENTRAL_MISCONCEPTION_PENALTY, MISCONCEPTION_PENALTY, type MisconceptionDefinition } from "./misconceptions";
import type { ScenarioFacts } from "./scenario-facts";

/**
 * The misconceptions of the cross-namespace and external-name variants (lib/grade/misconceptions.ts has the
 * rest and the rules they all follow): a short name crossing namespaces, namespaces blocking traffic, CoreDNS
 * carrying an ExternalName's connection, the Host/SNI rewrite, egress keeping the pod IP, and a client outside the
 * cluster: its address kept under externalTrafficPolicy Cluster, masqueraded under Local, kube-proxy on the
 * load balancer.
 */
export function variantMisconceptions(f: ScenarioFacts): MisconceptionDefinition[] {
  const out: MisconceptionDefinition[] = [];
  if (f.crossNamespace && f.service !== null) {
    const svc = `=${f.service.name.toLowerCase()}`;
    const namespaces = [f.clientNamespace, f.service.namespace].map((n) => `=${n.toLowerCase()}`).join("|");
    out.push({
      id: "short-name-crosses-namespaces",
      label: "A bare Service name reaches another namespace",
      explanation: `From ${f.clientNamespace} the search list only covers ${f.search.slice(0, 3).join(", ")}: a bare "${f.service.name}" is NXDOMAIN for every candidate; the name needs ".${f.service.namespace}".`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        {
          p: "namespace|suffix ..6 not|n't|no|never ..3 need*|requir*|necessary|matter*|important",
          negationIncluded: true,
        },
        "namespace|suffix ..4 optional|unnecessary|irrelevant",
        `bare|short|just|plain|only ..3 ${svc} ..10 work*|resolv*|reach*|find*|locat*|fine|enough|suffic*`,
        `${svc} ..2 alone|itself ..8 work*|resolv*|reach*|find*|locat*|fine|enough|suffic*`,
        // "CoreDNS would still locate the Service in whatever namespace it lives in"
        "coredns|dns ..8 find*|search*|look*|locat* ..6 every|any|whichever|whatever|wherever|all|other ..2 namespac*",
        "service ..2 name* ..4 cluster-wide|global*|unique",
      ],
    });
    out.push({
      id: "namespace-blocks-traffic",
      label: "Namespaces block traffic by default",
      explanation:
        "Namespaces are no network boundary: pods in any namespace reach each other unless a NetworkPolicy that selects them says otherwise.",
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        // "between namespaces the cluster network is closed by default"
        "namespac* ..8 isolat*|block*|separat*|firewall*|clos*|restrict*|den*|forbid*|prevent* ..6 traffic|network|connection*|pod*|default",
        // (a pattern word is one token: "network policy" is matched through its second word)
        "need*|requir*|must ..6 networkpolicy|policy ..8 allow*|before|cross|between|reach|open*",
        "cross ..2 namespace ..8 block*|denied|forbidden|blocked|not allowed",
        "networkpolicy|policy ..6 must|need*|requir* ..6 allow*|open*|permit*",
        // a namespace by its own name walled off: "billing is walled off from app out of the box", "app is fenced
        // off from the other namespaces"
        `namespac*|${namespaces} ..3 is|are|get*|stay* ..2 wall*|fenc*|seal*|cut|shut|isolat*|firewall*|partition* ..2 off|from|away`,
        // traffic waits on a policy: "until somebody writes a NetworkPolicy letting app in"
        "until ..4 networkpolicy|policy ..4 allow*|let*|permit*|open*|admit*",
      ],
    });
  }

  if (f.kind === "externalname") {
    /** the application's traffic, as opposed to its DNS query */
    const APP_TRAFFIC = "https|tls|http|get|byte*|payload|traffic|connection*";
    const host = f.externalName !== null ? `|=${f.externalName.toLowerCase()}` : "";
    out.push({
      id: "coredns-proxies-traffic",
      label: "CoreDNS carries the connection",
      explanation: `CoreDNS only answers the query (CNAME to ${f.externalName ?? "the external name"} plus its A record); ${f.clientName} connects to the external address itself.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        {
          p: "coredns ..8 forward*|relay*|proxies|proxy*|pass*|send*|connect*|fetch*|open*|establish*|stream* ..6 request*|connect*|https|traffic|http|reply|packet*|payload|byte*|tls",
          unless: "quer* lookup cname record a-record resolv* recurs* upstream dns",
        },
        { p: "coredns ..6 relay*|proxies ..6 back|response", unless: "quer* cname record" },
        // "CoreDNS takes foo's HTTPS request and forwards it … itself"
        { p: "coredns ..4 take*|accept*|receiv*|terminat* ..4 https|http|request|connection", unless: "quer* lookup" },
        // the application's own traffic addressed to CoreDNS: "foo's HTTPS request goes to CoreDNS", "opens its TLS
        // connection to CoreDNS", "the GET / from foo lands on CoreDNS" (a query or lookup sent there is true)
        {
          p: `${APP_TRAFFIC} ..6 to|on|at|into ..2 coredns`,
          unless: "quer* lookup dns udp resolv* name cname record a-record",
        },
        {
          p: "https|http|tls|app*|application ..2 request* ..6 to|on|at|into ..2 coredns",
          unless: "quer* lookup dns udp resolv* name cname record a-record",
        },
        // "CoreDNS sits in the middle of the conversation", "works like a reverse proxy", "acts as a middleman"
        {
          p: "coredns ..3 sit*|stand*|is|are|act*|work*|serv*|behav* ..3 in|as|like|between ..3 middle|proxy|reverse-proxy|relay|middleman|man-in-the-middle|between",
          unless: "quer* lookup dns resolv* upstream forwarder cache recurs*",
        },
        {
          p: "traffic|request*|connection* ..6 go*|goes|pass*|flow*|travel* ..4 through|via ..3 coredns",
          unless: "quer* lookup dns",
        },
      ],
    });
    out.push({
      id: "externalname-rewrites-host",
      label: "The ExternalName Service rewrites the Host header or SNI",
      explanation: `Only DNS is aliased: ${f.clientName} still sends Host and TLS SNI "${f.host}", so the external certificate must match that name or the client must be told the real one.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        `rewrit*|chang*|replac*|set*|updat*|swap* ..6 host|sni|header ..8 external|to${host}`,
        `host|sni|header ..6 becom*|rewrit*|chang*|replac*|set*|is ..4 external${host}`,
        "http ..2 redirect*|3xx|301|302",
        `redirect* ..6 to${host}`,
      ],
    });
  }
  if (f.snat && !f.kubeProxyInvolved && (f.kind === "externalname" || f.kind === "external")) {
    out.push({
      id: "egress-keeps-pod-ip",
      label: "Traffic leaving the cluster keeps the pod IP",
      explanation: `The CNI masquerades pod traffic leaving the cluster to the node's IP, so the external host sees ${f.clientNode ?? "the node"}'s address, not ${f.clientName}'s pod IP.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        "source ..6 stay*|remain*|keep*|still|unchanged ..4 pod|pod-ip|=" + (f.clientIP ?? "10.244.1.10"),
        "external|partner|remote|upstream ..4 host|server|api|side|endpoint ..6 see*|get*|receiv*|observ* ..6 pod|pod-ip|=" +
          (f.clientIP ?? "10.244.1.10"),
        "allowlist*|whitelist* ..6 pod|pod-ip|cidr|=10.244.0.0/16",
        // "the partner sees foo's pod IP as the source"
        "see*|get*|receiv*|observ* ..4 pod-ip|=" + (f.clientIP ?? "10.244.1.10") + " ..6 as ..2 source",
        { p: "no|not|n't|never|without ..4 snat|masquerad*", negationIncluded: true, unless: "dnat reply revers*" },
      ],
    });
  }
  out.push(...outsideMisconceptions(f));
  return out;
}

function outsideMisconceptions(f: ScenarioFacts): MisconceptionDefinition[] {
  const o = f.outside;
  if (f.kind !== "outside" || o === null || !f.kubeProxyInvolved || f.outcome !== "established") return [];
  const out: MisconceptionDefinition[] = [];
  const client = `=${f.clientName}`;
  const node = o.entryNode ?? "the node";
  if (f.hops.has("proxy.masquerade")) {
    out.push({
      id: "etp-cluster-keeps-client-ip",
      label: "The pod sees the client's address under externalTrafficPolicy Cluster",
      explanation: `With externalTrafficPolicy Cluster, ${node} masquerades the packet (KUBE-MARK-MASQ, then MASQUERADE in POSTROUTING): the pod sees ${node}'s address as the source, never ${f.clientName}. Only the Local policy keeps the client's address.`,
      penalty: CENTRAL_MISCONCEPTION_PENALTY,
      patterns: [
        "see*|get*|receiv*|log*|observ* ..6 real|original|actual|true ..2 client|source ..2 ip|address",
        `see*|get*|receiv*|log*|observ* ..4 ${client}|client ..2 ip|address ..6 as ..2 source|client`,
        "source ..2 ip|address ..6 stay*|remain*|keep*|kept|preserv*|unchanged|intact",
        "client ..2 ip|address ..4 preserv*|kept|stay*|remain*",
        { p: "no|not|n't|never|without ..4 snat", negationIncluded: true, unless: "dnat reply revers* back" },
      ],
    });
  } else {
    out.push({
      id: "etp-local-masquerades",
      label: "The source is masqueraded under externalTrafficPolicy Local",
      explanation: `With externalTrafficPolicy Local kube-proxy does not masquerade: the packet goes only to a local endpoint on ${node} and the pod sees ${f.clientName} as the source.`,
      penalty: CENTRAL_MISCONCEPTION_PENALTY,
      patterns: [
        { p: "snat ..8 source|node|it|packet|to|client|ip|address", unless: "revers* undo* un back reply" },
        { p: "source ..6 rewrit*|chang*|replac*|becom* ..8 node", unless: "revers* undo* back reply" },
        "see*|get* ..6 node|=" + node.toLowerCase() + " ..4 as ..2 client|source",
        "see*|get* ..4 node ..2 ip|address",
      ],
    });
  }
  if (o.lbIP !== null) {
    out.push({
      id: "kube-proxy-on-load-balancer",
      label: "kube-proxy runs on the load balancer",
      explanation: `The cloud load balancer only picks a node (${node} here) and passes the packet on; kube-proxy's rules on that node choose the pod and DNAT to it.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        "kube-proxy|iptables|rule* ..4 run*|live*|sit*|is|instal* ..3 on|in ..3 load-balance|cloud-load-balancer",
        "load-balance|cloud-load-balancer ..6 pick*|choos*|select*|chose* ..4 pod|backend|endpoint",
        "load-balance|cloud-load-balancer ..4 run*|has ..3 kube-proxy",
      ],
    });
  }
  return out;
}
