import type { ScenarioInput } from "../schemas/scenario";
import { addressInCidr, parseCidr, type Cidr } from "./cidr";
import { seededRandom, type Random } from "./random";
import { namespacedName } from "./namespaced-name";
import { parseRequestUrl } from "./url";
import {
  CLIENT_NAMES,
  EXTERNAL_HOSTS,
  LAYOUTS,
  NAMESPACES,
  NODE_STYLES,
  PORTS,
  SERVICE_NAMES,
} from "./generate-tables";

export type Difficulty = "easy" | "medium" | "hard";

type PodInput = ScenarioInput["pods"][number];
type ServiceInput = ScenarioInput["services"][number];
type NodeInput = ScenarioInput["nodes"][number];

type TargetKind =
  | "clusterip"
  | "clusterip-some-not-ready"
  | "headless"
  | "headless-none-ready"
  | "externalname"
  | "externalname-internal"
  | "no-endpoints"
  | "terminating-only"
  | "local-policy"
  | "affinity"
  | "nodeport"
  | "missing-name"
  | "namespace-name"
  | "external-host"
  | "pod-ip"
  | "named-port"
  | "loadbalancer"
  | "loadbalancer-ranges"
  | "nodeport-outside";

const TARGETS: Readonly<Record<Difficulty, readonly TargetKind[]>> = {
  easy: ["clusterip", "clusterip", "clusterip", "clusterip-some-not-ready", "headless"],
  medium: [
    "clusterip",
    "clusterip",
    "clusterip-some-not-ready",
    "headless",
    "externalname",
    "no-endpoints",
    "external-host",
    "affinity",
    "nodeport",
  ],
  hard: [
    "clusterip",
    "headless",
    "headless-none-ready",
    "externalname",
    "externalname-internal",
    "no-endpoints",
    "terminating-only",
    "local-policy",
    "affinity",
    "nodeport",
    "missing-name",
    "namespace-name",
    "external-host",
    "pod-ip",
  ],
};

/**
 * Variants added after scenarios were first stored by seed: only with `{ extended: true }`, so a stored seed
 * keeps regenerating the scenario it was shown with (lib/interview/questions.ts, SCENARIO_GENERATOR_VERSION).
 */
const EXTENDED_TARGETS: Readonly<Record<Difficulty, readonly TargetKind[]>> = {
  easy: TARGETS.easy,
  medium: TARGETS.medium,
  hard: [...TARGETS.hard, "named-port"],
};

/**
 * Targets for a client outside the cluster (`{ client: "outside" }`): a LoadBalancer's ingress IP or a node's
 * NodePort, with either externalTrafficPolicy, which decides the node the load balancer picks and the source
 * address the pod sees; hard ones add loadBalancerSourceRanges.
 */
const OUTSIDE_TARGETS: Readonly<Record<Difficulty, readonly TargetKind[]>> = {
  easy: ["loadbalancer"],
  medium: ["loadbalancer", "loadbalancer", "nodeport-outside"],
  hard: ["loadbalancer", "loadbalancer-ranges", "nodeport-outside"],
};

export interface GenerateOptions {
  /**
   * also draw the later variants: named target ports, (hard) zones with PreferClose and CoreDNS autopath, and
   * (medium and hard, a pod client) a dual-stack cluster and hostAliases / setHostnameAsFQDN on the client
   */
  readonly extended?: boolean;
  /**
   * who makes the request: a pod in the cluster (the default), or a client outside it (`external/IP`) calling
   * a LoadBalancer or NodePort Service. Pod scenarios are drawn exactly as before this option existed.
   */
  readonly client?: "pod" | "outside";
}

const DIFFICULTY_SALT: Readonly<Record<Difficulty, number>> = { easy: 0x1e55, medium: 0x3ed1, hard: 0x4a7d };

