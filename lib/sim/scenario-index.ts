/**
 * Lookups a trace needs, computed once per scenario object. Scenarios are immutable values, so a WeakMap cache
 * never goes stale; it keeps a trace of the seed scenario in the tens of microseconds. The memo tables are
 * filled by the modules that own what they hold (DNS answers, context facts, served ports).
 */
import type { NodeSpec, PodSpec, ServiceSpec } from "../schemas/scenario";
import { parseCidr, type Cidr } from "./cidr";
import { corednsPods, type DnsLookup } from "./coredns";
import { endpointsOf, usableEndpoints } from "./endpoints";
import { hostsFileFor, type HostsFile } from "./hosts-file";
import { namespacedName, nodeOrExternalClient } from "./namespaced-name";
import { resolvConfFor } from "./resolv-conf";
import type { ContextFact, ResolvConf, Result, Scenario } from "./types";
import { parseRequestUrl, type RequestUrl } from "./url";
import { KUBE_DNS_NAME, KUBE_DNS_NAMESPACE } from "./validate";

export interface ScenarioIndex {
  readonly podsByKey: ReadonlyMap<string, PodSpec>;
  readonly nodesByIP: ReadonlyMap<string, NodeSpec>;
  /** load balancer ingress address → its Service and ipMode */
  readonly loadBalancerIPs: ReadonlyMap<string, { readonly service: ServiceSpec; readonly ipMode: "VIP" | "Proxy" }>;
  /** spec.externalIPs address → the Services that list it */
  readonly externalIPs: ReadonlyMap<string, readonly ServiceSpec[]>;
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
  readonly hostsFiles: Map<PodSpec, HostsFile>;
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
    // a dual-stack pod's IPv6 address (hostNetwork pods have their node's IPv4 address only)
    const second = pod.podIPs[1];
    if (second !== undefined && !podsByIP.has(second)) podsByIP.set(second, pod);
  }
  const servicesByKey = new Map<string, ServiceSpec>();
  const servicesByIP = new Map<string, ServiceSpec>();
  for (const svc of scenario.services) {
    servicesByKey.set(namespacedName(svc), svc);
    for (const ip of svc.clusterIPs.length > 0 ? svc.clusterIPs : [svc.clusterIP]) {
      if (ip !== null && ip !== "None") servicesByIP.set(ip, svc);
    }
  }
  const dnsPods = corednsPods(scenario);
  const loadBalancerIPs = new Map<string, { service: ServiceSpec; ipMode: "VIP" | "Proxy" }>();
  const externalIPs = new Map<string, ServiceSpec[]>();
  for (const svc of scenario.services) {
    if (svc.type === "LoadBalancer") {
      for (const entry of svc.status.loadBalancer.ingress) {
        if (!loadBalancerIPs.has(entry.ip)) loadBalancerIPs.set(entry.ip, { service: svc, ipMode: entry.ipMode });
      }
    }
    for (const ip of svc.externalIPs) {
      const list = externalIPs.get(ip);
      if (list === undefined) externalIPs.set(ip, [svc]);
      else list.push(svc);
    }
  }
  const index: ScenarioIndex = {
    podsByKey,
    nodesByIP: new Map(scenario.nodes.map((n) => [n.ip, n])),
    loadBalancerIPs,
    externalIPs,
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
    hostsFiles: new Map(),
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

/**
 * Who makes the request (`request.from`): a pod ("ns/name"), a process on a node ("node/NAME", in the node's
 * network namespace with the node's resolv.conf) or a client outside the cluster ("external/IP", which asks a
 * public resolver and reaches the cluster only through node, load balancer and external IPs).
 */
export interface Client {
  readonly kind: "pod" | "node" | "external";
  /** the pod; for a node or outside client, a stand-in with its address, resolver and DNS settings */
  readonly pod: PodSpec;
  /** "ns/name", "node/NAME" or "external/IP" */
  readonly key: string;
  readonly ip: string;
  /** the node it runs on ("" for an outside client) */
  readonly node: string;
  /** the trace's `at` for hops at the client */
  readonly at: string;
  /** its packets are generated in a node's own network namespace (hostNetwork pod, node process): nat OUTPUT */
  readonly local: boolean;
}

/** The public resolver an outside client uses (it knows nothing of the cluster zone). */
export const OUTSIDE_RESOLVER = "1.1.1.1";

export function clientOf(pod: PodSpec): Client {
  const key = namespacedName(pod);
  return { kind: "pod", pod, key, ip: pod.ip, node: pod.node, at: `pod ${key}`, local: pod.hostNetwork };
}

const standIn = (fields: Pick<PodSpec, "namespace" | "name" | "node" | "ip" | "dnsPolicy" | "dnsConfig">): PodSpec => ({
  ...fields,
  podIPs: [fields.ip],
  labels: {},
  ready: true,
  terminating: false,
  hostNetwork: true,
  resolver: "glibc",
  hostname: null,
  subdomain: null,
  hostAliases: [],
  setHostnameAsFQDN: false,
  containerPorts: [],
});

const requestClients = new WeakMap<Scenario, Client | null>();

/** The request's client (validateScenario has checked `request.from` names one); null when it names nothing. */
export function requestClient(scenario: Scenario, index: ScenarioIndex): Client | null {
  if (requestClients.has(scenario)) return requestClients.get(scenario) ?? null;
  const from = scenario.request.from;
  const pod = index.podsByKey.get(from);
  let client: Client | null = null;
  if (pod !== undefined) client = clientOf(pod);
  else {
    const other = nodeOrExternalClient(from);
    const name = other?.name ?? "";
    const node = index.nodesByName.get(name);
    if (other?.kind === "node" && node !== undefined) {
      const stand = standIn({
        namespace: "node",
        name,
        node: name,
        ip: node.ip,
        dnsPolicy: "Default",
        dnsConfig: null,
      });
      client = { kind: "node", pod: stand, key: from, ip: node.ip, node: name, at: `node ${name}`, local: true };
    } else if (other?.kind === "external") {
      const stand = standIn({
        namespace: "external",
        name,
        node: "",
        ip: name,
        dnsPolicy: "None",
        dnsConfig: { nameservers: [OUTSIDE_RESOLVER] },
      });
      client = { kind: "external", pod: stand, key: from, ip: name, node: "", at: `client ${name}`, local: false };
    }
  }
  requestClients.set(scenario, client);
  return client;
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

/** The /etc/hosts kubelet writes for the pod, computed once per scenario. */
export function hostsFileOf(scenario: Scenario, index: ScenarioIndex, pod: PodSpec): HostsFile {
  let file = index.hostsFiles.get(pod);
  if (file === undefined) {
    file = hostsFileFor(scenario, pod);
    index.hostsFiles.set(pod, file);
  }
  return file;
}
