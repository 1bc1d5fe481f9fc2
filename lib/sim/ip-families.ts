import type { NodeSpec, PodSpec, ServiceSpec } from "../schemas/scenario";
import {
  addressInCidr,
  addressInCidr6,
  cidr6Contains,
  cidr6Within,
  cidrContains,
  cidrs6Overlap,
  ipFamilyOf,
  isCanonicalIPv6,
  parseCidr6,
  type Cidr,
  type Cidr6,
  type IpFamily,
} from "./cidr";
import type { Scenario } from "./types";

/**
 * Dual-stack (lib/sim/README.md, "Dual-stack and IPv6"): the cluster's ranges per family, and the API server's
 * rules for a Service's ipFamilies, ipFamilyPolicy and clusterIPs (kubernetes pkg/apis/core/validation
 * ValidateServiceClusterIPsRelatedFields, and the defaulting of pkg/registry/core/service/storage alloc.go
 * initIPFamilyFields). IPv4 is always the primary family: clusterCIDR and serviceCIDR are IPv4.
 */

export type IpFamilyPolicy = "SingleStack" | "PreferDualStack" | "RequireDualStack";

type Add = (path: string, message: string) => void;

export interface ClusterFamilies {
  /** the families Services can have addresses in, primary first */
  readonly serviceFamilies: readonly IpFamily[];
  readonly serviceCidr6: Cidr6 | null;
  readonly clusterCidr6: Cidr6 | null;
}

const otherFamily = (family: IpFamily): IpFamily => (family === "IPv4" ? "IPv6" : "IPv4");

/** The cluster's IPv6 ranges, null where the scenario is IPv4-only (or the range is invalid). */
export function clusterFamilies(s: Pick<Scenario, "clusterCIDRs" | "serviceCIDRs">): ClusterFamilies {
  const serviceCidr6 = s.serviceCIDRs.length === 2 ? parseCidr6(s.serviceCIDRs[1] ?? "") : null;
  const clusterCidr6 = s.clusterCIDRs.length === 2 ? parseCidr6(s.clusterCIDRs[1] ?? "") : null;
  return { serviceFamilies: serviceCidr6 === null ? ["IPv4"] : ["IPv4", "IPv6"], serviceCidr6, clusterCidr6 };
}

/** The address of one family among a pod's addresses, null when it has none (an IPv4 pod has no IPv6 one). */
export function podIPOfFamily(pod: Pick<PodSpec, "ip" | "podIPs">, family: IpFamily): string | null {
  const ips = pod.podIPs.length > 0 ? pod.podIPs : [pod.ip];
  return ips.find((ip) => ipFamilyOf(ip) === family) ?? null;
}

/** The address of one family among a Service's ClusterIPs, null when it has none (or is headless). */
export function clusterIPOfFamily(svc: Pick<ServiceSpec, "clusterIP" | "clusterIPs">, family: IpFamily): string | null {
  const ips = svc.clusterIPs.length > 0 ? svc.clusterIPs : svc.clusterIP === null ? [] : [svc.clusterIP];
  return ips.find((ip) => ip !== "None" && ipFamilyOf(ip) === family) ?? null;
}

/** A second range of a dual-stack list must be IPv6, canonical, and the first must repeat the single field. */
function rangeListErrors(
  list: readonly string[],
  field: string,
  primary: string,
  single: string,
  add: Add,
): Cidr6 | null {
  if (list.length === 0) return null;
  if (list[0] !== primary) add(`${field}.0`, `first value must match \`${single}\` (${primary})`);
  if (list.length < 2) return null;
  const text = list[1] ?? "";
  const block = parseCidr6(text);
  if (block === null) {
    add(`${field}.1`, `must be an IPv6 CIDR such as fd00:10:244::/56 (IPv4 is the primary family, ${single})`);
    return null;
  }
  if (!isCanonicalIPv6(text.slice(0, text.indexOf("/")))) add(`${field}.1`, "must be written in canonical form");
  return block;
}