/**
 * A varied, valid scenario for practice (lib/sim/README.md, "Scenarios"). Only the seeded random source
 * decides, so the same seed and difficulty give the same scenario on every machine. Easy ones stay close to the
 * seed (a ClusterIP Service called by its short name); hard ones add traps: hostNetwork clients with
 * ClusterFirst, musl, ndots overrides, Local traffic policy without a local endpoint, names that do not exist,
 * NodeLocal DNSCache.
 */
export function generateScenario(
  seed: number,
  difficulty: Difficulty = "medium",
  options: GenerateOptions = {},
): ScenarioInput {
  const extended = options.extended === true;
  const rng = seededRandom((seed ^ DIFFICULTY_SALT[difficulty]) | 0);
  const hard = difficulty === "hard";
  const easy = difficulty === "easy";
  const layout = easy ? LAYOUTS[0] : rng.pick(LAYOUTS);
  const clusterCidr = parseCidr(layout.clusterCIDR) as Cidr;
  const serviceCidr = parseCidr(layout.serviceCIDR) as Cidr;
  const nodeNet = parseCidr(layout.nodeNet) as Cidr;

  // Nodes
  const nodeCount = easy ? 2 : hard ? rng.int(1, 5) : rng.int(2, 4);
  const style = easy ? NODE_STYLES[0]! : rng.pick(NODE_STYLES);
  const nodeOffsets = distinct(rng, nodeCount, 10, 250);
  const nodes: NodeInput[] = nodeOffsets.map((offset, i) => {
    const ip = addressInCidr(nodeNet, offset) as string;
    const podBlock = addressInCidr(clusterCidr, (i + 1) * 256) as string;
    return { name: style.name(i, ip), ip, podCIDR: `${podBlock}/24`, searchDomains: [...style.search] };
  });
  const podOffsets = nodes.map(() => new Set<number>());
  const podIP = (nodeIndex: number): string => {
    const used = podOffsets[nodeIndex] as Set<number>;
    let offset = rng.int(3, 250);
    while (used.has(offset)) offset = offset >= 250 ? 3 : offset + 1;
    used.add(offset);
    return addressInCidr(clusterCidr, (nodeIndex + 1) * 256 + offset) as string;
  };
  const usedServiceIPs = new Set<string>([layout.clusterDNS]);
  const serviceIP = (): string => {
    let ip = addressInCidr(serviceCidr, rng.int(256, Math.min(serviceCidr.size - 2, 65535))) as string;
    while (usedServiceIPs.has(ip))
      ip = addressInCidr(serviceCidr, rng.int(256, Math.min(serviceCidr.size - 2, 65535))) as string;
    usedServiceIPs.add(ip);
    return ip;
  };

  // Namespaces and the client
  const clientNs = easy ? "app" : rng.pick(NAMESPACES);
  const crossNamespace = !easy && rng.chance(hard ? 0.45 : 0.3);
  const otherNamespaces = NAMESPACES.filter((ns) => ns !== clientNs);
  const targetNs = crossNamespace ? rng.pick(otherNamespaces) : clientNs;
  const clientNode = rng.int(0, nodes.length - 1);
  const hostNetwork = hard && rng.chance(0.2);
  const clientNodeSpec = nodes[clientNode] as NodeInput;
  const client: PodInput = {
    namespace: clientNs,
    name: easy ? "foo" : rng.pick(CLIENT_NAMES),
    node: clientNodeSpec.name,
    ip: hostNetwork ? clientNodeSpec.ip : podIP(clientNode),
    labels: { app: "client" },
    hostNetwork,
    dnsPolicy: hostNetwork ? rng.pick(["ClusterFirst", "ClusterFirstWithHostNet"] as const) : "ClusterFirst",
    resolver: !easy && rng.chance(hard ? 0.3 : 0.15) ? "musl" : "glibc",
  };
  if (!easy && rng.chance(hard ? 0.35 : 0.15)) {
    const options: { name: string; value?: string }[] = [{ name: "ndots", value: String(rng.pick([1, 2, 3])) }];
    if (rng.chance(0.3)) options.push({ name: "single-request-reopen" });
    client.dnsConfig = { options };
  }
  const pods: PodInput[] = [client];

  // The target
  const outside = options.client === "outside";
  const kind = rng.pick((outside ? OUTSIDE_TARGETS : extended ? EXTENDED_TARGETS : TARGETS)[difficulty]);
  const svcName = rng.pick(SERVICE_NAMES);
  const port = rng.pick(PORTS);
  const services: ServiceInput[] = [];
  const externalDNS: Record<string, string[]> = {};
  const namespaces = ["default", "kube-system", clientNs];
  if (!namespaces.includes(targetNs)) namespaces.push(targetNs);

  const addBackends = (
    ns: string,
    app: string,
    count: number,
    ready: (i: number) => boolean,
    terminating = false,
  ): void => {
    for (let i = 0; i < count; i++) {
      const nodeIndex = rng.int(0, nodes.length - 1);
      const hostnamed = kind === "headless" && rng.chance(0.3);
      let name = `${app}-${rng.int(0x10000, 0xfffff).toString(16)}`;
      while (pods.some((p) => p.namespace === ns && p.name === name)) name = `${name}x`;
      pods.push({
        namespace: ns,
        name,
        node: (nodes[nodeIndex] as NodeInput).name,
        ip: podIP(nodeIndex),
        labels: { app },
        ready: ready(i),
        terminating,
        ...(hostnamed ? { hostname: `${app}-${i}`, subdomain: app } : {}),
      });
    }
  };
  const service = (overrides: Partial<ServiceInput> = {}): ServiceInput => ({
    namespace: targetNs,
    name: svcName,
    type: "ClusterIP",
    clusterIP: serviceIP(),
    selector: { app: svcName },
    ports: [{ name: port.name, port: port.port, targetPort: port.targetPort, protocol: "TCP" }],
    ...overrides,
  });

  let host = svcName;
  let urlPort: number = port.port;
  let scheme: string = port.scheme;
  // a client outside the cluster: an address of the documentation range, calling an address, not a name
  // (drawn only then: a pod scenario's draws stay as they were, so stored seeds regenerate the same scenario)
  const outsideClient = outside ? `203.0.113.${rng.int(2, 250)}` : "";
  const exposedPort = () => ({
    name: port.name,
    port: port.port,
    targetPort: port.targetPort,
    protocol: "TCP" as const,
    nodePort: rng.int(30000, 32767),
  });
  const endpointCount = easy ? rng.int(2, 3) : rng.int(1, 5);
  switch (kind) {
    case "clusterip":
      services.push(service());
      addBackends(targetNs, svcName, endpointCount, () => true);
      break;
    case "clusterip-some-not-ready":
      services.push(service());
      addBackends(targetNs, svcName, Math.max(2, endpointCount), (i) => i % 2 === 0);
      break;
    case "headless":
      // clients of a headless Service dial pod IPs directly, so the Service port is the container port
      services.push(
        service({
          clusterIP: "None",
          ports: [{ name: port.name, port: port.targetPort, targetPort: port.targetPort, protocol: "TCP" }],
        }),
      );
      urlPort = port.targetPort;
      addBackends(targetNs, svcName, endpointCount, (i) => i === 0 || rng.chance(0.7));
      break;
    case "headless-none-ready":
      services.push(
        service({
          clusterIP: "None",
          ports: [{ name: port.name, port: port.targetPort, targetPort: port.targetPort, protocol: "TCP" }],
        }),
      );
      urlPort = port.targetPort;
      addBackends(targetNs, svcName, endpointCount, () => false);
      break;
    case "externalname": {
      const external = rng.pick(EXTERNAL_HOSTS);
      externalDNS[external] = [`203.0.113.${rng.int(2, 250)}`];
      services.push(service({ type: "ExternalName", clusterIP: null, selector: null, externalName: external }));
      break;
    }
    case "externalname-internal": {
      // an ExternalName that points at another Service's cluster name
      const realNs = rng.pick(otherNamespaces);
      const realName = rng.pick(SERVICE_NAMES.filter((n) => n !== svcName));
      if (!namespaces.includes(realNs)) namespaces.push(realNs);
      services.push({
        namespace: realNs,
        name: realName,
        type: "ClusterIP",
        clusterIP: serviceIP(),
        selector: { app: realName },
        ports: [{ name: port.name, port: port.port, targetPort: port.targetPort, protocol: "TCP" }],
      });
      addBackends(realNs, realName, endpointCount, () => true);
      services.push(
        service({
          type: "ExternalName",
          clusterIP: null,
          selector: null,
          externalName: `${realName}.${realNs}.svc.cluster.local`,
        }),
      );
      break;
    }
    case "no-endpoints":
      services.push(service());
      break;
    case "terminating-only":
      services.push(service());
      addBackends(targetNs, svcName, Math.min(endpointCount, 2), () => true, true);
      break;
    case "local-policy": {
      services.push(service({ internalTrafficPolicy: "Local" }));
      // endpoints everywhere but on the client's node when there is another node: the trap is a timeout
      for (let i = 0; i < endpointCount; i++) {
        const others = nodes.map((_, n) => n).filter((n) => n !== clientNode);
        const nodeIndex = others.length > 0 ? rng.pick(others) : clientNode;
        pods.push({
          namespace: targetNs,
          name: `${svcName}-${i}`,
          node: (nodes[nodeIndex] as NodeInput).name,
          ip: podIP(nodeIndex),
          labels: { app: svcName },
        });
      }
      break;
    }
    case "affinity":
      services.push(service({ sessionAffinity: "ClientIP" }));
      addBackends(targetNs, svcName, endpointCount, () => true);
      break;
    case "nodeport":
      services.push(
        service({
          type: "NodePort",
          ports: [
            {
              name: port.name,
              port: port.port,
              targetPort: port.targetPort,
              protocol: "TCP",
              nodePort: rng.int(30000, 32767),
            },
          ],
          externalTrafficPolicy: rng.pick(["Cluster", "Local"] as const),
        }),
      );
      addBackends(targetNs, svcName, endpointCount, () => true);
      break;
    case "missing-name":
      // the client asks for a Service that does not exist (a typo of a real one)
      services.push(service());
      addBackends(targetNs, svcName, endpointCount, () => true);
      host = `${svcName}s`;
      break;
    case "namespace-name": {
      // the short name equals an existing namespace: <name>.svc.<domain> answers NODATA, not NXDOMAIN
      const shadow = rng.pick(otherNamespaces);
      if (!namespaces.includes(shadow)) namespaces.push(shadow);
      services.push(service());
      addBackends(targetNs, svcName, endpointCount, () => true);
      host = shadow;
      break;
    }
    case "external-host": {
      const external = rng.pick(EXTERNAL_HOSTS);
      externalDNS[external] = [`203.0.113.${rng.int(2, 250)}`];
      services.push(service());
      addBackends(targetNs, svcName, endpointCount, () => true);
      host = external;
      scheme = "https";
      urlPort = 443;
      break;
    }
    case "named-port": {
      // targetPort names a container port; a rollout moved its number on some pods, and one pod's container
      // names it differently, so it is no endpoint of the port (podutil FindPort matches name and protocol)
      const name = port.name === "" ? "web" : port.name;
      services.push(service({ ports: [{ name: port.name, port: port.port, targetPort: name, protocol: "TCP" }] }));
      addBackends(targetNs, svcName, Math.max(3, endpointCount), () => true);
      const moved = port.targetPort + 1;
      pods
        .filter((p) => p.namespace === targetNs && p.labels?.["app"] === svcName)
        .forEach((p, i) => {
          p.containerPorts =
            i === 2
              ? [{ name: `${name}-old`, containerPort: port.targetPort }]
              : [{ name, containerPort: i % 2 === 0 ? port.targetPort : moved }];
        });
      break;
    }
    case "loadbalancer":
    case "loadbalancer-ranges": {
      const ingress = `198.51.100.${rng.int(10, 250)}`;
      const ranges =
        kind === "loadbalancer-ranges"
          ? [rng.chance(0.5) ? `${outsideClient.split(".").slice(0, 3).join(".")}.0/24` : "192.0.2.0/24"]
          : [];
      services.push(
        service({
          type: "LoadBalancer",
          ports: [exposedPort()],
          externalTrafficPolicy: rng.pick(["Cluster", "Local"] as const),
          loadBalancerSourceRanges: ranges,
          status: { loadBalancer: { ingress: [{ ip: ingress }] } },
        }),
      );
      addBackends(targetNs, svcName, endpointCount, () => true);
      host = ingress;
      break;
    }
    case "nodeport-outside": {
      const exposed = exposedPort();
      services.push(
        service({
          type: "NodePort",
          ports: [exposed],
          externalTrafficPolicy: rng.pick(["Cluster", "Local"] as const),
        }),
      );
      addBackends(targetNs, svcName, endpointCount, () => true);
      host = rng.pick(nodes).ip;
      urlPort = exposed.nodePort;
      break;
    }
    case "pod-ip":
      services.push(service({ clusterIP: "None" }));
      urlPort = port.targetPort;
      addBackends(targetNs, svcName, endpointCount, () => true);
      break;
  }

  // How the name is written: short, cross-namespace forms, full name, trailing dot.
  const fromOtherNs = targetNs !== clientNs;
  const named = !["missing-name", "namespace-name", "external-host", "pod-ip"].includes(kind) && !outside;
  if (named) {
    const forms = fromOtherNs
      ? [
          `${svcName}.${targetNs}`,
          `${svcName}.${targetNs}.svc`,
          `${svcName}.${targetNs}.svc.cluster.local`,
          `${svcName}.${targetNs}.svc.cluster.local.`,
        ]
      : [
          svcName,
          svcName,
          `${svcName}.${targetNs}`,
          `${svcName}.${targetNs}.svc.cluster.local`,
          `${svcName}.${targetNs}.svc.cluster.local.`,
        ];
    host = easy ? (forms[0] ?? svcName) : rng.pick(forms);
  }
  if (kind === "pod-ip") {
    const backend = pods.find((p) => p.labels?.app === svcName);
    host = backend?.ip ?? host;
  }
  if (kind === "external-host" && rng.chance(0.3)) host = `${host}.`;

  // Decoys: other Services and their pods, so the rules and DNS views are not trivially small.
  const decoys = easy ? rng.int(0, 1) : rng.int(1, hard ? 4 : 3);
  for (let d = 0; d < decoys; d++) {
    const ns = rng.pick(NAMESPACES);
    const name = rng.pick(SERVICE_NAMES);
    if (services.some((s) => s.namespace === ns && s.name === name)) continue;
    if (!namespaces.includes(ns)) namespaces.push(ns);
    const decoyPort = rng.pick(PORTS);
    services.push({
      namespace: ns,
      name,
      type: "ClusterIP",
      clusterIP: serviceIP(),
      selector: { app: name },
      ports: [{ name: decoyPort.name, port: decoyPort.port, targetPort: decoyPort.targetPort, protocol: "TCP" }],
    });
    addBackends(ns, name, rng.int(1, 3), () => true);
  }

  const nodeLocal = !easy && rng.chance(hard ? 0.3 : 0.15);
  const coreDnsPods = hard ? rng.pick(["insecure", "insecure", "verified", "disabled"] as const) : "insecure";
  const explicitPort = urlPort !== defaultPort(scheme);
  const scenario: ScenarioInput = {
    clusterDomain: "cluster.local",
    clusterCIDR: layout.clusterCIDR,
    serviceCIDR: layout.serviceCIDR,
    kubeProxy: { mode: easy ? "iptables" : rng.pick(["iptables", "iptables", "ipvs", "nftables"] as const) },
    dns: {
      clusterDNS: layout.clusterDNS,
      nodeLocalDNS: nodeLocal ? "169.254.20.10" : null,
      coredns: { pods: coreDnsPods, ttl: 30, ignoreEmptyService: hard && rng.chance(0.2), synced: true },
    },
    cni: { mode: easy ? "vxlan" : rng.pick(["vxlan", "host-gw", "bgp", "cloud-routes"] as const) },
    nodes,
    namespaces,
    pods,
    services,
    externalDNS,
    request: {
      from: outside ? `external/${outsideClient}` : namespacedName(client),
      url: `${scheme}://${host}${explicitPort ? `:${urlPort}` : ""}/`,
    },
  };
  // Drawn last so the rest of the scenario does not depend on it: zones, and the target preferring its own.
  if (extended && hard && nodes.length > 1 && rng.chance(0.3)) {
    nodes.forEach((n, i) => (n.labels = { "topology.kubernetes.io/zone": `us-east-2${"abc"[i % 3]}` }));
    const target = services[0];
    if (target !== undefined && target.type !== "ExternalName") target.trafficDistribution = "PreferClose";
  }
  // Then autopath (hard): CoreDNS walks the pod's search path itself, which it can only do with pods verified;
  // most telling for an external name under ndots:5, and a trap with NodeLocal DNSCache or a hostNetwork client
  let drawn =
    extended && hard && rng.chance(kind === "external-host" ? 0.5 : 0.15)
      ? withCorednsAutopath(scenario, true)
      : scenario;
  // Then (medium and hard, a pod client) a dual-stack cluster, and /etc/hosts entries on the client: drawn after
  // everything else, so a seed that does not draw them gives the scenario it gave before they existed
  if (extended && !easy && !outside) {
    if (rng.chance(hard ? 0.3 : 0.2)) drawn = dualStack(drawn, rng);
    if (rng.chance(hard ? 0.3 : 0.2)) drawn = withHostsEntries(drawn, rng, kind);
  }
  return drawn;
}

