/**
 * What is set up before the request and is not part of its order (the trace's `context`): the resolv.conf
 * kubelet wrote, the EndpointSlices of the Services involved, kube-proxy's programmed rules and CoreDNS's view.
 */
import { clusterIPOfFamily } from "./ip-families";
import type { CorefileSpec, ServiceSpec } from "../schemas/scenario";
import { corednsPods } from "./coredns";
import { endpointsOf, findPort, namedTargetPort, type Endpoint } from "./endpoints";
import type { ProxyDecision } from "./kube-proxy";
import { namespacedName } from "./namespaced-name";
import { plural } from "../content/plural";
import { clusterNameserver } from "./resolv-conf";
import type { Client, ScenarioIndex } from "./scenario-index";
import type { ContextFact, DnsQuery, ResolvConf, Scenario } from "./types";
import { KUBE_DNS_NAME, KUBE_DNS_NAMESPACE } from "./validate";

const KUBE_DNS_KEY = namespacedName({ namespace: KUBE_DNS_NAMESPACE, name: KUBE_DNS_NAME });

export interface ContextInput {
  readonly scenario: Scenario;
  readonly index: ScenarioIndex;
  readonly client: Client;
  readonly conf: ResolvConf;
  readonly queries: readonly DnsQuery[];
  /** the Services the DNS packets went through */
  readonly dnsServices: ReadonlySet<ServiceSpec>;
  /** kube-proxy's decision for the application's connection, null when none was attempted */
  readonly decision: ProxyDecision | null;
}

export function contextFacts(input: ContextInput): ContextFact[] {
  const { scenario, client, conf, index } = input;
  const facts: ContextFact[] = [{ kind: "kubelet.resolv-conf", summary: resolvConfSentence(client, conf) }];
  for (const svc of servicesInvolved(input)) facts.push(endpointFact(scenario, index, svc));
  const proxyNode = input.decision?.node ?? client.node;
  if (proxyNode !== "") facts.push(syncFact(scenario, index, proxyNode));
  facts.push(corednsFact(scenario, index));
  return facts;
}

function resolvConfSentence(client: Client, conf: ResolvConf): string {
  const search = conf.search.join(" ") || "(none)";
  const nameservers = conf.nameservers.join(", ") || "(none)";
  if (client.kind === "node") {
    return `${client.key} is a process on the node itself: it reads the node's own /etc/resolv.conf (search ${search}; nameserver ${nameservers}), not a kubelet-written one.`;
  }
  if (client.kind === "external") {
    return `${client.key} is outside the cluster: it asks a public resolver (${nameservers}), which knows nothing of the cluster's DNS zone.`;
  }
  const hostNetwork = client.pod.hostNetwork ? " (hostNetwork)" : "";
  const options = conf.options.join(" ") || "(none)";
  return `When ${client.key} started, kubelet on ${client.node} wrote its /etc/resolv.conf for dnsPolicy ${client.pod.dnsPolicy}${hostNetwork}: search ${search}; nameserver ${nameservers}; options ${options}.`;
}

/** kube-dns (when the pod uses cluster DNS), the Services DNS went through, then the request's own Service. */
function servicesInvolved(input: ContextInput): ServiceSpec[] {
  const { scenario, index, conf, dnsServices, decision } = input;
  const services: ServiceSpec[] = [];
  const kubeDns = index.servicesByKey.get(KUBE_DNS_KEY);
  const usesClusterDns =
    conf.nameservers.includes(clusterNameserver(scenario)) || conf.nameservers.includes(scenario.dns.clusterDNS);
  if (kubeDns !== undefined && (usesClusterDns || dnsServices.has(kubeDns))) addOnce(services, kubeDns);
  for (const svc of dnsServices) addOnce(services, svc);
  const target = decision?.service ?? null;
  if (target !== null) {
    addOnce(services, index.servicesByKey.get(namespacedName(target)));
  } else {
    // headless / ExternalName targets: the Service the name resolved through
    for (const query of input.queries) {
      if (query.rcode === "NOERROR") addOnce(services, serviceNamed(scenario, index, query.name));
    }
  }
  return services;
}

function addOnce(services: ServiceSpec[], svc: ServiceSpec | undefined): void {
  if (svc !== undefined && !services.includes(svc)) services.push(svc);
}

function endpointCondition(endpoint: Endpoint): string {
  if (endpoint.ready) return "ready";
  if (endpoint.serving && endpoint.terminating) return "serving, terminating";
  return "not ready";
}

function endpointFact(scenario: Scenario, index: ScenarioIndex, svc: ServiceSpec): ContextFact {
  const cached = index.endpointFacts.get(svc);
  if (cached !== undefined) return cached;
  const fact: ContextFact = { kind: "endpointslice.ready", summary: endpointSentence(scenario, svc) };
  index.endpointFacts.set(svc, fact);
  return fact;
}

function endpointSentence(scenario: Scenario, svc: ServiceSpec): string {
  const key = namespacedName(svc);
  if (svc.type === "ExternalName") {
    return `${key} is an ExternalName Service (${svc.externalName}): no EndpointSlice, no ClusterIP, no kube-proxy rules.`;
  }
  const endpoints = endpointsOf(scenario, svc);
  const ready = endpoints.filter((e) => e.ready).length;
  const listed = endpoints.map((e) => `${e.ip} (${e.pod.name} on ${e.node}, ${endpointCondition(e)})`);
  const list = listed.length > 0 ? `: ${listed.join(", ")}` : "";
  return `The EndpointSlice controller lists ${plural(endpoints.length, "endpoint")} for ${key}, ${ready} ready${list}.${namedPortSentences(svc, endpoints)}`;
}

