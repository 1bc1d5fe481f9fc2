import { z } from "zod";

/**
 * Scenario input (the `--scenario` file of lib/cli/README.md). Field names are binding; every field not marked
 * required has the default shown there. Semantic checks (unknown node, IP outside a CIDR, …) live in
 * lib/sim/validate.ts: this schema checks shapes only.
 */

const ipv4 = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/, "must be an IPv4 address");
const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/, "must be an IPv4 CIDR such as 10.244.0.0/16");
// RFC 1123 label / subdomain, as Kubernetes object names
const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS label (lower-case letters, digits, '-')");
const objectName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a lower-case DNS subdomain name");
// IPv6 text (or a block) of a dual-stack scenario: the shape only; lib/sim/validate.ts checks the address and
// that it is written canonically, with the field's path
const ipv6 = z
  .string()
  .max(64)
  .regex(/^[0-9a-f:]*:[0-9a-f:]*$/, "must be an IPv6 address in lower case");
const anyIP = z.union([ipv4, ipv6]);
const anyCidr = z
  .string()
  .max(68)
  .regex(/^[0-9a-f:.]+\/\d{1,3}$/, "must be an IPv4 or IPv6 CIDR");
const ipFamily = z.enum(["IPv4", "IPv6"]);
const labels = z.record(z.string().max(317), z.string().max(63));

export const dnsOptionSchema = z.object({ name: z.string().min(1).max(64), value: z.string().max(64).optional() });

export const dnsConfigSchema = z.object({
  nameservers: z.array(ipv4).max(32).optional(),
  searches: z.array(z.string().max(300)).max(64).optional(),
  options: z.array(dnsOptionSchema).max(32).optional(),
});

export const nodeSchema = z.object({
  name: objectName,
  ip: ipv4,
  podCIDR: cidr,
  /**
   * spec.podCIDRs: podCIDR first, then (dual-stack) the node's IPv6 pod CIDR; [] means just [podCIDR]. The
   * normalised scenario always lists them.
   */
  podCIDRs: z.array(anyCidr).max(2).default([]),
  /** node labels; kube-proxy reads topology.kubernetes.io/zone for topology-aware routing */
  labels: labels.default({}),
  /** the node's own resolv.conf search domains (e.g. us-east-2.compute.internal) */
  searchDomains: z.array(z.string().max(253)).max(32).default([]),
  /** the node's upstream nameservers (used by dnsPolicy Default and by CoreDNS's forward plugin) */
  nameservers: z.array(ipv4).max(8).default(["169.254.169.253"]),
});

