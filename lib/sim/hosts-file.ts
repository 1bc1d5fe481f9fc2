/**
 * The pod's /etc/hosts and its lookup (lib/sim/README.md, "/etc/hosts"). kubelet writes the file
 * (pkg/kubelet/kubelet_pods.go managedHostsFileContent, hostsEntriesFromHostAliases): the localhost and IPv6
 * boilerplate, the pod's own address with its FQDN and short hostname, then the hostAliases. A hostNetwork pod
 * gets the node's file with the hostAliases appended. glibc (nss_files, `hosts: files dns`) and musl
 * (lookup_name.c name_from_hosts) both read it before any DNS query; a name that ends with a dot never matches.
 */
import type { PodSpec } from "../schemas/scenario";
import type { Scenario } from "./types";

export interface HostsLine {
  readonly ip: string;
  readonly names: readonly string[];
  /** where kubelet took it from */
  readonly origin: "boilerplate" | "pod" | "hostAliases" | "node";
}

export interface HostsFile {
  readonly lines: readonly HostsLine[];
  /** the short hostname (pod.hostname, else the pod name truncated to 63 characters) */
  readonly hostname: string;
  /** hostname.subdomain.ns.svc.domain when the pod has a subdomain, else null */
  readonly fqdn: string | null;
  /** what `hostname` prints in the pod: the FQDN with setHostnameAsFQDN (and a subdomain), else the short name */
  readonly kernelHostname: string;
}

const BOILERPLATE: readonly HostsLine[] = [
  { ip: "127.0.0.1", names: ["localhost"], origin: "boilerplate" },
  { ip: "::1", names: ["localhost", "ip6-localhost", "ip6-loopback"], origin: "boilerplate" },
  { ip: "fe00::0", names: ["ip6-localnet"], origin: "boilerplate" },
  { ip: "fe00::0", names: ["ip6-mcastprefix"], origin: "boilerplate" },
  { ip: "fe00::1", names: ["ip6-allnodes"], origin: "boilerplate" },
  { ip: "fe00::2", names: ["ip6-allrouters"], origin: "boilerplate" },
];

/** kubelet's FQDN limit with setHostnameAsFQDN (the kernel's HOST_NAME_MAX). */
export const MAX_FQDN_AS_HOSTNAME = 64;

/** kubelet GeneratePodHostNameAndDomain: the hostname, the FQDN when there is a subdomain. */
export function podHostnames(scenario: Scenario, pod: PodSpec): Omit<HostsFile, "lines"> {
  // truncatePodHostnameIfNeeded: at most 63 characters, without a trailing '-' or '.'
  const hostname = (pod.hostname ?? pod.name.slice(0, 63)).replace(/[-.]+$/, "");
  const fqdn =
    pod.subdomain === null ? null : `${hostname}.${pod.subdomain}.${pod.namespace}.svc.${scenario.clusterDomain}`;
  const kernelHostname = pod.setHostnameAsFQDN && fqdn !== null ? fqdn : hostname;
  return { hostname, fqdn, kernelHostname };
}

/** The file kubelet mounts at /etc/hosts in the pod's containers. */
export function hostsFileFor(scenario: Scenario, pod: PodSpec): HostsFile {
  const names = podHostnames(scenario, pod);
  const aliases: HostsLine[] = pod.hostAliases.map((a) => ({ ip: a.ip, names: a.hostnames, origin: "hostAliases" }));
  if (pod.hostNetwork) {
    // the node's own file (modelled as its localhost lines and its name), then the pod's hostAliases
    const node: HostsLine[] = [
      { ip: "127.0.0.1", names: ["localhost"], origin: "node" },
      { ip: "::1", names: ["localhost", "ip6-localhost", "ip6-loopback"], origin: "node" },
    ];
    return { ...names, lines: [...node, ...aliases] };
  }
  const own: HostsLine = {
    ip: pod.ip,
    names: names.fqdn === null ? [names.hostname] : [names.fqdn, names.hostname],
    origin: "pod",
  };
  return { ...names, lines: [...BOILERPLATE, own, ...aliases] };
}

/** The file as kubelet writes it (tab-separated, as managedHostsFileContent does). */
export function renderHostsFile(file: HostsFile): string {
  // the boilerplate is a fixed text with spaces between names; kubelet joins its own entries with tabs
  const line = (l: HostsLine): string =>
    `${l.ip}\t${l.names.join(l.origin === "boilerplate" || l.origin === "node" ? " " : "\t")}\n`;
  const managed = file.lines.filter((l) => l.origin !== "hostAliases").map(line);
  const aliases = file.lines.filter((l) => l.origin === "hostAliases").map(line);
  const head = file.lines.some((l) => l.origin === "node") ? "" : "# Kubernetes-managed hosts file.\n";
  const tail = aliases.length > 0 ? `\n# Entries added by HostAliases.\n${aliases.join("")}` : "";
  return `${head}${managed.join("")}${tail}`;
}

export interface HostsMatch {
  /** every matching line's address in file order, both families, without duplicates (what getaddrinfo sorts) */
  readonly inFileOrder: readonly string[];
  /** IPv4 addresses of every matching line, in file order, without duplicates */
  readonly addresses: readonly string[];
  /** IPv6 addresses that matched too (getaddrinfo with AF_UNSPEC returns them as well) */
  readonly ipv6: readonly string[];
  readonly lines: readonly HostsLine[];
}

/**
 * The lines of /etc/hosts a name matches, or null when none does (then DNS is asked). Both libraries compare the
 * name as given, with no search list and no ndots; a trailing dot matches nothing. glibc compares
 * case-insensitively, musl byte for byte (Kubernetes host aliases and URL hosts are lower-case either way).
 */
export function lookupHosts(file: HostsFile, name: string, flavour: "glibc" | "musl"): HostsMatch | null {
  if (name.endsWith(".")) return null;
  const wanted = flavour === "glibc" ? name.toLowerCase() : name;
  const lines = file.lines.filter((l) => l.names.some((n) => (flavour === "glibc" ? n.toLowerCase() : n) === wanted));
  if (lines.length === 0) return null;
  const v4 = lines.filter((l) => !l.ip.includes(":")).map((l) => l.ip);
  const v6 = lines.filter((l) => l.ip.includes(":")).map((l) => l.ip);
  return {
    inFileOrder: [...new Set(lines.map((l) => l.ip))],
    addresses: [...new Set(v4)],
    ipv6: [...new Set(v6)],
    lines,
  };
}
