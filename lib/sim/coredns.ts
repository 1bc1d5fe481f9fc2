import type { PodSpec, ServiceSpec } from "../schemas/scenario";
import { bigIntToIPv6, ipv6ToBigInt, isIPv4, type IpFamily } from "./cidr";
import { clusterIPOfFamily, podIPOfFamily } from "./ip-families";
import { endpointsOf, findPort, selects, type Endpoint } from "./endpoints";
import type { DnsAnswer, Rcode, RecordType, Scenario } from "./types";
import { KUBE_DNS_NAME, KUBE_DNS_NAMESPACE } from "./validate";
import { namespacedName } from "./namespaced-name";
import { delegatedTld, publicAddress } from "./public-dns";

export type QueryType = "A" | "AAAA" | "SRV";

export interface DnsLookup {
  readonly rcode: Rcode;
  readonly answers: readonly DnsAnswer[];
  /** NXDOMAIN and NODATA answers carry the zone's SOA in the authority section */
  readonly soa: boolean;
  /** who produced the answer */
  readonly source: "kubernetes" | "upstream";
  /** the upstream resolver a forwarded query went to */
  readonly forwardedTo: string | null;
  /** one sentence: why this answer */
  readonly reason: string;
}

/**
 * What CoreDNS knows about the cluster, indexed once per scenario (the kubernetes plugin's informer cache).
 * Cached per scenario object; scenarios are immutable values, so the cache can never go stale.
 */
interface ClusterView {
  readonly namespaces: ReadonlySet<string>;
  readonly services: ReadonlyMap<string, ServiceSpec>;
  readonly endpoints: Map<ServiceSpec, readonly Endpoint[]>;
  readonly podsByIP: ReadonlyMap<string, readonly PodSpec[]>;
  /** the scenario's overrides: addresses ([] for NODATA), or null for NXDOMAIN */
  readonly externalDNS: ReadonlyMap<string, readonly string[] | null>;
  /** filled on first use */
  dnsPods: readonly PodSpec[] | null;
}

const views = new WeakMap<Scenario, ClusterView>();

function clusterView(scenario: Scenario): ClusterView {
  const cached = views.get(scenario);
  if (cached !== undefined) return cached;
  const services = new Map<string, ServiceSpec>();
  for (const svc of scenario.services) services.set(namespacedName(svc), svc);
  const podsByIP = new Map<string, PodSpec[]>();
  for (const pod of scenario.pods) {
    const list = podsByIP.get(pod.ip);
    if (list === undefined) podsByIP.set(pod.ip, [pod]);
    else list.push(pod);
  }
  const externalDNS = new Map<string, readonly string[] | null>();
  for (const [name, ips] of Object.entries(scenario.externalDNS)) externalDNS.set(stripDot(name.toLowerCase()), ips);
  const namespaces = new Set(scenario.namespaces);
  for (const item of scenario.pods) namespaces.add(item.namespace);
  for (const item of scenario.services) namespaces.add(item.namespace);
  const view: ClusterView = { namespaces, services, endpoints: new Map(), podsByIP, externalDNS, dnsPods: null };
  views.set(scenario, view);
  return view;
}

function endpointsFor(scenario: Scenario, view: ClusterView, svc: ServiceSpec): readonly Endpoint[] {
  let list = view.endpoints.get(svc);
  if (list === undefined) {
    list = endpointsOf(scenario, svc);
    view.endpoints.set(svc, list);
  }
  return list;
}