export const podSchema = z.object({
  namespace: dnsLabel,
  name: objectName,
  node: objectName,
  ip: ipv4,
  /**
   * status.podIPs: ip first, then (dual-stack) the pod's IPv6 address; [] means just [ip]. The normalised
   * scenario always lists them.
   */
  podIPs: z.array(anyIP).max(2).default([]),
  labels: labels.default({}),
  ready: z.boolean().default(true),
  terminating: z.boolean().default(false),
  hostNetwork: z.boolean().default(false),
  dnsPolicy: z.enum(["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]).default("ClusterFirst"),
  dnsConfig: dnsConfigSchema.nullable().default(null),
  resolver: z.enum(["glibc", "musl"]).default("glibc"),
  hostname: dnsLabel.nullable().default(null),
  subdomain: dnsLabel.nullable().default(null),
  /**
   * extra /etc/hosts lines kubelet appends (spec.hostAliases); consulted before DNS (nsswitch `hosts: files dns`).
   * An IPv4 or IPv6 address, as the API's ValidateHostAliases (IsValidIP) accepts.
   */
  hostAliases: z
    .array(z.object({ ip: anyIP, hostnames: z.array(objectName).min(1).max(64) }))
    .max(64)
    .default([]),
  /** the containers' ports (spec.containers[].ports): a Service's named targetPort is looked up here, per pod */
  containerPorts: z
    .array(
      z.object({
        name: z
          .string()
          .max(15)
          .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/, "must be an IANA service name (lower-case letters, digits, '-')")
          .default(""),
        containerPort: z.number().int().min(1).max(65535),
        protocol: z.enum(["TCP", "UDP", "SCTP"]).default("TCP"),
      }),
    )
    .max(64)
    .default([]),
  /** the kernel hostname is the pod's FQDN (hostname.subdomain.ns.svc.domain) instead of its short name */
  setHostnameAsFQDN: z.boolean().default(false),
});

export const servicePortSchema = z.object({
  name: z.string().max(63).default(""),
  port: z.number().int().min(1).max(65535),
  /** a number, or the name of a container port (spec.containers[].ports[].name), resolved per endpoint pod */
  targetPort: z.union([z.number().int().min(1).max(65535), z.string().min(1).max(15)]).optional(),
  protocol: z.enum(["TCP", "UDP", "SCTP"]).default("TCP"),
  nodePort: z.number().int().min(1).max(65535).nullable().default(null),
});

export const serviceSchema = z.object({
  namespace: dnsLabel,
  name: dnsLabel,
  type: z.enum(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]).default("ClusterIP"),
  /** "None" for headless; null only for ExternalName (or to have one allocated); = clusterIPs[0] */
  clusterIP: z
    .union([anyIP, z.literal("None")])
    .nullable()
    .default(null),
  /**
   * spec.clusterIPs: one address per family, in the order of ipFamilies (["None"] for headless); [] to have
   * them allocated. With spec.ipFamilies and spec.ipFamilyPolicy (null: SingleStack, or RequireDualStack when
   * two addresses or families are given), as the API server defaults them; the normalised scenario fills all three.
   */
  clusterIPs: z
    .array(z.union([anyIP, z.literal("None")]))
    .max(8)
    .default([]),
  ipFamilies: z.array(ipFamily).max(8).default([]),
  ipFamilyPolicy: z.enum(["SingleStack", "PreferDualStack", "RequireDualStack"]).nullable().default(null),
  selector: labels.nullable().default(null),
  ports: z.array(servicePortSchema).max(100).default([]),
  externalName: z.string().max(253).nullable().default(null),
  sessionAffinity: z.enum(["None", "ClientIP"]).default("None"),
  sessionAffinityTimeoutSeconds: z.number().int().min(1).max(86400).default(10800),
  internalTrafficPolicy: z.enum(["Cluster", "Local"]).default("Cluster"),
  externalTrafficPolicy: z.enum(["Cluster", "Local"]).default("Cluster"),
  publishNotReadyAddresses: z.boolean().default(false),
  /** addresses routed to the nodes from outside; kube-proxy captures Service traffic to them (KUBE-EXT) */
  externalIPs: z.array(ipv4).max(16).default([]),
  /** LoadBalancer only: client CIDRs the load balancer IP accepts (kube-proxy's KUBE-FW chain); [] = all */
  loadBalancerSourceRanges: z.array(cidr).max(32).default([]),
  /**
   * spec.trafficDistribution: with PreferClose (PreferSameZone since 1.33) the EndpointSlice controller hints
   * each endpoint for its own node's zone, and kube-proxy prefers the endpoints hinted for its node's zone
   */
  trafficDistribution: z.enum(["PreferClose", "PreferSameZone"]).nullable().default(null),
  /** LoadBalancer with externalTrafficPolicy Local: the port kube-proxy's health check server answers on */
  healthCheckNodePort: z.number().int().min(1).max(65535).nullable().default(null),
  /** what the cloud controller wrote back: the load balancer's ingress addresses */
  status: z
    .object({
      loadBalancer: z
        .object({
          ingress: z
            .array(
              z.object({
                ip: ipv4,
                /**
                 * VIP (default): packets reach a node with the ingress IP as destination and kube-proxy captures it;
                 * Proxy: the load balancer proxies to nodeIP:nodePort itself (KEP-1860, Kubernetes 1.30)
                 */
                ipMode: z.enum(["VIP", "Proxy"]).default("VIP"),
              }),
            )
            .max(8)
            .default([]),
        })
        .prefault({}),
    })
    .prefault({}),
});

// an absolute or relative domain name in lower case (a trailing dot is allowed and ignored)
const domainName = z
  .string()
  .max(254)
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?\.?$/,
    "must be a lower-case domain name such as example.corp",
  );

// a rewrite rule's name: a domain name, or (suffix rules) a label boundary written with a leading dot
const rewriteName = z
  .string()
  .max(254)
  .regex(
    /^\.?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?\.?$/,
    "must be a lower-case domain name such as db.corp (a suffix may start with a dot: .svc.corp.)",
  );

