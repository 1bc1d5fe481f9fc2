/**
 * Decide first, then emit: for every proxied Service port, what kube-proxy on one node knows before it writes
 * a single rule (pkg/proxy/iptables/proxier.go syncProxyRules; pkg/proxy/topology.go CategorizeEndpoints;
 * pkg/proxy/serviceport.go UsesClusterEndpoints/UsesLocalEndpoints). Shared by the iptables, IPVS and nftables
 * modes so the three agree on which endpoints are usable.
 */
import type { PodSpec, ServicePortSpec, ServiceSpec } from "../../schemas/scenario";
import { endpointsOf, findPort, namedTargetPort, servicePortName, type Endpoint } from "../endpoints";
import type { Scenario } from "../types";
import {
  serviceExternalChainName,
  serviceFirewallChainName,
  serviceLocalChainName,
  servicePortChainName,
  servicePortEndpointChainName,
  type ServicePortParts,
} from "./chain-names";
import { topologyChoice, zoneHint, type TopologyChoice } from "./topology";
import type { IpFamily } from "../cidr";
import { clusterIPOfFamily, podIPOfFamily } from "../ip-families";
import { joinHostPort } from "./addresses";

export type Protocol = "tcp" | "udp" | "sctp";

export interface PlannedEndpoint {
  readonly endpoint: Endpoint;
  /** "ip:port" as kube-proxy prints it (BaseEndpointInfo.String()) */
  readonly address: string;
  /** the port the DNAT sends to on this pod (a named targetPort resolved through its container ports) */
  readonly targetPort: number;
  /** KUBE-SEP-… */
  readonly chain: string;
  readonly local: boolean;
}

export interface ServicePortPlan {
  readonly service: ServiceSpec;
  readonly port: ServicePortSpec;
  /** spec.ports[].targetPort when it names a container port, else null */
  readonly namedTargetPort: string | null;
  readonly parts: ServicePortParts;
  /** "ns/svc:port" (or "ns/svc" for an unnamed port) */
  readonly name: string;
  readonly protocol: Protocol;
  /** the family of this plan: kube-proxy runs one proxier per family (iptables and ip6tables) */
  readonly family: IpFamily;
  /** the Service's ClusterIP of this family */
  readonly clusterIP: string;
  readonly nodePort: number | null;
  /** spec.externalIPs: captured in KUBE-SERVICES and sent to KUBE-EXT */
  readonly externalIPs: readonly string[];
  /** status.loadBalancer.ingress IPs kube-proxy captures (ipMode VIP; ipMode Proxy ones are left to the LB) */
  readonly loadBalancerIPs: readonly string[];
  /** spec.loadBalancerSourceRanges */
  readonly sourceRanges: readonly string[];
  /** load balancer IPs with source ranges: KUBE-SERVICES → KUBE-FW instead of KUBE-EXT */
  readonly usesFirewallChain: boolean;
  readonly firewallChain: string;
  /** where captured load balancer traffic goes: the FW chain, or the EXT chain */
  readonly loadBalancerTrafficChain: string;
  readonly healthCheckNodePort: number | null;
  /** every endpoint in the Service's EndpointSlices, usable or not (kube-proxy's endpointsMap) */
  readonly allEndpointCount: number;
  /** trafficDistribution's zone hints as kube-proxy on this node reads them, null without hints */
  readonly topology: TopologyChoice | null;
  /** "Cluster" policy endpoints (narrowed to this zone when the hints are used), sorted by "ip:port" */
  readonly clusterEndpoints: readonly PlannedEndpoint[];
  /** this node's endpoints for "Local" policy, sorted */
  readonly localEndpoints: readonly PlannedEndpoint[];
  /** endpoints that get a KUBE-SEP chain on this node, sorted */
  readonly reachableEndpoints: readonly PlannedEndpoint[];
  readonly hasEndpoints: boolean;
  readonly hasInternalEndpoints: boolean;
  readonly hasExternalEndpoints: boolean;
  readonly internalPolicyLocal: boolean;
  readonly externalPolicyLocal: boolean;
  readonly externallyAccessible: boolean;
  readonly usesClusterPolicyChain: boolean;
  readonly usesLocalPolicyChain: boolean;
  readonly usesExternalTrafficChain: boolean;
  readonly clusterPolicyChain: string;
  readonly localPolicyChain: string;
  readonly externalChain: string;
  /** where ClusterIP traffic goes: the SVC chain, or the SVL chain with internalTrafficPolicy Local */
  readonly internalTrafficChain: string;
  readonly externalPolicyChain: string;
  /** ClientIP affinity timeout, null without affinity */
  readonly affinitySeconds: number | null;
}

