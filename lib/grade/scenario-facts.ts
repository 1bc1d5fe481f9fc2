import type { ServiceSpec } from "../schemas/scenario";
import type { HopKind, Trace } from "../sim/types";
import { splitHostPort } from "../sim/index";

/**
 * What the grader needs to know about a trace, read from its binding fields (the trace schema in lib/sim/types.ts):
 * which kind of name was looked up, which addresses and names a learner may quote, and which hops happened.
 */
export type TargetKind = "clusterip" | "headless" | "externalname" | "external" | "unresolved" | "outside";

export interface ScenarioFacts {
  readonly kind: TargetKind;
  /** the client pod's name ("foo") and its node's name */
  readonly clientName: string;
  readonly clusterDomain: string;
  readonly search: readonly string[];
  /** the resolv.conf ndots value ("5"), or null */
  readonly ndots: string | null;
  readonly nodeNames: readonly string[];
  readonly namespaces: readonly string[];
  readonly serviceNames: readonly string[];
  readonly podNames: readonly string[];
  readonly podIPs: readonly string[];
  /** nodes of the pods whose addresses DNS returned (headless: any of them is a valid path) */
  readonly addressNodes: readonly string[];
  readonly hops: ReadonlySet<HopKind>;
  readonly clientPod: string;
  readonly clientNamespace: string;
  readonly clientNode: string | null;
  readonly clientIP: string | null;
  readonly host: string;
  readonly port: string | null;
  readonly service: ServiceSpec | null;
  readonly crossNamespace: boolean;
  /** the name that answered, without the trailing dot (or the last name tried) */
  readonly fqdn: string | null;
  readonly clusterDNS: string | null;
  readonly nodeLocalDNS: string | null;
  readonly usesNodeLocalDNS: boolean;
  readonly dnsServiceNat: boolean;
  readonly clusterIP: string | null;
  readonly addresses: readonly string[];
  readonly backendIPs: readonly string[];
  readonly backendEndpoints: readonly string[];
  readonly backendPods: readonly string[];
  /** the pods the Service's selector picks, ready or not (names and IPs): what an answer about it may name */
  readonly selectedPods: readonly { readonly name: string; readonly ip: string }[];
  readonly backendNode: string | null;
  readonly crossNode: boolean;
  readonly nodeIPs: readonly string[];
  readonly proxyMode: "iptables" | "ipvs" | "nftables";
  readonly kubeProxyInvolved: boolean;
  readonly chains: readonly string[];
  readonly outcome: "established" | "refused" | "timeout" | null;
  readonly externalName: string | null;
  readonly targetPort: string | null;
  /** the connection is source-NATed on its way (masquerade to the node IP) */
  readonly snat: boolean;
  /**
   * A client outside the cluster (`external/IP`) calling a LoadBalancer ingress IP or a NodePort: kind
   * "outside", `clientNode` is the node the packet enters by (the load balancer's choice), `clientIP` the
   * client's own address and `service` the Service it reaches; null for a client in the cluster.
   */
  readonly outside: OutsideFacts | null;
  /** the pod's /etc/hosts answered the lookup (a hostAliases entry): no DNS query was sent; null otherwise */
  readonly hostsFile: HostsFacts | null;
  /** every ClusterIP of the Service, one per family (dual-stack: IPv4 and IPv6) */
  readonly clusterIPs: readonly string[];
  /** the ClusterIP the client connected to (the family getaddrinfo sorted first), else `clusterIP` */
  readonly dialledClusterIP: string | null;
  /** CoreDNS's autopath answered the first search candidate with a CNAME to the Service's name */
  readonly autopath: boolean;
}

export interface HostsFacts {
  /** the name as the application asked for it */
  readonly name: string;
  /** the addresses the file's matching lines give */
  readonly addresses: readonly string[];
}

export interface OutsideFacts {
  /** the load balancer's ingress IP the client dialled, null for a NodePort */
  readonly lbIP: string | null;
  /** the Service port's nodePort */
  readonly nodePort: string | null;
  readonly trafficPolicy: "Cluster" | "Local";
  /** the Local policy's healthCheckNodePort, null under Cluster */
  readonly healthCheckNodePort: string | null;
  /** the node the packet enters by and its address */
  readonly entryNode: string | null;
  readonly entryNodeIP: string | null;
  /** the source the backend saw (a node address after the masquerade, or the client's own) */
  readonly seenSourceIP: string | null;
  /** externalTrafficPolicy Local and no ready endpoint of the Service on the entry node: the node drops it */
  readonly noLocalEndpoint: boolean;
}

