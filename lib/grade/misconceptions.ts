import type { MisconceptionId } from "../schemas/grade";
import type { PatternInput } from "./pattern";
import type { ScenarioFacts } from "./scenario-facts";
import { variantMisconceptions } from "./variant-misconceptions";

/**
 * Misconceptions: negative concepts, found by meaning in a claim (any wording of the same wrong model). Each
 * applies only where the trace makes it wrong (an IPVS ClusterIP really is on an interface; a headless name
 * really does return pod IPs). A denial ("it does not return the pod IP"), a reported belief ("a common myth is
 * …"), a retracted, historical or hypothetical statement, an undecided one or a question is never counted; a
 * hedged one ("I think CoreDNS returns the pod IP") is. A denial of a true step can itself be one: denying the
 * reverse translation is no-reverse-nat, denying the DNAT is no-dnat (lib/grade/concepts.ts `deniedAs`).
 *
 * lib/grade/README.md lists every id with when it applies and the wrong claim. The misconception a variant
 * exists to test costs CENTRAL_MISCONCEPTION_PENALTY; every other one costs 10 points; the total penalty is capped at 30.
 */
export interface MisconceptionDefinition {
  readonly id: MisconceptionId | (string & {});
  readonly label: string;
  readonly explanation: string;
  readonly patterns: readonly PatternInput[];
  /** score points taken off when present */
  readonly penalty: number;
  /** about the Service's own traffic: a claim told of the DNS packet's trip to the cluster DNS address or a CoreDNS
   * pod (really Service traffic, DNATed like any ClusterIP) is not this misconception */
  readonly notOfDnsPacket?: boolean;
}

export const MISCONCEPTION_PENALTY = 10;
/** the misconception a variant exists to test ("DNS returns a pod IP" for a ClusterIP Service) costs more */
export const CENTRAL_MISCONCEPTION_PENALTY = 15;

const DNS_SUBJECT = "coredns|dns|nameserver|lookup|quer*|a-record|resolution";
/** "n't" stays on its word ("isn't", "don't"): the contracted denials a pattern names */
const NOT_CONTRACTED = "isn't|aren't|wasn't|don't|doesn't|didn't|won't";
/** words that put a claim on the reply's leg */
const REPLY_WORDS = "reply repl* respon* back return* way";
const PROXY_WORDS = "clusterip kube-proxy iptables dnat nat rewrit* translat* map* ipvs nftables chang* convert* rule*";