/** Per-scenario lookups, computed once per scenario value. */
interface ScenarioIndex {
  readonly podsBySelectorTerm: Map<string, PodSpec[]>;
  readonly endpointsByService: Map<ServiceSpec, readonly Endpoint[]>;
  readonly plansByNode: Map<string, readonly ServicePortPlan[]>;
}

const indexes = new WeakMap<Scenario, ScenarioIndex>();

function indexFor(scenario: Scenario): ScenarioIndex {
  let index = indexes.get(scenario);
  if (index === undefined) {
    const podsBySelectorTerm = new Map<string, PodSpec[]>();
    for (const pod of scenario.pods) {
      for (const key in pod.labels) {
        const term = `${pod.namespace}\u0000${key}=${pod.labels[key]}`;
        const list = podsBySelectorTerm.get(term);
        if (list === undefined) podsBySelectorTerm.set(term, [pod]);
        else list.push(pod);
      }
    }
    index = { podsBySelectorTerm, endpointsByService: new Map(), plansByNode: new Map() };
    indexes.set(scenario, index);
  }
  return index;
}

/**
 * endpointsOf (the shared EndpointSlice model) over only the pods that can match the selector: a pod must carry
 * every selector term, so the pods carrying the rarest term are the only candidates. Keeps rule generation linear.
 */
export function serviceEndpoints(scenario: Scenario, service: ServiceSpec): readonly Endpoint[] {
  const index = indexFor(scenario);
  let endpoints = index.endpointsByService.get(service);
  if (endpoints === undefined) {
    let candidates: PodSpec[] = [];
    if (service.selector !== null) {
      let first = true;
      for (const key in service.selector) {
        const pods = index.podsBySelectorTerm.get(`${service.namespace}\u0000${key}=${service.selector[key]}`) ?? [];
        if (first || pods.length < candidates.length) candidates = pods;
        first = false;
      }
    }
    endpoints = endpointsOf({ ...scenario, pods: candidates }, service);
    index.endpointsByService.set(service, endpoints);
  }
  return endpoints;
}

/**
 * The ClusterIP a family's proxier captures: kube-proxy skips headless and ExternalName Services, and a
 * Service without an address of that family (its MetaProxier hands each Service to the proxier of each of
 * its families). null when the Service is not proxied in that family.
 */
export function proxiedClusterIP(service: ServiceSpec, family: IpFamily): string | null {
  if (service.type === "ExternalName") return null;
  return clusterIPOfFamily(service, family);
}

function byAddress(a: PlannedEndpoint, b: PlannedEndpoint): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