function hostAndPort(url: string): { host: string; port: string | null } {
  // "https://bar/" or "bar.other:8080" — the URL parser needs a scheme; the host is all we rely on
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  try {
    const parsed = new URL(withScheme);
    const port = parsed.port !== "" ? parsed.port : parsed.protocol === "https:" ? "443" : "80";
    return { host: parsed.hostname.toLowerCase(), port };
  } catch {
    return { host: url.toLowerCase(), port: null };
  }
}

const withoutDot = (name: string): string => (name.endsWith(".") ? name.slice(0, -1) : name);
const ipOf = (endpoint: string): string => splitHostPort(endpoint).ip;

export function scenarioFacts(trace: Trace): ScenarioFacts {
  const scenario = trace.scenario;
  const hops = new Set(trace.hops.map((h) => h.kind));
  const [clientNamespace = "", clientName = ""] = scenario.request.from.split("/");
  const clientPod = scenario.pods.find((p) => p.namespace === clientNamespace && p.name === clientName);
  const { host, port } = hostAndPort(scenario.request.url);
  const domain = withoutDot(scenario.clusterDomain);

  const queries = trace.dns.queries;
  const answered = queries.find((q) => q.rcode === "NOERROR" && q.answers.length > 0);
  const serviceFor = (name: string) =>
    scenario.services.find((s) => withoutDot(name) === `${s.name}.${s.namespace}.svc.${domain}`) ?? null;
  // CoreDNS's autopath answers the first search candidate with a CNAME to the name that resolves in the
  // cluster: that name is the one that answered, and its Service is the one called
  const autopathTarget =
    answered?.answers.find((a) => a.type === "CNAME" && serviceFor(a.value)?.type !== "ExternalName")?.value ?? null;
  const autopathService = autopathTarget !== null ? serviceFor(autopathTarget) : null;
  const fqdnWithDot =
    (autopathService !== null ? autopathTarget : answered?.name) ?? queries[queries.length - 1]?.name ?? null;
  let service = autopathService ?? (answered !== undefined ? serviceFor(answered.name) : null);
  if (service === null) {
    for (const q of queries) {
      service = serviceFor(q.name);
      if (service !== null) break;
    }
  }

  const addresses = trace.dns.result.addresses;
  const hostsHop = trace.hops.find((h) => h.kind === "resolver.hosts");
  const hostsFile: HostsFacts | null = hostsHop === undefined ? null : { name: host, addresses: [...addresses] };
  // an address from /etc/hosts that is a Service's ClusterIP: the connection is that Service's traffic
  if (service === null && hostsFile !== null) {
    service = scenario.services.find((s) => s.clusterIP !== null && addresses.includes(s.clusterIP)) ?? null;
  }
  // a client outside the cluster dials an address: the Service is the one owning it (ingress IP or NodePort)
  const outsideClient = clientNamespace === "external";
  if (outsideClient && service === null) {
    service =
      scenario.services.find(
        (s) =>
          s.status.loadBalancer.ingress.some((e) => e.ip === host) ||
          (scenario.nodes.some((n) => n.ip === host) && s.ports.some((p) => String(p.nodePort) === port)),
      ) ?? null;
  }
  let kind: TargetKind;
  if (outsideClient && service !== null && trace.connection !== null) kind = "outside";
  else if (service?.type === "ExternalName") kind = "externalname";
  else if (service !== null && service.clusterIP === "None") kind = "headless";
  else if (service !== null) kind = "clusterip";
  else if (addresses.length > 0 || trace.connection !== null) kind = "external";
  else kind = "unresolved";

  const candidates = trace.proxy?.candidates.map((c) => c.endpoint) ?? [];
  const backend = trace.connection?.backend ?? null;
  const backendEndpoints = [...new Set([...(backend !== null ? [backend] : []), ...candidates])];
  const backendIPs = [...new Set([...backendEndpoints.map(ipOf), ...(kind === "headless" ? addresses : [])])];
  // a dual-stack backend is reached at its IPv6 address: the pod is named by any of its addresses
  const backendPods = scenario.pods
    .filter((p) => backendIPs.includes(p.ip) || p.podIPs.some((ip) => backendIPs.includes(ip)))
    .map((p) => p.name)
    .sort();
  const selector = service?.selector ?? null;
  const selectedPods = scenario.pods
    .filter(
      (p) =>
        selector !== null &&
        p.namespace === service?.namespace &&
        Object.entries(selector).every(([k, v]) => p.labels?.[k] === v),
    )
    .map((p) => ({ name: p.name, ip: p.ip }));
  const backendNode = trace.connection?.backendNode ?? null;
  const clusterIP =
    service !== null && service.clusterIP !== null && service.clusterIP !== "None" ? service.clusterIP : null;
  const clusterIPs =
    clusterIP === null || service === null
      ? []
      : [clusterIP, ...service.clusterIPs.filter((ip) => ip !== clusterIP && ip !== "None")];
  const nodeLocalDNS = scenario.dns.nodeLocalDNS;

  const entryNode = kind === "outside" ? (trace.connection?.nodes[0] ?? null) : null;
  const servicePort =
    service?.ports.find((p) => String(p.port) === port) ??
    service?.ports.find((p) => String(p.nodePort) === port) ??
    null;
  const outside: OutsideFacts | null =
    kind === "outside" && service !== null
      ? {
          lbIP: service.status.loadBalancer.ingress.some((e) => e.ip === host) ? host : null,
          nodePort: servicePort?.nodePort != null ? String(servicePort.nodePort) : null,
          trafficPolicy: service.externalTrafficPolicy === "Local" ? "Local" : "Cluster",
          healthCheckNodePort:
            service.externalTrafficPolicy === "Local" && service.healthCheckNodePort != null
              ? String(service.healthCheckNodePort)
              : null,
          entryNode,
          entryNodeIP: scenario.nodes.find((n) => n.name === entryNode)?.ip ?? null,
          seenSourceIP: trace.connection?.seenSource != null ? splitHostPort(trace.connection.seenSource).ip : null,
          noLocalEndpoint:
            service.externalTrafficPolicy === "Local" &&
            entryNode !== null &&
            !scenario.pods.some(
              (p) => p.node === entryNode && p.ready && selectedPods.some((s) => s.ip === p.ip && s.name === p.name),
            ),
        }
      : null;
  const clientNode = outside !== null ? outside.entryNode : (clientPod?.node ?? null);
  const ndots = trace.resolvConf.options.find((o) => o.startsWith("ndots:"))?.slice(6) ?? null;
  return {
    kind,
    clientName,
    clusterDomain: domain,
    search: trace.resolvConf.search,
    ndots,
    nodeNames: scenario.nodes.map((n) => n.name),
    namespaces: [...new Set([...scenario.namespaces, ...scenario.pods.map((p) => p.namespace)])],
    serviceNames: [...new Set(scenario.services.map((s) => s.name))],
    podNames: scenario.pods.map((p) => p.name),
    podIPs: scenario.pods.map((p) => p.ip),
    addressNodes: [...new Set(scenario.pods.filter((p) => addresses.includes(p.ip)).map((p) => p.node))],
    hops,
    clientPod: scenario.request.from,
    clientNamespace,
    clientNode,
    clientIP: outside !== null ? clientName : (clientPod?.ip ?? null),
    host,
    port,
    service,
    crossNamespace: service !== null && kind !== "outside" && service.namespace !== clientNamespace,
    fqdn: fqdnWithDot === null ? null : withoutDot(fqdnWithDot),
    clusterDNS: trace.resolvConf.nameservers[0] ?? null,
    nodeLocalDNS,
    usesNodeLocalDNS: nodeLocalDNS !== null && !hops.has("dns.service-nat"),
    dnsServiceNat: hops.has("dns.service-nat"),
    clusterIP,
    addresses,
    backendIPs,
    backendEndpoints,
    backendPods,
    selectedPods,
    backendNode,
    crossNode: backendNode !== null && clientNode !== null && backendNode !== clientNode,
    nodeIPs: scenario.nodes.map((n) => n.ip),
    proxyMode: trace.proxy?.mode ?? scenario.kubeProxy.mode,
    kubeProxyInvolved: trace.proxy !== null,
    chains: trace.proxy?.chains ?? [],
    outcome: trace.connection?.outcome ?? null,
    externalName: service?.externalName ?? null,
    // "[fd00:10:244:2::7]:8443" as well as "10.244.2.7:8443"
    targetPort: backend !== null ? String(splitHostPort(backend).port) : null,
    snat: trace.connection?.snat === true,
    outside,
    hostsFile,
    autopath: autopathService !== null,
    clusterIPs,
    dialledClusterIP:
      trace.connection !== null && clusterIPs.includes(splitHostPort(trace.connection.dst).ip)
        ? splitHostPort(trace.connection.dst).ip
        : clusterIP,
  };
}