/** CoreDNS's Corefile for the `.:53` server block, and the stub domains' own server blocks. */
export const corefileSchema = z.object({
  /** `forward . ADDR…` upstreams for names outside the cluster zone; [] = the node's nameservers (/etc/resolv.conf) */
  forward: z.array(ipv4).max(15).default([]),
  /** extra server blocks `DOMAIN:53 { forward . ADDR… }` (kube-dns stubDomains): names under DOMAIN go there */
  stubDomains: z.record(domainName, z.array(ipv4).min(1).max(15)).default({}),
  /** `rewrite name exact FROM TO` / `rewrite name suffix FROM TO` in order; the first rule that matches applies */
  rewrite: z
    .array(z.object({ match: z.enum(["exact", "suffix"]), from: rewriteName, to: rewriteName }))
    .max(32)
    .default([]),
  /** `cache` caps: the longest TTL (seconds) of a positive answer and of a denial (NXDOMAIN / NODATA) */
  cache: z
    .object({
      success: z.number().int().min(0).max(3600).default(30),
      denial: z.number().int().min(0).max(3600).default(30),
    })
    .prefault({}),
  /** `autopath @kubernetes`: CoreDNS walks a verified pod's search path itself (needs `pods verified`) */
  autopath: z.boolean().default(false),
});

export const scenarioSchema = z.object({
  clusterDomain: z.string().max(253).default("cluster.local"),
  clusterCIDR: cidr.default("10.244.0.0/16"),
  serviceCIDR: cidr.default("10.96.0.0/12"),
  /**
   * Dual-stack: the cluster's ranges per family, clusterCIDR / serviceCIDR first and then the IPv6 range
   * (kube-controller-manager --cluster-cidr, kube-apiserver --service-cluster-ip-range); [] means IPv4 only.
   * IPv4 is the primary family. The normalised scenario always lists them.
   */
  clusterCIDRs: z.array(anyCidr).max(2).default([]),
  serviceCIDRs: z.array(anyCidr).max(2).default([]),
  kubeProxy: z.object({ mode: z.enum(["iptables", "ipvs", "nftables"]).default("iptables") }).prefault({}),
  dns: z
    .object({
      clusterDNS: ipv4.default("10.96.0.10"),
      nodeLocalDNS: ipv4.nullable().default(null),
      coredns: z
        .object({
          pods: z.enum(["disabled", "insecure", "verified"]).default("insecure"),
          ttl: z.number().int().min(0).max(3600).default(30),
          ignoreEmptyService: z.boolean().default(false),
          /** false models CoreDNS before its first sync with the API server (SERVFAIL for cluster names) */
          synced: z.boolean().default(true),
          /**
           * The Corefile's plugins beyond kubeadm's (lib/sim/README.md, "The Corefile"). Absent: kubeadm's
           * Corefile (`forward . /etc/resolv.conf`, `cache 30`, no rewrite, no autopath) and traces as before; no
           * default is filled in, so a stored scenario's normalised shape keeps its identity.
           */
          corefile: corefileSchema.optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  cni: z.object({ mode: z.enum(["vxlan", "host-gw", "bgp", "cloud-routes"]).default("vxlan") }).prefault({}),
  nodes: z.array(nodeSchema).min(1, "a scenario needs at least one node").max(5000),
  namespaces: z.array(dnsLabel).max(10000).default(["default", "kube-system", "app"]),
  pods: z.array(podSchema).max(100000),
  services: z.array(serviceSchema).max(20000),
  /**
   * Upstream answers per name outside the cluster zone, overriding the default public internet (names under a
   * delegated TLD exist with a stable address, others do not): a list of A addresses, [] for a name with no
   * A record (NODATA), null for a name that does not exist (NXDOMAIN).
   */
  externalDNS: z.record(z.string().max(253), z.array(ipv4).nullable()).default({}),
  request: z.object({
    /** NAMESPACE/POD, node/NODE (a process on the node) or external/IP (a client outside the cluster) */
    from: z.string().regex(/^[a-z0-9-]+\/[a-z0-9.:-]+$/, "must be NAMESPACE/POD, node/NODE or external/IP"),
    url: z.string().min(1).max(2048),
    /**
     * the application calls getaddrinfo with AI_ADDRCONFIG: a client without an IPv6 address (besides
     * loopback) then sends no AAAA query. No default is filled in: a request's normalised shape stays
     * { from, url } unless it asks for this, so the questions stored with a request keep their identity.
     */
    addrconfig: z.boolean().optional(),
  }),
});

/** What a scenario file may contain (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A shape-valid scenario with schema defaults filled in (before kube-dns/CoreDNS defaults are added). */
export type ScenarioShape = z.output<typeof scenarioSchema>;
export type NodeSpec = z.output<typeof nodeSchema>;
export type PodSpec = z.output<typeof podSchema>;
export type ServiceSpec = z.output<typeof serviceSchema>;
export type ServicePortSpec = z.output<typeof servicePortSchema>;
export type DnsConfigSpec = z.output<typeof dnsConfigSchema>;
export type CorefileSpec = z.output<typeof corefileSchema>;
