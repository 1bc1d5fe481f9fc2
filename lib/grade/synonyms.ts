import { stem } from "./stem";

/**
 * Synonym expansion: surface phrases (compared after stemming) → one canonical key. Canonical keys are what
 * concept patterns are written in. Longest phrase wins. Authors add more per question (lib/schemas/rubric.ts).
 */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  kubernetes: ["k8s", "kubernetes", "kube"],
  service: ["svc", "service", "services", "k8s service", "kubernetes service"],
  clusterip: [
    "clusterip",
    "cluster ip",
    "cluster-ip",
    "cluster ip address",
    "service ip",
    "service ip address",
    "svc ip",
    "service vip",
    "vip",
    "virtual ip",
    "virtual ip address",
    "virtual service ip",
    "virtual address",
    "service address",
    "ip of the service",
    "ip address of the service",
    "service's ip",
    "stable ip",
  ],
  coredns: ["coredns", "core dns", "core-dns", "kube-dns", "kubedns", "kube dns", "cluster dns", "skydns"],
  nameserver: ["nameserver", "name server", "dns server", "dns service"],
  endpointslice: [
    "endpointslice",
    "endpoint slice",
    "endpoint-slice",
    "endpoints object",
    "endpoints resource",
    "endpoints object",
    "endpoint object",
    "endpoint resource",
  ],
  "endpoint-controller": [
    "endpointslice controller",
    "endpoints controller",
    "endpoint controller",
    "endpoint slice controller",
  ],
  iptables: ["iptables", "ip tables", "ip-tables", "iptable", "ip table", "netfilter", "xtables", "nat table"],
  nftables: ["nftables", "nft"],
  ipvs: ["ipvs", "ip virtual server", "ipvsadm"],
  conntrack: [
    "conntrack",
    "connection tracking",
    "connection tracker",
    "conn track",
    "nf_conntrack",
    "conntrack table",
    "connection tracking table",
    "contrack",
  ],
  dnat: ["dnat", "dnats", "dnat'd", "dnated", "destination nat", "destination network address translation", "dst nat"],
  snat: [
    "snat",
    "source nat",
    "masquerade",
    "masquerading",
    "masqueraded",
    "masq",
    "source network address translation",
  ],
  nat: ["nat", "network address translation", "nated", "nat'd"],
  "resolv.conf": ["resolv.conf", "etc/resolv.conf", "resolvconf", "resolve.conf", "resolv conf", "resolver config"],
  "kube-proxy": ["kube-proxy", "kubeproxy", "kube proxy"],
  "load-balance": [
    "load balance",
    "load-balance",
    "loadbalance",
    "load balancing",
    "load-balancing",
    "load balancer",
    "load-balancer",
    "lb",
  ],
  "cloud-load-balancer": [
    "cloud load balancer",
    "cloud load-balancer",
    "cloud lb",
    "cloud provider load balancer",
    "cloud provider's load balancer",
    "external load balancer",
    "aws load balancer",
    "elb",
    "alb",
    "nlb",
  ],
  "round-robin": ["round robin", "round-robin", "roundrobin", "rr"],
  "pod-ip": [
    "pod ip",
    "pod ip address",
    "pod address",
    "ip of the pod",
    "ip of a pod",
    "ip of one of the pod",
    "ip address of the pod",
    "pod's ip",
    "backend ip",
    "backend pod ip",
    "endpoint ip",
    "real ip of the pod",
    "container ip",
  ],
  "search-domain": ["search domain", "search list", "search path", "search suffix", "searchdomain", "search"],
  "a-record": ["a record", "a-record", "a rr", "aaaa record", "a/aaaa record", "a and aaaa record"],
  "icmp-unreachable": [
    "icmp port unreachable",
    "icmp unreachable",
    "port unreachable",
    "icmp-port-unreachable",
    "destination unreachable",
  ],
  "connection-refused": ["connection refused", "econnrefused", "conn refused", "connection is refused", "refused"],
  "node-local-dns": [
    "nodelocal dns",
    "nodelocaldns",
    "node local dns",
    "node-local dns",
    "nodelocal dnscache",
    "node local dns cache",
    "node-local dns cache",
    "local dns cache",
    "dns cache on the node",
  ],
  "user-space": ["userspace", "user space", "user-space", "user mode"],
  "api-server": ["api server", "apiserver", "kube-apiserver", "kubernetes api", "api"],
  headless: ["headless", "headless service", "clusterip none", "clusterip: none"],
  "same-node": ["same node", "same host", "local node"],
  "cross-node": ["other node", "another node", "different node", "remote node", "cross node", "cross-node"],
  reply: ["reply", "response", "respond", "answer back", "return traffic", "return packet", "returning packet"],
};

interface SynonymEntry {
  readonly stems: readonly string[];
  readonly key: string;
}

export class SynonymTable {
  private readonly byFirst = new Map<string, SynonymEntry[]>();
  readonly surfaceWords = new Set<string>();

  constructor(groups: Readonly<Record<string, readonly string[]>>) {
    for (const [key, phrases] of Object.entries(groups)) {
      for (const phrase of phrases) this.add(phrase, key);
    }
  }

  add(phrase: string, key: string): void {
    const words = phraseWords(phrase);
    const first = words[0];
    if (first === undefined) return;
    for (const word of words) this.surfaceWords.add(word);
    const stems = words.map(stem);
    const list = this.byFirst.get(stems[0] ?? first) ?? [];
    if (list.some((e) => e.key === key && e.stems.join(" ") === stems.join(" "))) return;
    list.push({ stems, key });
    list.sort((a, b) => b.stems.length - a.stems.length);
    this.byFirst.set(stems[0] ?? first, list);
  }

  /** The longest synonym phrase starting at `index` of `stems`: its key and length, or null. */
  longestAt(stems: readonly string[], index: number, canJoin: (from: number, to: number) => boolean) {
    const first = stems[index];
    if (first === undefined) return null;
    for (const entry of this.byFirst.get(first) ?? []) {
      const n = entry.stems.length;
      if (index + n > stems.length || !canJoin(index, index + n - 1)) continue;
      let same = true;
      for (let k = 1; k < n; k++) {
        if (stems[index + k] !== entry.stems[k]) {
          same = false;
          break;
        }
      }
      if (same) return { key: entry.key, length: n };
    }
    return null;
  }
}

/** The words of a synonym phrase, split the way the tokeniser would split answer text. */
export function phraseWords(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .normalize("NFKC")
    .replace(/['’]s\b/g, "")
    .split(/\s+/)
    .filter((w) => w.length > 0);
}
