import type { PodSpec, ServicePortSpec, ServiceSpec } from "../schemas/scenario";
import type { Scenario } from "./types";
import { namespacedName } from "./namespaced-name";

/**
 * Endpoints as the EndpointSlice controller would publish them (pkg/controller/endpointslice):
 * a pod is an endpoint of a Service when the Service has a selector matching all of the pod's labels,
 * in the same namespace, and the pod has an IP. Conditions: ready = pod Ready and not terminating;
 * serving = pod Ready (kept while terminating); terminating = deletionTimestamp set.
 * With publishNotReadyAddresses every selected pod is reported ready.
 */
export interface Endpoint {
  readonly ip: string;
  readonly pod: PodSpec;
  readonly node: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

export function selects(service: ServiceSpec, pod: PodSpec): boolean {
  if (service.selector === null || pod.namespace !== service.namespace) return false;
  const entries = Object.entries(service.selector);
  if (entries.length === 0) return false; // an empty selector selects nothing for endpoints
  return entries.every(([key, value]) => pod.labels[key] === value);
}

export function endpointsOf(scenario: Scenario, service: ServiceSpec): readonly Endpoint[] {
  if (service.type === "ExternalName") return [];
  return scenario.pods
    .filter((pod) => selects(service, pod))
    .map((pod) => {
      const serving = pod.ready;
      const ready = service.publishNotReadyAddresses || (pod.ready && !pod.terminating);
      return { ip: pod.ip, pod, node: pod.node, ready, serving, terminating: pod.terminating };
    });
}

/**
 * The endpoints kube-proxy sends traffic to (pkg/proxy/topology.go CategorizeEndpoints):
 * the ready ones; when none is ready, the serving-and-terminating ones.
 */
export function usableEndpoints(endpoints: readonly Endpoint[]): readonly Endpoint[] {
  const ready = endpoints.filter((e) => e.ready);
  if (ready.length > 0) return ready;
  return endpoints.filter((e) => e.serving && e.terminating);
}

/**
 * The port on `pod` that a Service port sends to (podutil FindPort, used by the EndpointSlice controller):
 * a numeric targetPort (defaulting to port) is the same on every pod; a named one is looked up in the pod's
 * container ports by name and protocol, so pods may answer it on different numbers. null when the pod has no
 * container port of that name and protocol: the controller then publishes the pod without this port, and
 * kube-proxy, which builds each Service port's endpoints from the slices that carry it, never sends it there.
 */
export function findPort(pod: PodSpec, port: ServicePortSpec): number | null {
  const target = port.targetPort ?? port.port;
  if (typeof target === "number") return target;
  const match = pod.containerPorts.find((c) => c.name === target && c.protocol === port.protocol);
  return match === undefined ? null : match.containerPort;
}

/** A named targetPort, or null when it is a number (or left to default to port). */
export function namedTargetPort(port: ServicePortSpec): string | null {
  return typeof port.targetPort === "string" ? port.targetPort : null;
}

/** "ns/svc:portName", or "ns/svc" when the port has no name (kube-proxy ServicePortName.String()). */
export function servicePortName(service: ServiceSpec, port: ServicePortSpec): string {
  const base = namespacedName(service);
  return port.name === "" ? base : `${base}:${port.name}`;
}