/** Per named targetPort, the number each endpoint pod gives it (podutil FindPort), and the pods without it. */
function namedPortSentences(svc: ServiceSpec, endpoints: readonly Endpoint[]): string {
  let text = "";
  for (const port of svc.ports) {
    const name = namedTargetPort(port);
    if (name === null || endpoints.length === 0) continue;
    const found: string[] = [];
    const missing: string[] = [];
    for (const e of endpoints) {
      const number = findPort(e.pod, port);
      if (number === null) missing.push(e.pod.name);
      else found.push(`${number} on ${e.pod.name}`);
    }
    const on = found.length > 0 ? `container port ${found.join(", ")}` : "no container port of any endpoint pod";
    const without =
      missing.length > 0
        ? `; ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} no ${port.protocol} container port named "${name}", so ${missing.length === 1 ? "it is" : "they are"} not an endpoint of that port`
        : "";
    text += ` Port ${port.port}/${port.protocol} targets the named port "${name}": ${on}${without}.`;
  }
  return text;
}

const PROGRAMMED: Readonly<Record<Scenario["kubeProxy"]["mode"], string>> = {
  iptables: "the KUBE-SERVICES chains",
  ipvs: "IPVS virtual servers",
  nftables: "the nftables kube-proxy table",
};

const PROGRAMMED_IPV6: Readonly<Record<Scenario["kubeProxy"]["mode"], string>> = {
  iptables: "the ip6tables KUBE-SERVICES chains",
  ipvs: "IPv6 IPVS virtual servers",
  nftables: "the nftables ip6 kube-proxy table",
};

function syncFact(scenario: Scenario, index: ScenarioIndex, node: string): ContextFact {
  const cached = index.syncFacts.get(node);
  if (cached !== undefined) return cached;
  const servicePorts = scenario.services
    .filter((s) => s.type !== "ExternalName" && s.clusterIP !== "None")
    .reduce((n, s) => n + s.ports.length, 0);
  const mode = scenario.kubeProxy.mode;
  // dual-stack: a second proxier for the IPv6 family programs the Services that have an IPv6 ClusterIP
  const ipv6Ports =
    scenario.serviceCIDRs.length < 2
      ? 0
      : scenario.services
          .filter((s) => s.type !== "ExternalName" && clusterIPOfFamily(s, "IPv6") !== null)
          .reduce((n, s) => n + s.ports.length, 0);
  const ipv6 =
    scenario.serviceCIDRs.length < 2
      ? ""
      : ` Its IPv6 proxier has programmed ${PROGRAMMED_IPV6[mode]} for ${plural(ipv6Ports, "Service port")} with an IPv6 ClusterIP.`;
  const fact: ContextFact = {
    kind: "kube-proxy.sync",
    summary: `kube-proxy on ${node} (${mode} mode) watches Services and EndpointSlices and has programmed ${PROGRAMMED[mode]} for ${plural(servicePorts, "Service port")}.${ipv6}`,
  };
  index.syncFacts.set(node, fact);
  return fact;
}

function corednsFact(scenario: Scenario, index: ScenarioIndex): ContextFact {
  if (index.corednsFact === null) {
    index.corednsFact = { kind: "coredns.watch", summary: corednsSentence(scenario) };
  }
  return index.corednsFact;
}

function corednsSentence(scenario: Scenario): string {
  const c = scenario.dns.coredns;
  const names = corednsPods(scenario).map(namespacedName).join(", ") || "no pods";
  if (!c.synced) {
    return `CoreDNS (${names}) has not synced with the API server yet: it answers SERVFAIL for ${scenario.clusterDomain} names.`;
  }
  const emptyService = c.ignoreEmptyService ? ", ignore empty_service" : "";
  const serves = `CoreDNS (${names}) watches Services, EndpointSlices and Namespaces and serves ${scenario.clusterDomain} (pods ${c.pods}, ttl ${c.ttl}${emptyService})`;
  if (c.corefile === undefined) return `${serves}; other names are forwarded to the node's resolvers.`;
  return `${serves}; ${corefileClauses(c.corefile).join("; ")}.`;
}

/** What the scenario's Corefile adds to kubeadm's, clause by clause (lib/sim/corefile.ts renderCorefile). */
function corefileClauses(corefile: CorefileSpec): string[] {
  const forward = corefile.forward.length > 0 ? corefile.forward.join(", ") : "the node's resolvers";
  const clauses = [`other names are forwarded to ${forward}`];
  for (const [domain, servers] of Object.entries(corefile.stubDomains)) {
    clauses.push(`names under ${domain.replace(/\.$/, "")} go to the server block forwarding to ${servers.join(", ")}`);
  }
  for (const rule of corefile.rewrite) clauses.push(`rewrite name ${rule.match} ${rule.from} ${rule.to}`);
  if (corefile.autopath) clauses.push("autopath @kubernetes walks a verified pod's search path on the server");
  const { success, denial } = corefile.cache;
  clauses.push(`answers are cached for at most ${success} s, denials ${denial} s`);
  return clauses;
}

/** The Service `<svc>.<ns>.svc.<domain>.` names, if any. */
function serviceNamed(scenario: Scenario, index: ScenarioIndex, name: string): ServiceSpec | undefined {
  const suffix = `.svc.${scenario.clusterDomain}.`;
  if (!name.endsWith(suffix)) return undefined;
  const labels = name.slice(0, -suffix.length).split(".");
  if (labels.length !== 2) return undefined;
  const [service, namespace] = labels as [string, string];
  return index.servicesByKey.get(namespacedName({ namespace, name: service }));
}
