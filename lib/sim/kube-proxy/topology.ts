/**
 * Topology-aware routing: the EndpointSlice controller's zone hints and kube-proxy's use of them.
 *
 * With `trafficDistribution: PreferClose` (called PreferSameZone since Kubernetes 1.33) the controller
 * (pkg/controller/endpointslice/trafficdist) hints every endpoint for the zone of its own node, and leaves an
 * endpoint whose node has no `topology.kubernetes.io/zone` label without hints. kube-proxy
 * (pkg/proxy/topology.go topologyModeFromHints / CategorizeEndpoints) uses the hints only when every ready
 * endpoint has one and at least one is hinted for its own node's zone; then the Cluster-policy endpoints are
 * those hinted for that zone. Otherwise it ignores the hints and uses them all. Local-policy endpoints are
 * never filtered by zone.
 */
import type { NodeSpec, ServiceSpec } from "../../schemas/scenario";
import type { Endpoint } from "../endpoints";
import type { Scenario } from "../types";

export const ZONE_LABEL = "topology.kubernetes.io/zone";

const nodesByName = new WeakMap<Scenario, ReadonlyMap<string, NodeSpec>>();

/** The node's zone label, "" when it has none. */
export function nodeZone(scenario: Scenario, nodeName: string): string {
  let nodes = nodesByName.get(scenario);
  if (nodes === undefined) {
    nodes = new Map(scenario.nodes.map((n) => [n.name, n]));
    nodesByName.set(scenario, nodes);
  }
  return nodes.get(nodeName)?.labels[ZONE_LABEL] ?? "";
}

/** The zone the controller hints this endpoint for, null without a hint. */
export function zoneHint(scenario: Scenario, service: ServiceSpec, endpoint: Endpoint): string | null {
  if (service.trafficDistribution === null) return null;
  const zone = nodeZone(scenario, endpoint.node);
  return zone === "" ? null : zone;
}

export interface TopologyChoice {
  readonly trafficDistribution: string;
  /** the zone of the node kube-proxy runs on ("" without the label) */
  readonly zone: string;
  /** the hints are used: Cluster-policy endpoints are those hinted for `zone` */
  readonly filtered: boolean;
  /** one sentence: why the hints are used or ignored */
  readonly reason: string;
}

/** What kube-proxy on `nodeName` makes of the hints of `ready` (the ready endpoints), null with no hints at all. */
export function topologyChoice(
  scenario: Scenario,
  service: ServiceSpec,
  ready: readonly Endpoint[],
  nodeName: string,
): TopologyChoice | null {
  const trafficDistribution = service.trafficDistribution;
  if (trafficDistribution === null) return null;
  const zone = nodeZone(scenario, nodeName);
  const hints = ready.map((e) => zoneHint(scenario, service, e));
  const unhinted = ready.filter((_, i) => hints[i] === null);
  const base = { trafficDistribution, zone };
  if (unhinted.length > 0) {
    const names = unhinted.map((e) => `${e.pod.name} (node ${e.node})`).join(", ");
    return {
      ...base,
      filtered: false,
      reason: `trafficDistribution ${trafficDistribution}: the hints are ignored because ${names} ${unhinted.length === 1 ? "has" : "have"} none (no ${ZONE_LABEL} label on the node), so every ready endpoint is used`,
    };
  }
  if (zone === "") {
    return {
      ...base,
      filtered: false,
      reason: `trafficDistribution ${trafficDistribution}: ${nodeName} has no ${ZONE_LABEL} label, so kube-proxy ignores the hints and uses every ready endpoint`,
    };
  }
  const inZone = hints.filter((h) => h === zone).length;
  if (inZone === 0) {
    return {
      ...base,
      filtered: false,
      reason: `trafficDistribution ${trafficDistribution}: no ready endpoint is hinted for zone ${zone}, so kube-proxy on ${nodeName} ignores the hints and uses every ready endpoint`,
    };
  }
  return {
    ...base,
    filtered: true,
    reason: `trafficDistribution ${trafficDistribution}: every ready endpoint is hinted for its node's zone, so kube-proxy on ${nodeName} (zone ${zone}) uses only the ${inZone} of ${ready.length} hinted for ${zone}`,
  };
}
