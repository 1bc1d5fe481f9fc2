/**
 * The Service API's checks and allocations for traffic from outside (pkg/apis/core/validation,
 * pkg/registry/core/service): external IPs, load balancer fields, node ports and the health check node port.
 */
import type { ServiceSpec } from "../schemas/scenario";
import { cidrContains, parseCidr, type Cidr } from "./cidr";
import type { Scenario } from "./types";

// the default --service-node-port-range
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

/** Service API validation of externalIPs, load balancer fields and the health check node port. */
export function externalTrafficErrors(
  s: Scenario,
  svc: ServiceSpec,
  i: number,
  add: (path: string, message: string) => void,
  nets: { clusterCidr: Cidr | null; serviceCidr: Cidr | null; nodeIPs: ReadonlyMap<string, string> },
): void {
  const inside = (ip: string): string | null => {
    if (nets.clusterCidr !== null && cidrContains(nets.clusterCidr, ip)) return `clusterCIDR ${s.clusterCIDR}`;
    if (nets.serviceCidr !== null && cidrContains(nets.serviceCidr, ip)) return `serviceCIDR ${s.serviceCIDR}`;
    const node = nets.nodeIPs.get(ip);
    return node === undefined ? null : `node ${node}'s address`;
  };
  svc.externalIPs.forEach((ip, j) => {
    if (svc.type === "ExternalName")
      add(`services.${i}.externalIPs.${j}`, "an ExternalName Service has no external IPs");
    const where = inside(ip);
    if (where !== null) add(`services.${i}.externalIPs.${j}`, `${ip} must be outside the cluster (it is in ${where})`);
  });
  const ingress = svc.status.loadBalancer.ingress;
  if (svc.type !== "LoadBalancer") {
    if (ingress.length > 0)
      add(
        `services.${i}.status.loadBalancer.ingress`,
        `only a LoadBalancer Service has ingress addresses, not ${svc.type}`,
      );
    if (svc.loadBalancerSourceRanges.length > 0)
      add(`services.${i}.loadBalancerSourceRanges`, `only applies to a LoadBalancer Service, not ${svc.type}`);
  }
  ingress.forEach((entry, j) => {
    const where = inside(entry.ip);
    if (where !== null)
      add(
        `services.${i}.status.loadBalancer.ingress.${j}.ip`,
        `${entry.ip} must be outside the cluster (it is in ${where})`,
      );
  });
  svc.loadBalancerSourceRanges.forEach((range, j) => {
    if (parseCidr(range) === null) add(`services.${i}.loadBalancerSourceRanges.${j}`, "must be a valid IPv4 CIDR");
  });
  if (svc.healthCheckNodePort !== null) {
    if (svc.type !== "LoadBalancer" || svc.externalTrafficPolicy !== "Local") {
      add(
        `services.${i}.healthCheckNodePort`,
        "only a LoadBalancer Service with externalTrafficPolicy Local has a health check node port",
      );
    } else if (svc.healthCheckNodePort < NODE_PORT_MIN || svc.healthCheckNodePort > NODE_PORT_MAX) {
      add(`services.${i}.healthCheckNodePort`, `must be in the node port range ${NODE_PORT_MIN}-${NODE_PORT_MAX}`);
    }
  }
}

/**
 * Node ports the API server allocates (allocateLoadBalancerNodePorts defaults to true): every port of a
 * NodePort or LoadBalancer Service without one, and the health check node port of a LoadBalancer Service with
 * externalTrafficPolicy Local. The real allocator picks at random; the first free port keeps scenarios
 * reproducible.
 */
export function allocateNodePorts(s: Scenario): Scenario {
  const needs = (svc: ServiceSpec): boolean =>
    ((svc.type === "NodePort" || svc.type === "LoadBalancer") && svc.ports.some((p) => p.nodePort === null)) ||
    (svc.type === "LoadBalancer" && svc.externalTrafficPolicy === "Local" && svc.healthCheckNodePort === null);
  if (!s.services.some(needs)) return s;
  const used = new Set<number>();
  for (const svc of s.services) {
    for (const p of svc.ports) if (p.nodePort !== null) used.add(p.nodePort);
    if (svc.healthCheckNodePort !== null) used.add(svc.healthCheckNodePort);
  }
  let next = NODE_PORT_MIN;
  const take = (): number => {
    while (used.has(next)) next++;
    used.add(next);
    return next;
  };
  const services = s.services.map((svc) => {
    if (!needs(svc)) return svc;
    const ports = svc.ports.map((p) => (p.nodePort === null ? { ...p, nodePort: take() } : p));
    const healthCheckNodePort =
      svc.type === "LoadBalancer" && svc.externalTrafficPolicy === "Local" && svc.healthCheckNodePort === null
        ? take()
        : svc.healthCheckNodePort;
    return { ...svc, ports, healthCheckNodePort };
  });
  return { ...s, services };
}