/** clusterCIDRs, serviceCIDRs, the nodes' podCIDRs and the pods' podIPs. */
export function dualStackNetworkErrors(s: Scenario, add: Add): void {
  const clusterCidr6 = rangeListErrors(s.clusterCIDRs, "clusterCIDRs", s.clusterCIDR, "clusterCIDR", add);
  const serviceCidr6 = rangeListErrors(s.serviceCIDRs, "serviceCIDRs", s.serviceCIDR, "serviceCIDR", add);
  if (clusterCidr6 !== null && serviceCidr6 !== null && cidrs6Overlap(clusterCidr6, serviceCidr6)) {
    add("serviceCIDRs.1", `must not overlap clusterCIDRs.1 ${s.clusterCIDRs[1]}`);
  }

  const nodeBlocks = new Map<string, Cidr6>();
  s.nodes.forEach((node, i) => {
    if (node.podCIDRs.length === 0) return;
    if (node.podCIDRs[0] !== node.podCIDR) add(`nodes.${i}.podCIDRs.0`, "first value must match `podCIDR`");
    if (node.podCIDRs.length < 2) return;
    const text = node.podCIDRs[1] ?? "";
    const block = parseCidr6(text);
    if (block === null) {
      add(`nodes.${i}.podCIDRs.1`, "must be an IPv6 CIDR such as fd00:10:244:1::/64");
      return;
    }
    if (clusterCidr6 === null) {
      add(`nodes.${i}.podCIDRs.1`, "the cluster has no IPv6 pod range (clusterCIDRs lists IPv4 only)");
    } else if (!cidr6Within(block, clusterCidr6)) {
      add(`nodes.${i}.podCIDRs.1`, `${text} is not inside clusterCIDRs.1 ${s.clusterCIDRs[1]}`);
    }
    for (const [other, otherBlock] of nodeBlocks) {
      if (cidrs6Overlap(block, otherBlock))
        add(`nodes.${i}.podCIDRs.1`, `${text} overlaps the IPv6 pod CIDR of node ${other}`);
    }
    if (!nodeBlocks.has(node.name)) nodeBlocks.set(node.name, block);
  });

  const nodesByName = new Map<string, NodeSpec>();
  for (const node of s.nodes) if (!nodesByName.has(node.name)) nodesByName.set(node.name, node);
  const owners = new Map<string, string>();
  s.pods.forEach((pod, i) => {
    if (pod.podIPs.length === 0) return;
    if (pod.podIPs[0] !== pod.ip) add(`pods.${i}.podIPs.0`, "first value must match `ip` (status.podIP)");
    if (pod.podIPs.length < 2) return;
    const ip = pod.podIPs[1] ?? "";
    if (ipFamilyOf(ip) !== "IPv6") {
      add(`pods.${i}.podIPs.1`, "must be an IPv6 address: a pod has at most one address per family");
      return;
    }
    if (!isCanonicalIPv6(ip)) {
      add(`pods.${i}.podIPs.1`, "must be written in canonical form (RFC 5952)");
      return;
    }
    if (pod.hostNetwork) {
      add(`pods.${i}.podIPs.1`, "a hostNetwork pod has its node's addresses, and nodes have an IPv4 address only");
      return;
    }
    const block = nodeBlocks.get(pod.node);
    if (block === undefined) {
      if (nodesByName.has(pod.node)) add(`pods.${i}.podIPs.1`, `node ${pod.node} has no IPv6 pod CIDR (podCIDRs)`);
    } else if (!cidr6Contains(block, ip)) {
      add(
        `pods.${i}.podIPs.1`,
        `${ip} is outside the IPv6 pod CIDR ${nodesByName.get(pod.node)?.podCIDRs[1]} of node ${pod.node}`,
      );
    }
    const owner = owners.get(ip);
    if (owner !== undefined) add(`pods.${i}.podIPs.1`, `IP ${ip} is already used by ${owner}`);
    else owners.set(ip, `pod ${pod.namespace}/${pod.name}`);
  });
}

/** A Service's given addresses with clusterIP and clusterIPs in step (the API's create strategy syncs them). */
export function givenClusterIPs(svc: ServiceSpec): readonly string[] {
  if (svc.clusterIPs.length > 0) return svc.clusterIPs;
  return svc.clusterIP === null ? [] : [svc.clusterIP];
}

/** The path of the i-th given address: clusterIP when that field gave it, else clusterIPs.i. */
export function clusterIPPath(svc: ServiceSpec, i: number, index: number): string {
  return index === 0 && svc.clusterIP !== null ? `services.${i}.clusterIP` : `services.${i}.clusterIPs.${index}`;
}

/**
 * ValidateServiceClusterIPsRelatedFields, then the allocator's checks against the cluster (RequireDualStack on a
 * single-stack cluster, a family the cluster lacks). Address ranges and uniqueness are checked by the caller.
 * Returns whether the fields are consistent enough to default.
 */
