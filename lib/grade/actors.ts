/**
 * Who does what: the components an answer can name as the one doing a step (the actor of a claim), keyed by
 * the canonical token keys of lib/grade/synonyms.ts (or a word's stem). The client and backend are named by
 * the scenario (its client pod, its Service and backend pods), so the grader adds those per trace.
 */
export const ACTOR_IDS = [
  "app",
  "resolver",
  "kubelet",
  "coredns",
  "kube-proxy",
  "rules",
  "conntrack",
  "network",
  "backend",
  "api-server",
  "endpoint-controller",
  "cloud-load-balancer",
] as const;
export type ActorId = (typeof ACTOR_IDS)[number];

/** How each actor is named in a correction ("the pod's stub resolver, not CoreDNS"). */
export const ACTOR_NAMES: Readonly<Record<ActorId, string>> = {
  app: "the client application",
  resolver: "the pod's stub resolver (libc)",
  kubelet: "kubelet",
  coredns: "CoreDNS",
  "kube-proxy": "kube-proxy",
  rules: "the node's kernel rules (iptables/IPVS/nftables that kube-proxy programmed)",
  conntrack: "conntrack on the client's node",
  network: "the pod network (CNI routes or overlay)",
  backend: "the backend pod",
  "api-server": "the API server",
  "endpoint-controller": "the EndpointSlice controller",
  "cloud-load-balancer": "a cloud load balancer",
};

/** Canonical keys / stems → actor. Scenario names (client pod, Service, backend pods) are added per trace. */
export const ACTOR_WORDS: Readonly<Record<string, ActorId>> = {
  application: "app",
  app: "app",
  client: "app",
  caller: "app",
  curl: "app",
  browser: "app",
  program: "app",
  resolver: "resolver",
  libc: "resolver",
  glibc: "resolver",
  musl: "resolver",
  getaddrinfo: "resolver",
  "stub-resolver": "resolver",
  kubelet: "kubelet",
  coredns: "coredns",
  nameserver: "coredns",
  dns: "coredns",
  "kube-proxy": "kube-proxy",
  iptables: "rules",
  ipvs: "rules",
  nftables: "rules",
  kernel: "rules",
  rule: "rules",
  chain: "rules",
  "kube-services": "rules",
  "kube-svc": "rules",
  "kube-sep": "rules",
  conntrack: "conntrack",
  cni: "network",
  flannel: "network",
  calico: "network",
  cilium: "network",
  weave: "network",
  vxlan: "network",
  overlay: "network",
  bridge: "network",
  network: "network",
  router: "network",
  backend: "backend",
  server: "backend",
  "api-server": "api-server",
  "endpoint-controller": "endpoint-controller",
  "cloud-load-balancer": "cloud-load-balancer",
};