function stripDot(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

const NXDOMAIN = (source: DnsLookup["source"], reason: string, forwardedTo: string | null = null): DnsLookup => ({
  rcode: "NXDOMAIN",
  answers: [],
  soa: true,
  source,
  forwardedTo,
  reason,
});

const NODATA = (source: DnsLookup["source"], reason: string, forwardedTo: string | null = null): DnsLookup => ({
  rcode: "NOERROR",
  answers: [],
  soa: true,
  source,
  forwardedTo,
  reason,
});

/** Whether a name is inside the cluster zone (CoreDNS serves it from the kubernetes plugin). */
export function inClusterZone(scenario: Scenario, name: string): boolean {
  const bare = stripDot(name.toLowerCase());
  const zone = scenario.clusterDomain.toLowerCase();
  return bare === zone || bare.endsWith(`.${zone}`);
}

/**
 * An upstream resolver (the node's nameservers, or any non-cluster nameserver a pod is given): it knows nothing
 * about the cluster zone. The public internet exists by default (public-dns.ts); `externalDNS` overrides a name
 * with its addresses, [] (NODATA) or null (NXDOMAIN).
 */
export function upstreamAnswer(scenario: Scenario, name: string, type: QueryType, server: string): DnsLookup {
  const bare = stripDot(name.toLowerCase());
  const overrides = clusterView(scenario).externalDNS;
  let ips: readonly string[] | null;
  let why: string;
  if (overrides.has(bare)) {
    ips = overrides.get(bare) ?? null;
    why = "the scenario's upstream";
  } else {
    const tld = delegatedTld(bare);
    ips = tld === null ? null : [publicAddress(bare)];
    why = tld === null ? "" : `the public DNS (${bare}. is under the delegated TLD .${tld})`;
  }
  if (ips === null) {
    const because = overrides.has(bare)
      ? "the scenario's upstream says it does not exist"
      : "it is under no delegated public TLD";
    return NXDOMAIN("upstream", `${server} answers NXDOMAIN for ${bare}.: ${because}`, server);
  }
  const records = ips.filter((ip) => (type === "AAAA" ? ip.includes(":") : type === "A" && !ip.includes(":")));
  if (records.length === 0) return NODATA("upstream", `${bare}. exists upstream but has no ${type} record`, server);
  return {
    rcode: "NOERROR",
    answers: records.map((ip) => ({ type: type === "AAAA" ? "AAAA" : "A", value: ip })),
    soa: false,
    source: "upstream",
    forwardedTo: server,
    reason: `${server} answers ${bare}. with ${records.join(", ")} from ${why}`,
  };
}

/**
 * How the CoreDNS kubernetes plugin splits a name under the zone (plugin/kubernetes/parse.go parseRequest),
 * reading labels from the right: `svc|pod`, namespace, service, then either one endpoint label or
 * `_port._proto`; anything longer is an invalid request (NXDOMAIN).
 */
interface RecordRequest {
  readonly podOrSvc: "svc" | "pod" | "";
  readonly namespace: string;
  readonly service: string;
  readonly endpoint: string;
  readonly port: string;
  readonly protocol: string;
}

function parseRecordRequest(base: string): RecordRequest | "invalid" {
  const empty: RecordRequest = { podOrSvc: "", namespace: "", service: "", endpoint: "", port: "", protocol: "" };
  if (base === "") return empty;
  const segs = base.split(".");
  let last = segs.length - 1;
  const kind = segs[last];
  if (kind !== "svc" && kind !== "pod") return "invalid";
  last--;
  if (last < 0) return { ...empty, podOrSvc: kind };
  const namespace = segs[last] as string;
  last--;
  if (last < 0) return { ...empty, podOrSvc: kind, namespace };
  const service = segs[last] as string;
  last--;
  if (last < 0) return { ...empty, podOrSvc: kind, namespace, service };
  if (last === 0) return { ...empty, podOrSvc: kind, namespace, service, endpoint: segs[0] as string };
  if (last === 1) {
    const strip = (label: string): string => (label.startsWith("_") ? label.slice(1) : label);
    return {
      ...empty,
      podOrSvc: kind,
      namespace,
      service,
      port: strip(segs[0] as string),
      protocol: strip(segs[1] as string),
    };
  }
  return "invalid";
}

/** CoreDNS endpointHostname: the endpoint's hostname, else its IP with dashes. */
export function endpointHostname(endpoint: Endpoint, svc: ServiceSpec): string {
  // EndpointSlice controller: the pod's hostname is published only when its subdomain names this Service
  if (endpoint.pod.hostname !== null && endpoint.pod.subdomain === svc.name) return endpoint.pod.hostname;
  return endpoint.ip.replaceAll(".", "-");
}

// CoreDNS match(): "*" and "any" are wildcards; an empty request field matches anything.
function matches(requested: string, actual: string): boolean {
  return (
    requested === "" || requested === "*" || requested === "any" || requested.toLowerCase() === actual.toLowerCase()
  );
}

interface ServiceRecord {
  /** the IPv4 address (A), null when the record has none */
  readonly host: string | null;
  /** the IPv6 address (AAAA), null when the record has none */
  readonly host6: string | null;
  readonly port: number;
  /** the record's own name (SRV target for headless endpoints) */
  readonly target: string;
}

/**
 * The answer CoreDNS gives (kubernetes/dns docs/specification.md; CoreDNS plugin/kubernetes
 * kubernetes.go Records/findServices/findPods and handler.go). Names outside the zone are forwarded to the
 * upstream resolver the CoreDNS pod inherited from its node (`forward . /etc/resolv.conf`).
 */
export function corednsAnswer(
  scenario: Scenario,
  name: string,
  type: QueryType,
  upstream: string,
  depth = 0,
  /**
   * How CoreDNS resolves an ExternalName's target (plugin/pkg/upstream: the query goes through the whole server
   * again, so a Corefile's stub domains and rewrites apply to it); default: this function again
   */
  follow: (target: string, type: QueryType, depth: number) => DnsLookup = (target, t, d) =>
    corednsAnswer(scenario, target, t, upstream, d),
): DnsLookup {
  const qname = stripDot(name.toLowerCase());
  if (!inClusterZone(scenario, qname)) {
    return upstreamAnswer(scenario, qname, type, upstream);
  }
  const coredns = scenario.dns.coredns;
  if (!coredns.synced) {
    // plugin/kubernetes: until the informers have synced, cluster names answer SERVFAIL
    return {
      rcode: "SERVFAIL",
      answers: [],
      soa: false,
      source: "kubernetes",
      forwardedTo: null,
      reason: "CoreDNS has not synced with the API server yet",
    };
  }
  const zone = scenario.clusterDomain.toLowerCase();
  const base = qname === zone ? "" : qname.slice(0, -(zone.length + 1));
  const request = parseRecordRequest(base);
  if (request === "invalid") {
    return NXDOMAIN(
      "kubernetes",
      `${qname}. is not a name the kubernetes plugin serves (wrong shape or too many labels)`,
    );
  }
  if (request.podOrSvc === "" || request.namespace === "") {
    return NODATA("kubernetes", `${qname}. is the zone or its svc/pod apex: it exists but has no ${type} record`);
  }
  const view = clusterView(scenario);
  if (!view.namespaces.has(request.namespace)) {
    return NXDOMAIN("kubernetes", `namespace "${request.namespace}" does not exist`);
  }
  if (request.podOrSvc === "pod") return podAnswer(scenario, view, qname, request, type);
  if (request.service === "") {
    return NODATA("kubernetes", `${qname}. is namespace "${request.namespace}": it exists but has no ${type} record`);
  }
  const requested = namespacedName({ namespace: request.namespace, name: request.service });
  const svc = view.services.get(requested);
  if (svc === undefined) {
    return NXDOMAIN("kubernetes", `there is no Service ${requested}`);
  }
  const svcName = `${svc.name}.${svc.namespace}.svc.${zone}`;

  if (svc.type === "ExternalName") {
    // ExternalName answers no endpoint, port or protocol sub-names
    if (request.endpoint !== "" || request.port !== "" || svc.externalName === null || isIPv4(svc.externalName)) {
      return NXDOMAIN("kubernetes", `ExternalName Service ${namespacedName(svc)} has no such sub-name`);
    }
    const target = stripDot(svc.externalName.toLowerCase());
    const cname: DnsAnswer = { type: "CNAME", value: `${target}.` };
    if (type === "SRV")
      return { ...NODATA("kubernetes", "an ExternalName Service has no SRV records"), answers: [cname], soa: false };
    // For A/AAAA CoreDNS also resolves the target (upstream, or itself for cluster names) and appends it.
    const followed = depth < 8 ? follow(target, type, depth + 1) : null;
    const chased = followed !== null && followed.rcode === "NOERROR" ? followed.answers : [];
    // plugin/backend_lookup.go A/AAAA: a target inside the zone that yields nothing drops the CNAME too (NODATA);
    // a target resolved upstream keeps the CNAME even when upstream has no address
    if (chased.length === 0 && inClusterZone(scenario, target)) {
      return NODATA(
        "kubernetes",
        `ExternalName ${namespacedName(svc)} points at ${target}., which has no ${type} record in the cluster`,
      );
    }
    return {
      rcode: "NOERROR",
      answers: [cname, ...chased],
      soa: false,
      source: "kubernetes",
      forwardedTo: followed?.forwardedTo ?? null,
      reason:
        chased.length > 0
          ? `ExternalName ${namespacedName(svc)} is a CNAME to ${target}., which resolves to ${
              chased
                .filter((a) => a.type === "A")
                .map((a) => a.value)
                .join(", ") || "no address"
            }`
          : `ExternalName ${namespacedName(svc)} is a CNAME to ${target}., which has no ${type} record`,
    };
  }

  const records: ServiceRecord[] = [];
  const headless = svc.clusterIP === "None";
  // the EndpointSlice controller writes one slice per family of the Service (getAddressTypesForService), and
  // CoreDNS answers A from the IPv4 slices and AAAA from the IPv6 ones
  const sliceFamilies = serviceSliceFamilies(svc);
  if (headless || request.endpoint !== "") {
    const endpoints = endpointsFor(scenario, view, svc);
    // CoreDNS publishes ready addresses only (publishNotReadyAddresses marks every endpoint ready)
    const ports = svc.ports.length > 0 ? svc.ports : [null];
    for (const endpoint of endpoints) {
      if (!endpoint.ready) continue;
      const hostname = endpointHostname(endpoint, svc);
      if (request.endpoint !== "" && hostname !== request.endpoint) continue;
      for (const port of ports) {
        if (port !== null && !(matches(request.port, port.name) && matches(request.protocol, port.protocol))) continue;
        if (port === null && request.port !== "") continue;
        // the EndpointSlice port: a named targetPort resolved on this pod; a pod without it has no such SRV
        const target = port === null ? 0 : findPort(endpoint.pod, port);
        if (target === null) continue;
        records.push({
          host: sliceFamilies.includes("IPv4") ? endpoint.ip : null,
          host6: sliceFamilies.includes("IPv6") ? podIPOfFamily(endpoint.pod, "IPv6") : null,
          port: target,
          target: `${hostname}.${svcName}.`,
        });
      }
    }
  } else {
    if (coredns.ignoreEmptyService && endpointsFor(scenario, view, svc).every((e) => !e.ready)) {
      return NXDOMAIN(
        "kubernetes",
        `Service ${namespacedName(svc)} has no ready endpoints and CoreDNS runs "ignore empty_service"`,
      );
    }
    for (const port of svc.ports) {
      if (!(matches(request.port, port.name) && matches(request.protocol, port.protocol))) continue;
      // SRV exists only for named ports
      if (request.port !== "" && port.name === "") continue;
      records.push({
        host: clusterIPOfFamily(svc, "IPv4"),
        host6: clusterIPOfFamily(svc, "IPv6"),
        port: port.port,
        target: `${svcName}.`,
      });
    }
  }
  if (records.length === 0) {
    const what = headless
      ? `headless Service ${namespacedName(svc)} has no ready endpoint`
      : `Service ${namespacedName(svc)} has no matching port`;
    return NXDOMAIN(
      "kubernetes",
      request.endpoint !== ""
        ? `Service ${namespacedName(svc)} has no ready endpoint named "${request.endpoint}"`
        : what,
    );
  }
  return recordsAnswer(records, type, svc, headless, request.port !== "");
}

function serviceSliceFamilies(svc: ServiceSpec): readonly IpFamily[] {
  return svc.ipFamilies.length > 0 ? svc.ipFamilies : ["IPv4"];
}

function recordsAnswer(
  records: readonly ServiceRecord[],
  type: QueryType,
  svc: ServiceSpec,
  headless: boolean,
  srvName: boolean,
): DnsLookup {
  const kind = headless ? "headless Service" : "Service";
  const sliceFamilies = serviceSliceFamilies(svc);
  if (type === "AAAA" || type === "A") {
    const family = type === "A" ? "IPv4" : "IPv6";
    const hosts = [...new Set(records.map((r) => (type === "A" ? r.host : r.host6)).filter((h) => h !== null))];
    if (hosts.length === 0) {
      // the name exists, so NOERROR without answers (NODATA) plus SOA
      const other = family === "IPv4" ? "IPv6" : "IPv4";
      return NODATA(
        "kubernetes",
        sliceFamilies.includes(family)
          ? `${kind} ${namespacedName(svc)} has no ready endpoint with an ${family} address (NODATA for ${type})`
          : `${kind} ${namespacedName(svc)} has ${other} addresses only (NODATA for ${type})`,
      );
    }
    const which = sliceFamilies.length > 1 ? `${family} ` : "";
    return {
      rcode: "NOERROR",
      answers: hosts.map((host) => ({ type: type as RecordType, value: host })),
      soa: false,
      source: "kubernetes",
      forwardedTo: null,
      reason: headless
        ? `headless Service ${namespacedName(svc)}: one ${type} record per ready endpoint (${hosts.join(", ")})`
        : `Service ${namespacedName(svc)}: its ${which}ClusterIP ${hosts.join(", ")}, never the pod IPs`,
    };
  }
  if (type === "SRV") {
    if (!srvName && records.every((r) => r.port === 0))
      return NODATA("kubernetes", "no ports to publish SRV records for");
    const weight = Math.floor(100 / records.length);
    const answers: DnsAnswer[] = records.map((r) => ({ type: "SRV", value: `0 ${weight} ${r.port} ${r.target}` }));
    return {
      rcode: "NOERROR",
      answers,
      soa: false,
      source: "kubernetes",
      forwardedTo: null,
      reason: `SRV records of ${kind} ${namespacedName(svc)}`,
    };
  }
  return NODATA("kubernetes", `no ${type} records`);
}

/** `a-b-c-d.<ns>.pod.<zone>` (CoreDNS findPods, per the `pods` option). */
function podAnswer(
  scenario: Scenario,
  view: ClusterView,
  qname: string,
  request: RecordRequest,
  type: QueryType,
): DnsLookup {
  const mode = scenario.dns.coredns.pods;
  if (mode === "disabled") return NXDOMAIN("kubernetes", "pod records are disabled (CoreDNS `pods disabled`)");
  if (request.service === "")
    return NODATA("kubernetes", `${qname}. is namespace "${request.namespace}" in the pod zone: NODATA`);
  const dashed = request.service;
  // findPods: three dashes and no "--" is an IPv4 address, anything else is read as IPv6 (dashes for colons)
  const v4 = dashed.split("-").length === 4 && !dashed.includes("--");
  const parsed6 = v4 ? null : ipv6ToBigInt(dashed.replaceAll("-", ":"));
  const ip = v4 ? dashed.replaceAll("-", ".") : parsed6 === null ? "" : bigIntToIPv6(parsed6);
  if (v4 ? !isIPv4(ip) : ip === "") return NXDOMAIN("kubernetes", `"${dashed}" is not a dashed IP address`);
  if (mode === "verified") {
    // the pod index is keyed on status.podIP alone (CoreDNS object.Pod keeps only PodIP), so a pod's second
    // (IPv6) address is never verified
    const pods = view.podsByIP.get(ip) ?? [];
    if (!pods.some((pod) => pod.namespace === request.namespace)) {
      return NXDOMAIN("kubernetes", `no pod with IP ${ip} in namespace ${request.namespace} (pods verified)`);
    }
  }
  const recordType = v4 ? "A" : "AAAA";
  if (type !== recordType) return NODATA("kubernetes", `pod record ${qname}. has an ${recordType} record only`);
  return {
    rcode: "NOERROR",
    answers: [{ type: recordType, value: ip }],
    soa: false,
    source: "kubernetes",
    forwardedTo: null,
    reason:
      mode === "insecure"
        ? `pods insecure: the IP is read from the name (${ip}) without checking a pod has it`
        : `pods verified: pod with IP ${ip} exists in ${request.namespace}`,
  };
}

/** The pods serving cluster DNS: those behind the kube-dns Service (kube-system/kube-dns selector). */
export function corednsPods(scenario: Scenario): readonly PodSpec[] {
  const view = clusterView(scenario);
  if (view.dnsPods === null) {
    const svc = view.services.get(namespacedName({ namespace: KUBE_DNS_NAMESPACE, name: KUBE_DNS_NAME }));
    view.dnsPods = svc === undefined ? [] : scenario.pods.filter((pod) => selects(svc, pod));
  }
  return view.dnsPods;
}
