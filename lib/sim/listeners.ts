/**
 * Who answers on an address inside a node or pod: the ports a pod serves (the target ports of the Services that
 * select it) and kube-proxy's health check server on a LoadBalancer Service's healthCheckNodePort
 * (pkg/proxy/healthcheck: 200 with the local endpoint count, 503 without).
 */
import type { PodSpec, ServiceSpec } from "../schemas/scenario";
import { selects } from "./endpoints";
import type { ScenarioIndex } from "./scenario-index";
import type { Scenario } from "./types";

/** The ports a pod serves, as far as the scenario says: the target ports of the Services that select it. */
export function servedPorts(scenario: Scenario, index: ScenarioIndex, pod: PodSpec): readonly number[] {
  const cached = index.servedPorts.get(pod);
  if (cached !== undefined) return cached;
  const ports = new Set<number>();
  for (const svc of scenario.services) {
    if (svc.type === "ExternalName" || !selects(svc, pod)) continue;
    for (const p of svc.ports) ports.add(p.targetPort ?? p.port);
  }
  const sorted = [...ports].sort((a, b) => a - b);
  index.servedPorts.set(pod, sorted);
  return sorted;
}

/** A pod no Service selects is assumed to serve whatever port it is asked for (unless `anyPort` is false). */
export function listensOn(
  scenario: Scenario,
  index: ScenarioIndex,
  pod: PodSpec,
  port: number,
  anyPort = true,
): boolean {
  const ports = servedPorts(scenario, index, pod);
  return (anyPort && ports.length === 0) || ports.includes(port);
}

/** The LoadBalancer Service whose health check node port this is, if any. */
export function healthCheckService(scenario: Scenario, port: number): ServiceSpec | undefined {
  return scenario.services.find((s) => s.healthCheckNodePort === port);
}

/** The ready endpoints of `svc` on `node`: what kube-proxy's health check server counts. */
export function localReadyEndpoints(scenario: Scenario, svc: ServiceSpec, node: string): number {
  return scenario.pods.filter((p) => selects(svc, p) && p.node === node && p.ready && !p.terminating).length;
}