export function serviceFamilyErrors(svc: ServiceSpec, i: number, cluster: ClusterFamilies, add: Add): boolean {
  const at = `services.${i}`;
  let ok = true;
  const bad = (path: string, message: string): void => {
    ok = false;
    add(path, message);
  };
  if (svc.type === "ExternalName") {
    if (svc.clusterIPs.length > 0) bad(`${at}.clusterIPs`, "must be empty for ExternalName services");
    if (svc.ipFamilies.length > 0) bad(`${at}.ipFamilies`, "must be empty for ExternalName services");
    if (svc.ipFamilyPolicy !== null) bad(`${at}.ipFamilyPolicy`, "must be empty for ExternalName services");
    return ok;
  }
  if (svc.clusterIP !== null && svc.clusterIPs.length > 0 && svc.clusterIPs[0] !== svc.clusterIP) {
    bad(`${at}.clusterIPs`, "first value must match `clusterIP`");
  }
  const seen = new Set<IpFamily>();
  svc.ipFamilies.forEach((family, j) => {
    if (seen.has(family)) bad(`${at}.ipFamilies.${j}`, `Duplicate value: "${family}"`);
    seen.add(family);
  });
  if (svc.ipFamilies.length > 2) bad(`${at}.ipFamilies`, "may only hold up to 2 values");

  const ips = givenClusterIPs(svc);
  let invalidIPs = false;
  ips.forEach((ip, j) => {
    if (ip === "None") {
      if (j !== 0 || ips.length > 1) {
        invalidIPs = true;
        bad(`${at}.clusterIPs`, "'None' must be the first and only value");
      }
      return;
    }
    const family = ipFamilyOf(ip);
    if (family === null) {
      invalidIPs = true;
      bad(clusterIPPath(svc, i, j), "must be a valid IP address");
    } else if (family === "IPv6" && !isCanonicalIPv6(ip)) {
      invalidIPs = true;
      bad(clusterIPPath(svc, i, j), "must be written in canonical form (RFC 5952)");
    }
  });
  if (ips.length > 2) bad(`${at}.clusterIPs`, "may only hold up to 2 values");
  if (invalidIPs) return false;
  if (ips.length === 2 && ipFamilyOf(ips[0] ?? "") === ipFamilyOf(ips[1] ?? "")) {
    bad(`${at}.clusterIPs`, "may specify no more than one IP for each IP family");
  }
  if (!ips.includes("None")) {
    ips.forEach((ip, j) => {
      const expected = svc.ipFamilies[j];
      if (expected !== undefined && ipFamilyOf(ip) !== expected) {
        bad(clusterIPPath(svc, i, j), `expected an ${expected} value as indicated by \`ipFamilies[${j}]\``);
      }
    });
  }
  if (svc.ipFamilyPolicy === "SingleStack") {
    if (ips.length > 1) {
      bad(
        `${at}.ipFamilyPolicy`,
        "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP addresses are specified",
      );
    }
    if (svc.ipFamilies.length > 1) {
      bad(
        `${at}.ipFamilyPolicy`,
        "must be 'RequireDualStack' or 'PreferDualStack' when multiple 'ipFamilies' are specified",
      );
    }
  }
  if (!ok || isHeadlessWithoutSelector(svc)) return ok;

  // the allocator, against what the cluster is configured for
  if (defaultPolicy(svc) === "RequireDualStack" && cluster.serviceFamilies.length < 2) {
    bad(
      `${at}.ipFamilyPolicy`,
      "this cluster is not configured for dual-stack services (serviceCIDRs lists IPv4 only)",
    );
  }
  svc.ipFamilies.forEach((family, j) => {
    if (!cluster.serviceFamilies.includes(family))
      bad(`${at}.ipFamilies.${j}`, `${family} is not configured on this cluster`);
  });
  ips.forEach((ip, j) => {
    const family = ipFamilyOf(ip);
    if (family !== null && !cluster.serviceFamilies.includes(family)) {
      bad(clusterIPPath(svc, i, j), `${family} is not configured on this cluster (serviceCIDRs)`);
    }
  });
  return ok;
}

function isHeadlessWithoutSelector(svc: ServiceSpec): boolean {
  return svc.clusterIP === "None" || svc.clusterIPs[0] === "None"
    ? svc.selector === null || Object.keys(svc.selector).length === 0
    : false;
}