/** The IPv6 ranges of a generated dual-stack cluster (the ones the Kubernetes dual-stack docs use). */
const GENERATED_IPV6_RANGES = { cluster: "fd00:10:244::/56", service: "fd00:10:96::/112" } as const;

/**
 * The scenario on a dual-stack cluster: IPv6 ranges after the IPv4 ones, node N (1-based) gets the IPv6 pod
 * CIDR fd00:10:244:N::/64 and each of its pods fd00:10:244:N::<its IPv4 address's last octet> (hostNetwork
 * pods keep the node's single address: nodes have no IPv6 address in scenarios), on flannel VXLAN. The target
 * Service asks for PreferDualStack or RequireDualStack (an IPv6 ClusterIP is allocated after its IPv4 one), or
 * stays SingleStack, the trap where the AAAA query gets no answer; decoys go either way. ExternalName Services
 * have no families (the API refuses them).
 */
function dualStack(input: ScenarioInput, rng: Random): ScenarioInput {
  const v6Block = (nodeIndex: number) => `fd00:10:244:${(nodeIndex + 1).toString(16)}::`;
  const nodeIndex = new Map(input.nodes.map((n, i) => [n.name, i]));
  const targetPolicy = rng.pick(["PreferDualStack", "PreferDualStack", "RequireDualStack", null] as const);
  return {
    ...input,
    // flannel's dual-stack VXLAN (flannel-v6.1): the simulation follows IPv6 pod traffic only over it
    cni: { mode: "vxlan" },
    clusterCIDRs: [input.clusterCIDR ?? "10.244.0.0/16", GENERATED_IPV6_RANGES.cluster],
    serviceCIDRs: [input.serviceCIDR ?? "10.96.0.0/12", GENERATED_IPV6_RANGES.service],
    nodes: input.nodes.map((n, i) => ({ ...n, podCIDRs: [n.podCIDR, `${v6Block(i)}/64`] })),
    pods: input.pods.map((p) => {
      const i = nodeIndex.get(p.node);
      if (p.hostNetwork === true || i === undefined) return p;
      return { ...p, podIPs: [p.ip, `${v6Block(i)}${p.ip.split(".")[3]}`] };
    }),
    services: input.services.map((svc, i) => {
      if (svc.type === "ExternalName") return svc;
      const policy = i === 0 ? targetPolicy : rng.chance(0.5) ? "PreferDualStack" : null;
      return policy === null ? svc : { ...svc, ipFamilyPolicy: policy };
    }),
  };
}

