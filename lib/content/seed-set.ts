import type { QuestionSetContentInput } from "../schemas/question-set";

/**
 * The built-in question set, from the Interview Series post "Explain how Kubernetes DNS works"
 * (shared/seed/000_abd2bde263f7ba78.txt): one flashcard per question the post asks, answered in our own
 * words and checked against the simulation (lib/sim), the questions an interviewer asks next (external
 * names and ndots, /etc/hosts, traffic from outside the cluster; tests/unit/content/seed-set.test.ts checks
 * their claims against the simulation), plus the capstone free-form question graded against the built-in seed
 * scenario. Item ids are stable: changing an answer keeps learners' progress.
 */
export const SEED_SET: QuestionSetContentInput = {
  slug: "kubernetes-dns",
  title: "Kubernetes DNS: from http.get to response",
  description:
    'What happens between `http.get("https://bar/")` in pod `foo` and the response arriving: the pod\'s ' +
    "resolv.conf and search domains, CoreDNS answering with the Service's virtual IP, kube-proxy's rules " +
    "rewriting it to a pod IP, routing between nodes, and conntrack undoing the rewrite on the way back.",
  tags: ["kubernetes", "dns", "networking", "interview"],
  interviewMinutes: 20,
  items: [
    {
      id: "dns-name-format",
      kind: "flashcard",
      tags: ["dns", "search-domains"],
      front:
        'Pod `foo` in namespace `app` calls `http.get("https://bar/")`. `bar` is not a complete domain name. ' +
        "How does it resolve?",
      back: [
        "The pod's **stub resolver** completes the name with the **search domains** from its `/etc/resolv.conf`.",
        "",
        "`bar` has fewer dots than `ndots:5`, so the resolver tries each search domain in order before the bare name:",
        "",
        "1. `bar.app.svc.cluster.local.` → CoreDNS knows Service `bar` in namespace `app`: answered, done.",
        "2. (only if that failed) `bar.svc.cluster.local.`, `bar.cluster.local.`, then node search domains, then `bar.`",
        "",
        "The full name of a Service is `<service>.<namespace>.svc.<cluster domain>`. The client appends the",
        "domain, not the DNS server. A name ending in a dot (`bar.app.svc.cluster.local.`) is never searched.",
      ].join("\n"),
    },
    {
      id: "resolv-conf-config",
      kind: "flashcard",
      tags: ["dns", "kubelet"],
      front: "Where are the search domains and the DNS server configured for a pod, and who writes that file?",
      back: [
        "**kubelet** writes the pod's `/etc/resolv.conf` when it starts the pod. With the default",
        "`dnsPolicy: ClusterFirst`:",
        "",
        "```",
        "search app.svc.cluster.local svc.cluster.local cluster.local",
        "nameserver 10.96.0.10",
        "options ndots:5",
        "```",
        "",
        "- `nameserver` is kubelet's `--cluster-dns`: the ClusterIP of the `kube-system/kube-dns` Service (CoreDNS).",
        "- `search` is `<namespace>.svc.<domain> svc.<domain> <domain>`, then the node's own search domains.",
        "- `ndots:5`: names with fewer than 5 dots are tried with the search list first.",
        "",
        "`dnsPolicy: Default` uses the node's resolv.conf instead; `dnsConfig` can add nameservers, searches and",
        "options (for example `ndots:2`). A `hostNetwork` pod with `ClusterFirst` falls back to the node's file.",
      ].join("\n"),
    },
    {
      id: "returned-ip",
      kind: "flashcard",
      tags: ["dns", "services"],
      front: "Which IP address does the DNS query for `bar.app.svc.cluster.local` return?",
      back: [
        "The Service's **ClusterIP**, a stable **virtual IP** (for example `10.96.12.34`), not a pod IP.",
        "",
        "No interface in the cluster owns that address (in iptables mode): it only exists as a match in",
        "kube-proxy's rules. Pods come and go and change IPs; the ClusterIP stays for the Service's lifetime.",
        "",
        "CoreDNS builds the answer from its watch on the API server. Exceptions: a **headless** Service",
        "(`clusterIP: None`) returns the ready pods' IPs, and an **ExternalName** Service returns a CNAME.",
        "The AAAA query sent alongside gets an empty answer (NODATA) in an IPv4-only cluster.",
      ].join("\n"),
    },
    {
      id: "service-to-pod-mapping",
      kind: "flashcard",
      tags: ["kube-proxy", "endpointslices"],
      front: "How does a Service's virtual IP map to the IPs of the pods behind it?",
      back: [
        "- The **EndpointSlice** controller lists the pods matching the Service's selector, with their IPs and",
        "  whether each is **ready**.",
        "- **kube-proxy** runs on every node, watches Services and EndpointSlices, and programs the node's",
        "  netfilter rules (iptables by default; IPVS or nftables in other modes):",
        "",
        "```",
        "KUBE-SERVICES  -d 10.96.12.34/32 --dport 443      -j KUBE-SVC-…",
        "KUBE-SVC-…     --probability 0.5000000000         -j KUBE-SEP-… (endpoint 1)",
        "KUBE-SVC-…                                        -j KUBE-SEP-… (endpoint 2)",
        "KUBE-SEP-…     -j DNAT --to-destination 10.244.2.7:8443",
        "```",
        "",
        "kube-proxy only writes rules; it does not carry the traffic. Only ready endpoints get rules.",
      ].join("\n"),
    },
    {
      id: "when-rewrite-happens",
      kind: "flashcard",
      tags: ["kube-proxy", "iptables", "conntrack"],
      front: "When, and where, is the Service IP rewritten to a pod IP?",
      back: [
        "On the **client's node**, before the packet leaves it. The first packet of the connection leaves `foo`",
        "for `10.96.12.34:443`, enters the node's network namespace through the pod's veth and walks the",
        "`nat` table: `PREROUTING` → `KUBE-SERVICES` → `KUBE-SVC-…`, where a random rule picks one endpoint",
        "(each with probability 1/n), and `KUBE-SEP-…` **DNATs** the destination to `podIP:targetPort`.",
        "",
        "**conntrack** records the translation; the rest of the connection's packets are rewritten the same way",
        "without walking the rules again. Traffic from a node process or a hostNetwork pod enters through",
        "`OUTPUT` instead.",
      ].join("\n"),
    },
    {
      id: "choosing-the-node",
      kind: "flashcard",
      tags: ["routing", "cni"],
      front: "After the rewrite, how does the packet reach the node that runs the chosen pod?",
      back: [
        "Each node owns a **pod CIDR** (e.g. `10.244.2.0/24`), so the destination pod IP says which node hosts it.",
        "",
        "- **Same node**: delivered straight to the pod's veth (bridge or per-pod route), no encapsulation.",
        "- **Other node**: the CNI plugin's routing decides: a **VXLAN** overlay (flannel: UDP 8472) wraps the",
        "  packet between node IPs; **host-gw** or **BGP** (Calico) install a route per pod CIDR via the other",
        "  node; on clouds, the **VPC route table** maps each pod CIDR to its node.",
        "",
        "On the destination node it is ordinary pod-IP traffic: kube-proxy does not touch it again, and the",
        "backend sees `foo`'s pod IP as the source (no SNAT for pod-to-pod traffic).",
      ].join("\n"),
    },
    {
      id: "response-path",
      kind: "flashcard",
      tags: ["conntrack", "nat"],
      front: "The backend pod sends its response. Is the request done once it reaches the client's node?",
      back: [
        "Not yet. The reply leaves the backend as `10.244.2.7:8443 → foo`. `foo` sent its request to",
        "`10.96.12.34:443` and would drop a reply from an address it never talked to.",
        "",
        "On the client's node, **conntrack** finds the entry it recorded for the DNAT and applies the reverse",
        "translation: the reply's **source becomes `10.96.12.34:443` again** (and any SNAT is undone). Only",
        "then does `foo`'s socket accept it. That is why replies must come back through the client's node.",
      ].join("\n"),
    },
    {
      id: "capstone-walkthrough",
      kind: "freeform",
      tags: ["capstone"],
      scenario: "seed",
      front:
        'Walk through everything that happens from `http.get("https://bar/")` in pod `foo` (namespace `app`) ' +
        "until `foo` has the response. Name each hop in order.",
      back: [
        "1. The app asks the resolver for `bar`. kubelet wrote `/etc/resolv.conf` with `nameserver 10.96.0.10`,",
        "   the search list `app.svc.cluster.local svc.cluster.local cluster.local` and `ndots:5`.",
        "2. `bar` has fewer than 5 dots, so the first candidate is `bar.app.svc.cluster.local.`: an A and an AAAA",
        "   query go to `10.96.0.10:53`.",
        "3. That address is the kube-dns Service: kube-proxy's rules DNAT the DNS packet to a CoreDNS pod.",
        "4. CoreDNS, which watches Services, answers with the ClusterIP `10.96.12.34` (AAAA: no data). conntrack",
        "   rewrites the reply's source back to `10.96.0.10`, and the resolver hands the IP to the app.",
        "5. The app opens a TCP connection to `10.96.12.34:443`. On foo's node the packet walks the nat table:",
        "   `KUBE-SERVICES` → `KUBE-SVC-…`, which picks one of the two ready endpoints at random (0.5 each).",
        "6. `KUBE-SEP-…` DNATs the destination to the chosen pod, e.g. `10.244.2.7:8443`; conntrack records it.",
        "7. The packet is routed to the node that owns that pod's CIDR (over the CNI's overlay or routes) and",
        "   delivered to the pod, which sees foo's pod IP as the source.",
        "8. The reply goes back to foo's node, where conntrack reverses the DNAT: the source becomes",
        "   `10.96.12.34:443`, and foo receives the response.",
      ].join("\n"),
      rubric: null,
    },
    {
      id: "scenario-dns-names",
      kind: "scenario",
      tags: ["dns", "search-domains", "scenario"],
      template: "dns-names",
      generator: { difficulty: "medium", serviceKinds: [], proxyModes: [], placement: "any", resolvers: [] },
      front: "Which DNS names does the client's resolver query, in order, and what does each one return?",
      back: [
        "The stub resolver builds the candidate list from `/etc/resolv.conf`: a name with fewer dots than",
        "`ndots` is tried with each search domain first, the name as given last; a trailing dot skips the search",
        "list. It stops at the first name that gets an answer. NXDOMAIN moves on to the next candidate.",
      ].join("\n"),
    },
    {
      id: "scenario-full-path",
      kind: "scenario",
      tags: ["capstone", "kube-proxy", "conntrack", "scenario"],
      template: "full-path",
      generator: {
        difficulty: "easy",
        serviceKinds: ["ClusterIP"],
        proxyModes: ["iptables", "ipvs", "nftables"],
        placement: "any",
        resolvers: [],
      },
      front: "Trace the full path of this request, hop by hop, with every address rewrite.",
      back: [
        "DNS first (resolver → kube-dns ClusterIP, DNATed to a CoreDNS pod, reply reverse-translated), then the",
        "connection: kube-proxy's rules pick an endpoint and DNAT to its pod IP, the packet is routed to that",
        "pod's node, and conntrack on the client's node rewrites the reply's source back to the Service address.",
      ].join("\n"),
    },
    {
      id: "external-name-lookups",
      kind: "flashcard",
      tags: ["dns", "search-domains", "ndots"],
      front:
        "From pod `foo` (namespace `app`, the default `ndots:5`), resolving `api.github.com` is slower than " +
        "resolving `bar`. Why, and how can a pod avoid it?",
      back: [
        "`api.github.com` has 2 dots, fewer than `ndots:5`, so the stub resolver tries the search list first:",
        "",
        "1. `api.github.com.app.svc.cluster.local.` → NXDOMAIN",
        "2. `api.github.com.svc.cluster.local.` → NXDOMAIN",
        "3. `api.github.com.cluster.local.` → NXDOMAIN",
        "4. `api.github.com.` → outside the cluster zone, CoreDNS forwards it upstream: answered.",
        "",
        "Each name is an A and an AAAA query: 8 query packets (more when the node adds search domains) before",
        "the address is known, where `bar` was answered by the first name. Ways out: a trailing dot",
        "(`api.github.com.`) is never searched; a lower `ndots` in the pod's `dnsConfig` (with `ndots:2` the",
        "name is tried as is first); CoreDNS's `autopath` (with `pods verified`) answers the first search-list",
        "query with a CNAME to the name that resolves; NodeLocal DNSCache makes each miss cheaper, not fewer.",
      ].join("\n"),
    },
    {
      id: "hosts-before-dns",
      kind: "flashcard",
      tags: ["dns", "etc-hosts"],
      front:
        'Pod `foo` has the `hostAliases` entry `10.0.0.5 legacy-db`. What answers `getaddrinfo("legacy-db")`, ' +
        "and does CoreDNS see a query?",
      back: [
        "No DNS query is sent. kubelet writes the pod's `/etc/hosts` (its own names, then the `hostAliases`",
        "lines), and the C library reads that file before DNS (`hosts: files dns` in nsswitch.conf; musl always",
        "does). `legacy-db` is found there, so `getaddrinfo` returns `10.0.0.5` without asking `10.96.0.10`.",
        "",
        "The file is matched on the name as given: no search list, no `ndots`. A name that is not in it goes",
        "on to DNS as usual, and `legacy-db.` (with a trailing dot) never matches the file.",
      ].join("\n"),
    },
    {
      id: "outside-traffic-local-policy",
      kind: "flashcard",
      tags: ["kube-proxy", "loadbalancer", "nat"],
      front:
        "A client outside the cluster connects to a LoadBalancer Service with `externalTrafficPolicy: Local`. " +
        "What source address does the backend pod see, and what happens on a node with no ready endpoint?",
      back: [
        "The cloud load balancer sends the connection to a node. There, kube-proxy's rules for the load",
        "balancer's IP (or `KUBE-NODEPORTS` for the node port) jump to the Service's `KUBE-EXT-…` chain, which",
        "with `Local` picks only endpoints on that node and does **not** masquerade: the pod sees the client's",
        "own address, and the reply goes back through the same node, where conntrack undoes the DNAT.",
        "",
        'A node with no local endpoint drops the packet (a filter rule commented "has no local endpoints").',
        "The load balancer avoids such nodes by probing the Service's `healthCheckNodePort`: kube-proxy answers",
        "200 only where a local endpoint is ready, 503 elsewhere. With `Cluster` instead, any node forwards,",
        "masquerading the source to its own address, so the client's address is lost.",
      ].join("\n"),
    },
  ],
};