export function misconceptionsFor(f: ScenarioFacts): MisconceptionDefinition[] {
  const out: MisconceptionDefinition[] = [];
  const podIPs = f.backendIPs.map((ip) => `=${ip}`).join("|");
  const clusterIP = f.clusterIP ?? "its ClusterIP";

  if (f.kind === "clusterip") {
    out.push({
      id: "dns-returns-pod-ip",
      label: "DNS returns a pod IP",
      explanation: `For a ClusterIP Service, DNS returns the Service's virtual IP (${clusterIP}), never a pod IP; pod IPs only appear after kube-proxy's DNAT.`,
      penalty: CENTRAL_MISCONCEPTION_PENALTY,
      patterns: [
        {
          p: `${DNS_SUBJECT} ..10 return*|answer*|respond*|reply|resolv*|giv*|hand*|send*|provid* ..5 pod-ip${podIPs !== "" ? "|" + podIPs : ""}`,
          blockers: PROXY_WORDS,
        },
        { p: `resolv* ..3 to|into ..4 pod-ip${podIPs !== "" ? "|" + podIPs : ""}`, blockers: PROXY_WORDS },
        { p: "resolv* ..3 to ..3 ip ..4 pod", blockers: PROXY_WORDS },
        { p: "a-record ..6 pod-ip", blockers: PROXY_WORDS },
        // "the reply carries one A record per bar pod", "an A record for each backend"
        { p: "a-record ..2 per|for ..2 each|every ..3 pod|backend*|endpoint*|replica*", blockers: PROXY_WORDS },
        { p: "a-record ..2 per ..3 pod|backend*|endpoint*|replica*", blockers: PROXY_WORDS },
        { p: `${DNS_SUBJECT} ..6 return*|answer*|giv* ..5 ip of ..3 one of ..3 pod`, blockers: PROXY_WORDS },
        {
          p: `${DNS_SUBJECT}|it ..10 return*|answer*|giv*|hand* ..4 ip|address ..2 of ..6 pod`,
          blockers: PROXY_WORDS,
          within: DNS_SUBJECT.split("|").join(" "),
        },
        { p: `${DNS_SUBJECT} ..6 return*|answer*|giv* ..6 pod|endpoint ..2 ip|address|ips`, blockers: PROXY_WORDS },
        {
          p: `${DNS_SUBJECT}|resolv* ..10 return*|answer*|respond*|giv*|hand*|provid*|list* ..6 backend*|endpoint*|pod|replica* ..3 address*|ip|ips|own`,
          blockers: PROXY_WORDS,
        },
        {
          p: "backend*|endpoint*|pod|replica* ..4 own|actual|real|individual ..2 address*|ip|ips ..10 come*|return*|back|from|answer*",
          within: DNS_SUBJECT.split("|").join(" "),
          blockers: PROXY_WORDS,
        },
        {
          p: "address*|ip|ips|pod-ip ..4 of ..3 pod|backend*|endpoint*|replica* ..10 come*|return*|back|answer*|from",
          within: DNS_SUBJECT.split("|").join(" "),
          blockers: PROXY_WORDS,
        },
        {
          p: `pod-ip${podIPs !== "" ? "|" + podIPs : ""} ..8 come*|return*|back ..6 from ..3 dns|coredns|lookup|quer*|resolution`,
          blockers: PROXY_WORDS,
        },
        // the answer first, then whose addresses it holds: "the records that come back carry the replicas' very
        // own addresses" (DNS records are DNS talk, so "record" places the claim in the lookup)
        {
          p: "record*|a-record|answer*|come* back ..8 backend*|endpoint*|pod|replica* ..4 own|actual|real|individual ..2 address*|ip|ips",
          within: DNS_SUBJECT.split("|").join(" ") + " record*",
          withinPrevious: true,
          blockers: PROXY_WORDS,
        },
        // "(the query goes to CoreDNS.) What comes back are the real addresses of the bar pods"
        {
          p: "come*|return*|sent ..2 back ..4 address*|ip|ips ..4 of ..3 pod|backend*|endpoint*|replica*",
          within: DNS_SUBJECT.split("|").join(" "),
          withinPrevious: true,
          blockers: PROXY_WORDS,
        },
        // "what comes back from the lookup are the replicas' own addresses, 10.244.1.21 and …"
        {
          p: `come*|return*|sent ..2 back ..3 from ..4 ${DNS_SUBJECT} ..10 address*|ip|ips|pod-ip${podIPs !== "" ? "|" + podIPs : ""}`,
          blockers: PROXY_WORDS,
          unless: "clusterip virtual",
        },
      ],
    });
    out.push({
      id: "coredns-load-balances",
      label: "CoreDNS load-balances the traffic",
      explanation:
        "CoreDNS only answers the name with the ClusterIP; the backend pod is chosen per connection by kube-proxy's rules in the node's kernel.",
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        // "the CoreDNS pods are spread over both nodes" is where they run
        {
          p: "coredns ..6 load-balance|balanc*|distribut*|spread*|round-robin|rotat*|alternat*|steer*",
          blockers: "service",
          unless: "quer* node",
          unlessWindow: 4,
        },
        { p: "coredns ..6 pick*|choos*|select*|decid* ..5 pod|backend|endpoint|replica|which", blockers: "service" },
        { p: "dns ..3 load-balance|round-robin", unless: "quer* kube-proxy" },
        {
          p: "load-balanc*|balanc* ..4 between|across|among ..3 them|pod|backend|replica",
          within: "coredns",
          unless: "kube-proxy iptables ipvs rule* quer*",
        },
        { p: "load-balance*|balanc* ..4 by|via|through ..2 coredns|dns", unless: "quer*" },
        // "the spreading of load happens in the nameserver", "each lookup it decides which replica you get"
        { p: "spread*|balanc*|load-balance* ..6 happen*|done|occur*|live* ..3 in|by|at ..3 coredns|nameserver|dns" },
        // "spreading the traffic is CoreDNS's job": the task named, then who owns it
        // "sharing the work between the replicas is CoreDNS's business": any verb of dividing work, then who owns it
        {
          p: "spread*|balanc*|load-balanc*|distribut*|shar*|split*|divid*|rotat* ..8 coredns|nameserver ..2 job|task|role|responsib*|work|business|duty|concern",
        },
        // the owner after the task: "splitting the load between the pods is the duty of CoreDNS"
        {
          p: "spread*|balanc*|load-balanc*|distribut*|shar*|split*|divid*|rotat* ..10 job|task|role|responsib*|work|business|duty|concern ..2 of ..2 coredns|nameserver",
        },
        {
          p: "decid*|pick*|choos*|select* ..2 which ..4 replica*|pod|backend*|endpoint*",
          within: "coredns nameserver lookup",
          unless: "kube-proxy iptables ipvs nftables rule* kernel netfilter",
        },
      ],
    });
  }

  out.push({
    id: "kube-proxy-answers-dns",
    label: "kube-proxy answers DNS",
    explanation:
      "kube-proxy never answers DNS: CoreDNS (behind the kube-dns Service) resolves names; kube-proxy only programs the rules that route Service IPs.",
    penalty: MISCONCEPTION_PENALTY,
    patterns: [
      {
        p: "kube-proxy ..6 answer*|resolv*|respond*|reply|look* ..5 dns|quer*|name|hostname|lookup|request",
        blockers: "dnat forward* rout* redirect* coredns nat clusterip pod-ip",
      },
      { p: "kube-proxy ..3 is|act*|work*|serv*|run* ..3 dns|nameserver|resolver", blockers: "coredns" },
      { p: "dns|quer*|lookup|name ..6 answer*|resolv*|handl*|serv* ..2 by ..2 kube-proxy" },
      { p: "nameserver|resolv.conf ..3 point* ..2 to|at ..2 kube-proxy" },
      { p: "nameserver ..2 is ..2 kube-proxy" },
      // "kube-proxy then looks up api.partner.example.com for the pod"
      { p: "kube-proxy ..6 look* up|resolv*", blockers: "dnat forward* rout* redirect* coredns nat clusterip pod-ip" },
    ],
  });

  if (f.kubeProxyInvolved) {
    out.push({
      id: "kube-proxy-forwards-traffic",
      label: "kube-proxy forwards the traffic itself",
      explanation: `kube-proxy does not carry packets: in ${f.proxyMode} mode it only programs the kernel (${f.proxyMode === "ipvs" ? "IPVS virtual servers" : `${f.proxyMode} rules`}), and the kernel rewrites and forwards each packet.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        {
          p: "kube-proxy ..6 forward*|prox*|relay*|receiv*|intercept*|accept*|handl*|pass* ..5 packet*|traffic|request*|connection*|it",
          unless: "rule* iptables program* configur* writ* install* ipvs nftables netfilter chain* updat* sync* watch*",
        },
        { p: "forward*|prox*|handl*|relay* ..6 user-space" },
        { p: "forward*|relay* ..4 traffic|packet* ..3 itself", within: "kube-proxy it" },
        { p: "kube-proxy ..3 forward*|run*|work*|prox*|handl*|copi*|operat*|is|relay* ..8 user-space" },
        { p: "user-space ..3 prox*|kube-proxy|process" },
        {
          p: "go*|goes|pass*|sent|send*|rout*|hit*|travel*|reach* ..3 through|via|to ..2 kube-proxy",
          unless: "rule* iptables program* ipvs nftables netfilter chain* configur*",
        },
        { p: "kube-proxy ..3 process ..4 receiv*|forward*|handl*" },
        // "the connection terminates in the kube-proxy process", "every byte passes through it"
        { p: "terminat*|end*|land* ..4 in|at ..3 kube-proxy" },
        {
          p: "copi*|copy|relay*|shuttl*|pump*|shovel*|splic*|ferr*|stream* ..4 byte*|data|traffic",
          within: "kube-proxy it",
          unless: "user-space",
        },
        // the passive form names kube-proxy as the agent: "that connection is accepted by the kube-proxy daemon"
        {
          p: "connection*|packet*|traffic|request*|syn|it ..4 accept*|receiv*|intercept*|handl*|terminat*|relay*|forward* ..2 by ..3 kube-proxy",
          unless: "rule* iptables program* configur* writ* install* ipvs nftables netfilter chain*",
        },
      ],
    });
  }

  if (f.hops.has("conntrack.reverse")) {
    out.push({
      id: "no-reverse-nat",
      label: "The reply needs no reverse translation",
      explanation: `The reply leaves the pod with the pod's IP as source; conntrack must rewrite it back to ${f.kind === "outside" ? f.host : clusterIP}:${f.port ?? ""} (reverse NAT), or ${f.clientName} would drop a reply from an address it never called.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        {
          p: "reply ..6 straight|directly ..2 back",
          unless: "conntrack revers* translat* rewrit* convert* nat dnat undo* un chang* map*",
        },
        {
          p: "reply ..6 straight|directly ..2 to ..3 foo|client|app*|caller|source",
          unless: "conntrack revers* translat* rewrit* convert* nat dnat undo* un chang* map*",
        },
        {
          p: "no|not|n't|without|never ..4 need* ..4 revers*|translat*|rewrit*|convert*|nat|dnat|conntrack|chang*",
          negationIncluded: true,
        },
        { p: "no|not|n't|without|never ..3 revers* ..2 nat|dnat|translat*", negationIncluded: true },
        // "there's no rewriting on the reply at all", "nothing is translated on the way back"
        {
          p: "no|not|n't|never|nothing|nobody ..3 rewrit*|translat*|nat|dnat|chang*|undo* ..4 reply|repl*|back|return*|response",
          negationIncluded: true,
          blockers: "else other",
          unless: "dns coredns quer*",
        },
        {
          p: "reply|back|return*|response ..6 no|not|n't|never|nothing|nobody ..3 rewrit*|translat*|nat|dnat|chang*|undo*",
          negationIncluded: true,
          blockers: "else other",
          unless: "dns coredns quer*",
        },
        // "the response needs no address rewriting", "never touches the connection tracking table"
        {
          p: "reply|back|return* ..6 need*|requir* ..2 no|not|n't ..3 revers*|translat*|rewrit*|convert*|nat|dnat|chang*",
          negationIncluded: true,
        },
        { p: "never|not|n't ..3 touch*|pass*|go*|hit* ..5 conntrack", negationIncluded: true, unless: "dns coredns" },
        {
          p: "foo|client|app* ..4 accept*|receiv*|get* ..4 reply ..4 from ..3 pod-ip",
          unless: "conntrack revers* translat* rewrit* convert* undo* chang* map*",
        },
        {
          p: "reply ..4 bypass*|skip* ..3 conntrack|iptables|kube-proxy|nat",
        },
        // conntrack (or any NAT) said to take no part in the reply: "the connection tracking table plays no part in
        // the response", "conntrack isn't involved on the way back", "there is no conntrack lookup on the return
        // path", "responses don't go through any NAT"
        {
          p: "conntrack ..4 play*|ha*|tak* ..2 no ..2 part|role",
          negationIncluded: true,
          within: REPLY_WORDS,
          unless: "dns coredns quer*",
        },
        {
          p: `conntrack ..3 not|never|no|${NOT_CONTRACTED} ..2 involv*|need*|us*|consult*`,
          negationIncluded: true,
          within: REPLY_WORDS,
          unless: "dns coredns quer*",
        },
        {
          p: "no|not|n't|never|without ..3 conntrack|nat ..2 lookup*|entry|entries|involv*|step",
          negationIncluded: true,
          within: REPLY_WORDS,
          unless: "dns coredns quer*",
        },
        {
          p: `reply|response* ..4 no|not|never|${NOT_CONTRACTED} ..3 go*|pass*|through ..4 nat|dnat|snat|translat*|conntrack`,
          negationIncluded: true,
          unless: "dns coredns quer*",
        },
        // "arrives as it is, nothing has to rewrite it"
        {
          p: "nothing|nobody|no-one ..3 rewrit*|translat*|undo*|chang* ..2 it|them|anything",
          negationIncluded: true,
          within: REPLY_WORDS,
          blockers: "else other",
          unless: "dns coredns quer*",
        },
      ],
    });
  }

  if (f.kind === "clusterip" && f.outcome === "established" && f.kubeProxyInvolved) {
    out.push({
      id: "no-dnat",
      label: "The packet reaches the pod with its destination unchanged",
      explanation: `Nothing routes ${clusterIP} as is: on ${f.clientNode ?? "the client's node"} the rules kube-proxy programmed rewrite the destination ${clusterIP}:${f.port ?? ""} to the chosen pod's IP:${f.targetPort ?? "targetPort"} (DNAT) before the packet is routed.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        {
          p: "clusterip ..6 rout*|forward*|deliver* ..6 unchanged|untouched|intact|directly|straight",
          unless: "dnat nat rewrit* translat*",
        },
        // "the destination becomes 10.244.1.21:8080, the same port" is a DNAT keeping the port: a value slip
        { p: "destination ..6 stay*|remain*|unchanged|keep*|same", unless: "source reply port" },
        {
          p: "destination ..6 never|not|n't ..3 chang*|rewrit*|touch*|modif*|alter*|translat*",
          negationIncluded: true,
          unless: "source reply",
          unlessWindow: 4,
        },
        { p: "iptables|rule*|kube-proxy ..4 only ..3 mark*|forward*|rout*", unless: "dnat nat rewrit* translat*" },
        {
          p: "no|not|n't|never|without ..4 dnat|nat|rewrit*|translat* ..6 destination|clusterip|packet|request|connection",
          negationIncluded: true,
          unless: "reply source back revers* return* dns coredns quer*",
        },
        {
          p: "pod|backend|bar ..6 receiv*|see*|get* ..6 packet|request|it ..4 address*|destin* ..3 clusterip",
          unless: "dnat nat rewrit*",
        },
        { p: "rout* ..4 clusterip ..6 to ..4 pod|node|backend", unless: "dnat nat rewrit* translat* after" },
      ],
    });
  }

  out.push(...variantMisconceptions(f));

  if (f.hostsFile !== null) {
    const candidate = f.search[0] !== undefined ? `=${f.host}.${f.search[0]}`.toLowerCase() : "=" + f.host;
    out.push({
      id: "hosts-entry-ignored",
      label: "The lookup goes to DNS although /etc/hosts answers it",
      explanation: `${f.clientName}'s resolver reads /etc/hosts before DNS ("hosts: files dns"), and its hostAliases entry gives ${f.hostsFile.addresses.join(", ")} for ${f.host}: no search list, no query to CoreDNS.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        "quer* ..6 coredns|nameserver|kube-dns" + (f.clusterDNS !== null ? `|=${f.clusterDNS}` : ""),
        "ask*|send*|sent ..4 coredns|kube-dns|nameserver",
        "append*|add*|expand*|tr* ..4 search-domain",
        "search-domain ..4 append*|add*|expand*",
        `expand*|tr*|quer*|ask*|resolv* ..6 ${candidate}`,
      ],
    });
  }

  if (f.autopath) {
    out.push({
      id: "autopath-ignored",
      label: "The resolver searches on although autopath answered its first query",
      explanation: `CoreDNS runs autopath: it walks ${f.clientName}'s search path itself and answers the first candidate with a CNAME to ${f.fqdn ?? "the Service's name"} and its address, so the resolver sends no second candidate.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        "send*|sent|tr*|quer*|ask*|mak* ..4 second|next|another ..2 quer*|candidate|name|lookup|search-domain",
        "second|next|another ..2 quer*|candidate|lookup ..6 send*|sent|go*|answer*|resolv*|return*",
      ],
    });
  }

  if (f.ndots !== null) {
    out.push({
      id: "ndots-misread",
      label: "ndots misread",
      explanation: `ndots:${f.ndots} is a threshold: a name with fewer than ${f.ndots} dots is tried with the search list first; it is not a retry count, a timeout or the number of search domains.`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        "ndots* ..8 retr*|attempt*|timeout|second*|time* ..2 out|tries|try",
        // "ndots:5, which means the resolver retries …"
        { p: "mean*|i.e ..8 retr*|attempt*|timeout|tries", within: "ndots*" },
        "ndots ..8 number of ..3 search-domain|domain*|nameserver*|server*|quer*",
        "ndots ..8 how many ..3 search-domain|domain*|quer*|time*",
        "name* ..4 need*|must|requir* ..4 =5|five|ndots ..2 dot*",
        "ndots ..6 max*|maximum|limit* ..4 dot*|label*|length",
      ],
    });
  }

  if (f.kind === "clusterip" && f.proxyMode !== "ipvs") {
    out.push({
      id: "clusterip-on-interface",
      label: "The ClusterIP is assigned to an interface",
      explanation: `In ${f.proxyMode} mode ${clusterIP} is on no pod or node interface: it exists only as a match in kube-proxy's rules (only IPVS mode binds ClusterIPs to the kube-ipvs0 dummy interface).`,
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        {
          p: "clusterip ..6 assign*|bound|bind*|configur*|attach*|add*|plumb*|listen* ..4 interface|nic|eth0|node|pod|host",
          unless: "ipvs kube-ipvs0 dummy",
        },
        {
          p: "interface|nic|eth0 ..4 has|own*|hold*|carr*|answer*|listen* ..4 clusterip",
          unless: "ipvs kube-ipvs0 dummy",
        },
        { p: "clusterip ..3 belong* ..3 node|pod|interface", unless: "ipvs kube-ipvs0 dummy" },
        // "that address is configured on node-1's eth0 as a secondary IP": a node's interface holds an address
        {
          p: `address|ip ..6 assign*|bound|bind*|configur*|attach*|add*|plumb* ..4 ${["node", "host", ...f.nodeNames].join("|")} ..2 eth0|nic|interface`,
          unless: "ipvs kube-ipvs0 dummy pod-ip veth cni container",
        },
        // "every node owns that address", "node-1 answers ARP for it"
        // ("the bar pods' own addresses" is the possessive, the pod IPs: "own" is a claim only when a determiner or
        // the address itself follows it)
        {
          p: `node|pod|host|interface ..3 hold*|carr* ..3 address|ip|clusterip${f.clusterIP !== null ? "|=" + f.clusterIP : ""}`,
          unless: "ipvs kube-ipvs0 dummy pod-ip source",
        },
        {
          p: `node|pod|host|interface ..3 own* ..1 the|that|this|its|their|every|each|=${f.clusterIP ?? "10.96.12.34"}|clusterip ..2 address|ip|clusterip${f.clusterIP !== null ? "|=" + f.clusterIP : ""}`,
          unless: "ipvs kube-ipvs0 dummy pod-ip source",
        },
        {
          p: `node|pod|host|interface ..3 own* ..1 clusterip${f.clusterIP !== null ? "|=" + f.clusterIP : ""}`,
          unless: "ipvs kube-ipvs0 dummy pod-ip source",
        },
        { p: "answer*|repl*|respond* ..2 arp", unless: "ipvs kube-ipvs0 dummy" },
        { p: "clusterip ..2 is ..3 pod-ip|node ip|interface", blockers: PROXY_WORDS },
        {
          p: "assign*|bind*|bound|add* ..3 clusterip ..3 to ..3 interface|node|nic|eth0|pod",
          unless: "ipvs kube-ipvs0 dummy",
        },
      ],
    });
  }

  if (f.kind === "headless") {
    out.push({
      id: "headless-returns-clusterip",
      label: "A headless Service resolves to a ClusterIP",
      explanation: "A headless Service (clusterIP: None) has no virtual IP: DNS returns the ready pods' IPs directly.",
      penalty: CENTRAL_MISCONCEPTION_PENALTY,
      patterns: [
        `${DNS_SUBJECT}|resolv* ..8 return*|answer*|respond*|resolv*|giv*|get* ..5 clusterip`,
        "resolv* ..3 to ..3 clusterip",
        "a-record ..6 clusterip",
        // "— no, scratch that, it returns one ClusterIP for bar": a pronoun standing for the DNS server
        "it|which ..2 return*|answer*|respond*|giv* ..4 clusterip",
        // "still gets a ClusterIP back from DNS"
        `get*|receiv* ..4 clusterip ..4 from ..3 ${DNS_SUBJECT}`,
        // "still has a virtual IP that CoreDNS hands out": the address, then the DNS server serving it
        `clusterip ..3 that|which ..2 ${DNS_SUBJECT} ..3 return*|answer*|giv*|hand*|serv*`,
      ],
    });
    out.push({
      id: "headless-gets-dnat",
      label: "kube-proxy DNATs traffic to a headless Service",
      explanation:
        "kube-proxy writes no rules for a headless Service: the client connects to the pod IP it got from DNS, with no DNAT and no load-balancing in the kernel.",
      penalty: MISCONCEPTION_PENALTY,
      notOfDnsPacket: true,
      // the DNS packet to the kube-dns ClusterIP really is DNATed: not this misconception
      patterns: [
        {
          p: "kube-proxy|iptables|ipvs|nftables|netfilter|rule* ..8 dnat*|rewrit*|translat*|nat|redirect*|load-balance|pick*|choos*|select*|spread*|distribut*|balanc*",
          unless: "coredns dns quer*",
          unlessWindow: 6,
        },
        { p: "dnat* ..6 pod|pod-ip|destination", unless: "coredns dns quer*", unlessWindow: 6 },
        { p: "kube-svc*|kube-sep*", unless: "coredns* dns quer* nameserver =:53 53 udp" },
      ],
    });
  }

  if (f.kind === "externalname") {
    out.push({
      id: "externalname-gets-dnat",
      label: "kube-proxy proxies an ExternalName Service",
      explanation: `An ExternalName Service is only a DNS alias (CNAME to ${f.externalName ?? "the external name"}): it has no ClusterIP, kube-proxy writes no rules, and foo connects to the external address itself.`,
      penalty: CENTRAL_MISCONCEPTION_PENALTY,
      notOfDnsPacket: true,
      patterns: [
        {
          p: "kube-proxy|iptables|ipvs|nftables|rule* ..8 dnat*|rewrit*|translat*|nat|redirect*|forward*|proxies",
          // the egress masquerade rewrites the source: true, and no DNAT of the Service
          unless: "coredns dns quer* masquerad* snat egress source",
          unlessWindow: 6,
        },
        `${DNS_SUBJECT}|resolv* ..8 return*|answer*|resolv*|giv* ..5 clusterip`,
        { p: "kube-svc*|kube-sep*", unless: "coredns* dns quer* nameserver =:53 53 udp" },
      ],
    });
  }

  if (f.outcome === "refused" || f.outcome === "timeout") {
    out.push({
      id: "no-endpoints-dns-fails",
      label: "A Service without endpoints stops resolving",
      explanation: `A ClusterIP Service with no endpoints still resolves to ${clusterIP}: DNS answers from the Service object, not from its endpoints.`,
      penalty: CENTRAL_MISCONCEPTION_PENALTY,
      patterns: [
        "nxdomain",
        { p: `${DNS_SUBJECT}|name|resolv* ..6 fail*|error*`, blockers: "connect* connection" },
        { p: "not|n't|never|cannot ..3 resolv*|found", negationIncluded: true, blockers: "fail*" },
        "no such host",
        // "CoreDNS withdraws bar's record", "getaddrinfo fails with Name or service not known"
        { p: "withdraw*|remov*|delet*|drop*|pull* ..4 record|a-record|entry", within: "coredns dns" },
        { p: "getaddrinfo|resolver|lookup ..3 fail*|error*", blockers: "connect* connection" },
        { p: "no|not|n't|without ..3 a-record|dns ..2 record|answer", negationIncluded: true },
      ],
    });
  }
  if (f.outcome === "refused") {
    out.push({
      id: "no-endpoints-times-out",
      label: "A Service without endpoints times out",
      explanation:
        "With no endpoints kube-proxy REJECTs the packet (ICMP port unreachable), so connect() fails at once with ECONNREFUSED instead of hanging until a timeout.",
      penalty: MISCONCEPTION_PENALTY,
      patterns: [
        "time* out",
        "wait*|end*|until|get* ..4 timeout",
        "wait* ..4 forever|until",
        // "the SYN is never answered; the client keeps retransmitting", "drops the packets silently"
        "keep*|kept ..2 retransmit*|retry*|resend*",
        "connect*|connection|client|syn|request|call|it ..6 hang*|hung|stall*|sit*|sits|retransmit*",
        { p: "drop* ..4 silent*|quiet*", unless: "local" },
        { p: "syn|packet|request ..4 never ..3 answer*|repl*|acknowledg*", negationIncluded: true },
        { p: "syn|packet|it ..3 go*|goes|vanish* ..2 nowhere" },
      ],
    });
  }
  return out;
}