/**
 * /etc/hosts entries on the client (spec.hostAliases), read before DNS (nsswitch `hosts: files dns`): an alias
 * for the name the client calls, pinned to an address that is no longer the Service's (a pod IP from before a
 * migration: the call goes straight there, no query and no kube-proxy), or an alias for another name, which
 * changes nothing but the file; with a hostname and subdomain, sometimes setHostnameAsFQDN. A call by address
 * gets only the unrelated alias.
 */
function withHostsEntries(input: ScenarioInput, rng: Random, kind: TargetKind): ScenarioInput {
  const from = input.request.from;
  const client = input.pods.find((p) => namespacedName(p) === from);
  if (client === undefined) return input;
  const url = parseRequestUrl(input.request.url);
  if (!url.ok) return input;
  const { host, hostIsAddress: byAddress } = url.value;
  // in the pod range, on no node's block (the generator's blocks are the range's 1st to 5th /24)
  const podRange = (input.clusterCIDR ?? "10.244.0.0/16").split(".").slice(0, 2).join(".");
  const stale = `${podRange}.${rng.int(100, 199)}.${rng.int(2, 250)}`;
  const pinsCall = !byAddress && kind !== "missing-name" && rng.chance(0.6);
  const hostAliases = pinsCall
    ? [{ ip: stale, hostnames: [host.replace(/\.$/, "")] }]
    : [{ ip: `192.0.2.${rng.int(2, 250)}`, hostnames: ["legacy-db.internal", "legacy-db"] }];
  const fqdnLength = `${client.name}.${client.namespace}.svc.${input.clusterDomain ?? "cluster.local"}`.length;
  const asFqdn = rng.chance(0.4) && fqdnLength + "client".length + 1 <= 64;
  const named = asFqdn ? { hostname: client.name, subdomain: "client", setHostnameAsFQDN: true } : {};
  return {
    ...input,
    pods: input.pods.map((p) => (p === client ? { ...p, hostAliases, ...named } : p)),
  };
}

/**
 * The scenario with CoreDNS's `autopath @kubernetes` switched on or off. On needs the pod index, so it also
 * sets `pods verified` (plugin/autopath README: "pods verified" is required); off keeps the rest of the
 * Corefile and the pods mode. A new value: the input is not changed.
 */
export function withCorednsAutopath(scenario: ScenarioInput, on: boolean): ScenarioInput {
  const coredns = scenario.dns?.coredns;
  if (!on) {
    if (coredns?.corefile === undefined) return scenario;
    return {
      ...scenario,
      dns: { ...scenario.dns, coredns: { ...coredns, corefile: { ...coredns.corefile, autopath: false } } },
    };
  }
  return {
    ...scenario,
    dns: {
      ...scenario.dns,
      coredns: { ...coredns, pods: "verified", corefile: { ...coredns?.corefile, autopath: true } },
    },
  };
}

function defaultPort(scheme: string): number {
  return scheme === "https" ? 443 : 80;
}

/** `count` distinct integers from [min, max] in random order. */
function distinct(rng: Random, count: number, min: number, max: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(rng.int(min, max));
  return [...chosen];
}
