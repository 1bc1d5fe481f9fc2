import type { NodeSpec, PodSpec } from "../schemas/scenario";
import type { ResolvConf, Scenario } from "./types";

// kubelet limits (pkg/apis/core/validation: MaxDNSNameservers, MaxDNSSearchPaths, MaxDNSSearchListChars since
// v1.28; utilvalidation.DNS1123SubdomainMaxLength for a single search entry).
export const MAX_NAMESERVERS = 3;
export const MAX_SEARCH_PATHS = 32;
export const MAX_SEARCH_LINE_CHARS = 2048;
export const MAX_SEARCH_ENTRY_CHARS = 253;

/** Which kind of config kubelet writes (pkg/kubelet/network/dns/dns.go getPodDNSType). */
export type PodDnsType = "cluster" | "host" | "none";

export function podDnsType(pod: PodSpec): PodDnsType {
  switch (pod.dnsPolicy) {
    case "ClusterFirstWithHostNet":
      return "cluster";
    case "ClusterFirst":
      // dns.go: a hostNetwork pod with ClusterFirst falls back to the node's config ("Default")
      return pod.hostNetwork ? "host" : "cluster";
    case "Default":
      return "host";
    case "None":
      return "none";
  }
}

/** The node's own /etc/resolv.conf as kubelet reads it (--resolv-conf). No options line is modelled. */
export function nodeResolvConf(node: NodeSpec): ResolvConf {
  return { nameservers: node.nameservers, search: node.searchDomains, options: [] };
}

/**
 * The nameserver kubelet hands to cluster-DNS pods. With NodeLocal DNSCache in IPVS mode the cache cannot
 * share the kube-dns ClusterIP (kube-ipvs0 owns it), so kubelet's --cluster-dns points at the cache's
 * link-local address (kubernetes.io "NodeLocal DNSCache"); in iptables/nftables mode it keeps the ClusterIP
 * and the cache intercepts it.
 */
export function clusterNameserver(scenario: Scenario): string {
  if (scenario.dns.nodeLocalDNS !== null && scenario.kubeProxy.mode === "ipvs") return scenario.dns.nodeLocalDNS;
  return scenario.dns.clusterDNS;
}

/**
 * The pod's /etc/resolv.conf (kubelet GetPodDNS, pkg/kubelet/network/dns/dns.go; lib/sim/README.md, "The pod's
 * resolv.conf"): the policy's base config, dnsConfig merged on top, then the kubelet limits.
 */
export function resolvConfFor(scenario: Scenario, pod: PodSpec): ResolvConf {
  const node = scenario.nodes.find((n) => n.name === pod.node);
  const host: ResolvConf = node === undefined ? { nameservers: [], search: [], options: [] } : nodeResolvConf(node);
  let base: ResolvConf;
  switch (podDnsType(pod)) {
    case "host":
      base = host;
      break;
    case "none":
      base = { nameservers: [], search: [], options: [] };
      break;
    case "cluster": {
      const domain = scenario.clusterDomain;
      base = {
        // the node's nameservers are dropped, its search domains kept after the cluster ones
        nameservers: [clusterNameserver(scenario)],
        search: withoutDuplicates([`${pod.namespace}.svc.${domain}`, `svc.${domain}`, domain, ...host.search]),
        // the node's options are replaced, not merged
        options: ["ndots:5"],
      };
      break;
    }
  }
  const config = pod.dnsConfig;
  const merged: ResolvConf =
    config === null
      ? base
      : {
          nameservers: withoutDuplicates([...base.nameservers, ...(config.nameservers ?? [])]),
          search: withoutDuplicates([...base.search, ...(config.searches ?? [])]),
          options: mergeOptions(base.options, config.options ?? []),
        };
  return withinLimits(merged);
}

/** kubelet mergeDNSOptions: options keyed by name, dnsConfig's value wins. */
function mergeOptions(existing: readonly string[], extra: readonly { name: string; value?: string }[]): string[] {
  const values = new Map<string, string>();
  for (const option of existing) {
    const colon = option.indexOf(":");
    if (colon < 0) values.set(option, "");
    else values.set(option.slice(0, colon), option.slice(colon + 1));
  }
  for (const option of extra) values.set(option.name, option.value ?? "");
  return [...values].map(([name, value]) => (value === "" ? name : `${name}:${value}`));
}

/** kubelet formDNSConfigFitsLimits / formDNSSearchFitsLimits. */
function withinLimits(conf: ResolvConf): ResolvConf {
  const nameservers =
    conf.nameservers.length > MAX_NAMESERVERS ? conf.nameservers.slice(0, MAX_NAMESERVERS) : conf.nameservers;
  let search = conf.search.slice(0, MAX_SEARCH_PATHS).filter((entry) => entry.length <= MAX_SEARCH_ENTRY_CHARS);
  let lineLength = search.join(" ").length;
  while (lineLength > MAX_SEARCH_LINE_CHARS && search.length > 0) {
    // entries beyond the length limit are dropped from the end
    lineLength -= (search[search.length - 1]?.length ?? 0) + 1;
    search = search.slice(0, -1);
  }
  if (nameservers === conf.nameservers && search.length === conf.search.length) return conf;
  return { ...conf, nameservers, search };
}

function withoutDuplicates(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** The file the container runtime writes: `search`, `nameserver` lines, `options` (resolv.conf(5)). */
export function renderResolvConf(conf: ResolvConf): string {
  const lines: string[] = [];
  if (conf.search.length > 0) lines.push(`search ${conf.search.join(" ")}`);
  for (const server of conf.nameservers) lines.push(`nameserver ${server}`);
  if (conf.options.length > 0) lines.push(`options ${conf.options.join(" ")}`);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