function planServicePort(
  scenario: Scenario,
  service: ServiceSpec,
  clusterIP: string,
  family: IpFamily,
  port: ServicePortSpec,
  nodeName: string,
): ServicePortPlan {
  const name = servicePortName(service, port);
  const protocol = port.protocol.toLowerCase() as Protocol;
  // A named targetPort resolves per pod (FindPort); a pod without it is in no slice that carries this port.
  const planned: PlannedEndpoint[] = [];
  for (const published of serviceEndpoints(scenario, service)) {
    const targetPort = findPort(published.pod, port);
    if (targetPort === null) continue;
    // one EndpointSlice per address family: a pod without an address of this family is in none of its slices
    const ip = family === "IPv4" ? published.ip : podIPOfFamily(published.pod, family);
    if (ip === null) continue;
    const endpoint = ip === published.ip ? published : { ...published, ip };
    const address = joinHostPort(endpoint.ip, targetPort);
    planned.push({
      endpoint,
      address,
      targetPort,
      chain: servicePortEndpointChainName(name, protocol, address),
      local: endpoint.node === nodeName,
    });
  }
  // endpointslicecache.go: endpoints are kept sorted by their "ip:port" string, so 10.0.0.10:80 < 10.0.0.2:80
  planned.sort(byAddress);

  // topology.go CategorizeEndpoints: ready endpoints; when none is ready, the serving-and-terminating ones.
  const ready = planned.filter((p) => p.endpoint.ready);
  const usable = ready.length > 0 ? ready : planned.filter((p) => p.endpoint.serving && p.endpoint.terminating);
  const localReady = ready.filter((p) => p.local);
  const localEndpoints =
    localReady.length > 0
      ? localReady
      : planned.filter((p) => p.local && !p.endpoint.ready && p.endpoint.serving && p.endpoint.terminating);

  const nodePort = service.type === "NodePort" || service.type === "LoadBalancer" ? port.nodePort : null;
  // servicechangetracker.go: LoadBalancerVIPs are the ingress IPs whose ipMode is not Proxy (KEP-1860)
  // ingress and external IPs are IPv4 in scenarios, so only the IPv4 proxier captures them
  const loadBalancerIPs =
    service.type === "LoadBalancer" && family === "IPv4"
      ? service.status.loadBalancer.ingress.filter((entry) => entry.ipMode === "VIP").map((entry) => entry.ip)
      : [];
  const externalIPs = family === "IPv4" ? service.externalIPs : [];
  // serviceport.go ExternallyAccessible: a NodePort, a load balancer VIP or an external IP
  const externallyAccessible = nodePort !== null || loadBalancerIPs.length > 0 || externalIPs.length > 0;
  const internalPolicyLocal = service.internalTrafficPolicy === "Local";
  const externalPolicyLocal = externallyAccessible && service.externalTrafficPolicy === "Local";
  // serviceport.go: Cluster endpoints are needed for Cluster internal policy, and for any externally reachable
  // Service even with Local external policy (pod traffic to a NodePort is short-circuited to KUBE-SVC).
  const usesClusterEndpoints = !internalPolicyLocal || externallyAccessible;
  const usesLocalEndpoints = internalPolicyLocal || externalPolicyLocal;

  // hasEndpoints: usable endpoints anywhere in the cluster, whatever the policy (REJECT vs DROP below)
  const hasEndpoints = usable.length > 0;
  // topology.go: zone hints narrow the Cluster-policy endpoints when every ready one has a hint
  const topology = usesClusterEndpoints
    ? topologyChoice(
        scenario,
        service,
        ready.map((p) => p.endpoint),
        nodeName,
      )
    : null;
  const clusterEndpoints = !usesClusterEndpoints
    ? []
    : topology?.filtered === true
      ? usable.filter((p) => zoneHint(scenario, service, p.endpoint) === topology.zone)
      : usable;
  const hasInternalEndpoints = hasEndpoints && (!internalPolicyLocal || localEndpoints.length > 0);
  const hasExternalEndpoints = hasEndpoints && (!externalPolicyLocal || localEndpoints.length > 0);

  const clusterPolicyChain = servicePortChainName(name, protocol);
  const externalChain = serviceExternalChainName(name, protocol);
  const firewallChain = serviceFirewallChainName(name, protocol);
  const sourceRanges = service.type === "LoadBalancer" ? service.loadBalancerSourceRanges : [];
  const usesFirewallChain = hasEndpoints && loadBalancerIPs.length > 0 && sourceRanges.length > 0;
  const localPolicyChain = serviceLocalChainName(name, protocol);

  let reachableEndpoints: readonly PlannedEndpoint[];
  if (!usesLocalEndpoints) reachableEndpoints = clusterEndpoints;
  else if (!usesClusterEndpoints) reachableEndpoints = localEndpoints;
  else {
    const merged = new Map<string, PlannedEndpoint>();
    for (const p of clusterEndpoints) merged.set(p.address, p);
    for (const p of localEndpoints) merged.set(p.address, p);
    reachableEndpoints = [...merged.values()].sort(byAddress);
  }

  return {
    service,
    port,
    namedTargetPort: namedTargetPort(port),
    parts: { namespace: service.namespace, name: service.name, portName: port.name },
    name,
    protocol,
    family,
    clusterIP,
    nodePort,
    externalIPs,
    loadBalancerIPs,
    sourceRanges,
    usesFirewallChain,
    firewallChain,
    loadBalancerTrafficChain: usesFirewallChain ? firewallChain : externalChain,
    healthCheckNodePort:
      service.type === "LoadBalancer" && service.externalTrafficPolicy === "Local" ? service.healthCheckNodePort : null,
    allEndpointCount: planned.length,
    topology,
    clusterEndpoints,
    localEndpoints,
    reachableEndpoints,
    hasEndpoints,
    hasInternalEndpoints,
    hasExternalEndpoints,
    internalPolicyLocal,
    externalPolicyLocal,
    externallyAccessible,
    usesClusterPolicyChain: clusterEndpoints.length > 0 && usesClusterEndpoints,
    usesLocalPolicyChain: localEndpoints.length > 0 && usesLocalEndpoints,
    usesExternalTrafficChain: hasEndpoints && externallyAccessible,
    clusterPolicyChain,
    localPolicyChain,
    externalChain,
    internalTrafficChain: internalPolicyLocal ? localPolicyChain : clusterPolicyChain,
    externalPolicyChain: externalPolicyLocal ? localPolicyChain : clusterPolicyChain,
    affinitySeconds: service.sessionAffinity === "ClientIP" ? service.sessionAffinityTimeoutSeconds : null,
  };
}