/** alloc.go: no policy given means RequireDualStack when two addresses or two families are, else SingleStack. */
function defaultPolicy(svc: ServiceSpec): IpFamilyPolicy {
  if (svc.ipFamilyPolicy !== null) return svc.ipFamilyPolicy;
  return givenClusterIPs(svc).length === 2 || svc.ipFamilies.length === 2 ? "RequireDualStack" : "SingleStack";
}

/** The Service's families after defaulting (alloc.go initIPFamilyFields); only for a Service that validated. */
export function defaultedFamilies(
  svc: ServiceSpec,
  cluster: ClusterFamilies,
): { policy: IpFamilyPolicy; families: IpFamily[] } {
  const policy = defaultPolicy(svc);
  const families = [...svc.ipFamilies];
  givenClusterIPs(svc).forEach((ip, j) => {
    const family = ipFamilyOf(ip);
    if (family !== null && j >= families.length) families.push(family);
  });
  const primary = cluster.serviceFamilies[0] ?? "IPv4";
  if (families.length === 0) families.push(primary);
  const first = families[0] ?? primary;
  if (policy !== "SingleStack" && families.length === 1) {
    // headless without a selector may be dual-stack on any cluster; everything else needs both service ranges
    if (isHeadlessWithoutSelector(svc) || cluster.serviceFamilies.length === 2) families.push(otherFamily(first));
  }
  return { policy, families };
}

/**
 * Fills every Service's ipFamilyPolicy, ipFamilies and clusterIPs (and clusterIP = clusterIPs[0]), allocating the
 * first free address of each family the Service needs and has none of (the real allocator picks at random; a
 * fixed choice keeps scenarios reproducible). Returns null when a range is exhausted.
 */
export function allocateClusterIPs(
  services: readonly ServiceSpec[],
  serviceCidr: Cidr,
  cluster: ClusterFamilies,
): ServiceSpec[] | null {
  const used = new Set<string>();
  for (const svc of services) for (const ip of givenClusterIPs(svc)) used.add(ip);
  const offsets: Record<IpFamily, number> = { IPv4: 1, IPv6: 1 };
  const next = (family: IpFamily): string | null => {
    const pick = (offset: number): string | null =>
      family === "IPv4"
        ? addressInCidr(serviceCidr, offset)
        : cluster.serviceCidr6 === null
          ? null
          : addressInCidr6(cluster.serviceCidr6, offset);
    let ip = pick(offsets[family]);
    while (ip !== null && used.has(ip)) ip = pick(++offsets[family]);
    offsets[family]++;
    if (ip !== null) used.add(ip);
    return ip;
  };
  const out: ServiceSpec[] = [];
  for (const svc of services) {
    if (svc.type === "ExternalName") {
      out.push(svc);
      continue;
    }
    const { policy, families } = defaultedFamilies(svc, cluster);
    const given = givenClusterIPs(svc);
    let clusterIPs: string[];
    if (given[0] === "None") clusterIPs = ["None"];
    else {
      clusterIPs = [...given];
      for (const family of families.slice(given.length)) {
        const ip = next(family);
        if (ip === null) return null;
        clusterIPs.push(ip);
      }
    }
    out.push({ ...svc, ipFamilyPolicy: policy, ipFamilies: families, clusterIPs, clusterIP: clusterIPs[0] ?? null });
  }
  return out;
}

/** Whether a given address lies in the service range of its family. */
export function inServiceRange(ip: string, serviceCidr: Cidr | null, cluster: ClusterFamilies): boolean {
  const family = ipFamilyOf(ip);
  if (family === "IPv4") return serviceCidr === null || cidrContains(serviceCidr, ip);
  return cluster.serviceCidr6 === null || cidr6Contains(cluster.serviceCidr6, ip);
}

/** The normalised network lists: clusterCIDRs, serviceCIDRs, each node's podCIDRs and each pod's podIPs. */
export function withNetworkLists(s: Scenario): Scenario {
  return {
    ...s,
    clusterCIDRs: s.clusterCIDRs.length > 0 ? s.clusterCIDRs : [s.clusterCIDR],
    serviceCIDRs: s.serviceCIDRs.length > 0 ? s.serviceCIDRs : [s.serviceCIDR],
    nodes: s.nodes.map((node) => (node.podCIDRs.length > 0 ? node : { ...node, podCIDRs: [node.podCIDR] })),
    pods: s.pods.map((pod) => (pod.podIPs.length > 0 ? pod : { ...pod, podIPs: [pod.ip] })),
  };
}
