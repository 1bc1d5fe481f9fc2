/**
 * Lookups a trace needs, computed once per scenario object. Scenarios are immutable values, so a WeakMap cache
 * never goes stale; it keeps a trace of the seed scenario in the tens of microseconds. The memo tables are
 * filled by the modules that own what they hold (DNS answers, context facts, served ports).
 */
import type { NodeSpec, PodSpec, ServiceSpec } from "../schemas/scenario";
import { parseCidr, type Cidr } from "./cidr";
import { corednsPods, type DnsLookup } from "./coredns";
import { endpointsOf, usableEndpoints } from "./endpoints";
import { namespacedName } from "./namespaced-name";
import { resolvConfFor } from "./resolv-conf";
import type { ContextFact, ResolvConf, Result, Scenario } from "./types";
import { parseRequestUrl, type RequestUrl } from "./url";
import { KUBE_DNS_NAME, KUBE_DNS_NAMESPACE } from "./validate";

export interface ScenarioIndex {
  readonly podsByKey: ReadonlyMap<string, PodSpec>;
  readonly podsByIP: ReadonlyMap<string, PodSpec>;
  readonly nodesByName: ReadonlyMap<string, NodeSpec>;
  readonly servicesByKey: ReadonlyMap<string, ServiceSpec>;
  readonly servicesByIP: ReadonlyMap<string, ServiceSpec>;
  readonly clusterCidr: Cidr | null;
  readonly serviceCidr: Cidr | null;
  readonly dnsPods: ReadonlySet<PodSpec>;
  /** CoreDNS pods kube-proxy would send to: ready ones (serving-terminating when none is ready) */
  readonly dnsUsable: readonly PodSpec[];
  readonly url: Result<RequestUrl>;
  readonly confs: Map<PodSpec, ResolvConf>;
  /** DNS answers are a pure function of the scenario and the question, so they are computed once */
  readonly answers: Map<string, DnsLookup>;
  readonly servedPorts: Map<PodSpec, readonly number[]>;
  readonly endpointFacts: Map<ServiceSpec, ContextFact>;
  readonly syncFacts: Map<string, ContextFact>;
  corednsFact: ContextFact | null;
}

const indexes = new WeakMap<Scenario, ScenarioIndex>();

export function indexOf(scenario: Scenario): ScenarioIndex {
  const cached = indexes.get(scenario);
  if (cached !== undefined) return cached;
  const podsByKey = new Map<string, PodSpec>();
  const podsByIP = new Map<string, PodSpec>();
  for (const pod of scenario.pods) {
    podsByKey.set(namespacedName(pod), pod);
    const known = podsByIP.get(pod.ip);
    // a node IP is shared by its hostNetwork pods; an ordinary pod owning the address wins
    if (known === undefined || (known.hostNetwork && !pod.hostNetwork)) podsByIP.set(pod.ip, pod);
  }
  const servicesByKey = new Map<string, ServiceSpec>();
  const servicesByIP = new Map<string, ServiceSpec>();
  for (const svc of scenario.services) {
    servicesByKey.set(namespacedName(svc), svc);
    if (svc.clusterIP !== null && svc.clusterIP !== "None") servicesByIP.set(svc.clusterIP, svc);
  }
  const dnsPods = corednsPods(scenario);
  const index: ScenarioIndex = {
    podsByKey,
    podsByIP,
    nodesByName: new Map(scenario.nodes.map((n) => [n.name, n])),
    servicesByKey,
    servicesByIP,
    clusterCidr: parseCidr(scenario.clusterCIDR),
    serviceCidr: parseCidr(scenario.serviceCIDR),
    dnsPods: new Set(dnsPods),
    dnsUsable: usableDnsPods(scenario, dnsPods),
    url: parseRequestUrl(scenario.request.url),
    confs: new Map(),
    answers: new Map(),
    servedPorts: new Map(),
    endpointFacts: new Map(),
    syncFacts: new Map(),
    corednsFact: null,
  };
  indexes.set(scenario, index);
  return index;
}

function usableDnsPods(scenario: Scenario, pods: readonly PodSpec[]): readonly PodSpec[] {
  const kubeDns = scenario.services.find((s) => s.namespace === KUBE_DNS_NAMESPACE && s.name === KUBE_DNS_NAME);
  if (kubeDns === undefined) return [];
  const endpoints = usableEndpoints(endpointsOf(scenario, kubeDns));
  return pods.filter((pod) => endpoints.some((e) => e.pod === pod));
}

/** The pod that makes the request, with the names the trace uses for it. */
export interface Client {
  readonly pod: PodSpec;
  /** "ns/name" */
  readonly key: string;
  readonly ip: string;
  readonly node: string;
  /** the trace's `at` for hops in the client pod */
  readonly at: string;
}

export function clientOf(pod: PodSpec): Client {
  const key = namespacedName(pod);
  return { pod, key, ip: pod.ip, node: pod.node, at: `pod ${key}` };
}

/** The /etc/resolv.conf kubelet writes for the pod, computed once per scenario. */
export function resolvConfOf(scenario: Scenario, index: ScenarioIndex, pod: PodSpec): ResolvConf {
  let conf = index.confs.get(pod);
  if (conf === undefined) {
    conf = resolvConfFor(scenario, pod);
    index.confs.set(pod, conf);
  }
  return conf;
}