/**
 * The plans for every proxied Service port, as kube-proxy's proxier for `family` on `nodeName` sees them
 * (cached per scenario value).
 */
export function servicePortPlans(
  scenario: Scenario,
  nodeName: string,
  family: IpFamily = "IPv4",
): readonly ServicePortPlan[] {
  const index = indexFor(scenario);
  const key = family === "IPv4" ? nodeName : `${nodeName}\u0000${family}`;
  let plans = index.plansByNode.get(key);
  if (plans === undefined) {
    const list: ServicePortPlan[] = [];
    for (const service of scenario.services) {
      const clusterIP = proxiedClusterIP(service, family);
      if (clusterIP === null) continue;
      for (const port of service.ports) {
        list.push(planServicePort(scenario, service, clusterIP, family, port, nodeName));
      }
    }
    plans = list;
    index.plansByNode.set(key, plans);
  }
  return plans;
}

/** How a packet addressed from outside the ClusterIP reaches a Service port: its NodePort, a load balancer VIP, an external IP. */
export type ExternalVia = "nodeport" | "loadbalancer" | "external-ip";

/**
 * The Service port an "external" destination belongs to on this node: dstIP:dstPort as a load balancer VIP or
 * external IP of a port (matched on the Service port), or, on the node's own address, a NodePort.
 */
export function externalTarget(
  plans: readonly ServicePortPlan[],
  nodeIP: string | null,
  dstIP: string,
  dstPort: number,
  protocol: string,
): { readonly plan: ServicePortPlan; readonly via: ExternalVia } | null {
  for (const plan of plans) {
    if (plan.protocol !== protocol) continue;
    if (dstIP === nodeIP && plan.nodePort === dstPort) return { plan, via: "nodeport" };
    if (plan.port.port !== dstPort) continue;
    if (plan.loadBalancerIPs.includes(dstIP)) return { plan, via: "loadbalancer" };
    if (plan.externalIPs.includes(dstIP)) return { plan, via: "external-ip" };
  }
  return null;
}

/** How a named targetPort became this endpoint's port, for the DNAT hop (empty for a numeric targetPort). */
export function namedPortNote(plan: ServicePortPlan, chosen: PlannedEndpoint): string {
  if (plan.namedTargetPort === null) return "";
  return ` (targetPort "${plan.namedTargetPort}" is container port ${chosen.targetPort}/${plan.port.protocol} of pod ${chosen.endpoint.pod.namespace}/${chosen.endpoint.pod.name})`;
}

/** The DNAT hop's detail about a named targetPort, null for a numeric one. */
export function namedPortDetail(
  plan: ServicePortPlan,
  chosen: PlannedEndpoint,
): { readonly name: string; readonly containerPort: number } | null {
  return plan.namedTargetPort === null ? null : { name: plan.namedTargetPort, containerPort: chosen.targetPort };
}

/** The proxy.endpoint hop's note on zone hints (empty without them). */
export function topologyNote(plan: ServicePortPlan): string {
  return plan.topology === null ? "" : ` ${plan.topology.reason}.`;
}
