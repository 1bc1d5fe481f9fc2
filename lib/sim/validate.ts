import { parse as parseYaml } from "yaml";
import { scenarioSchema, type NodeSpec, type PodSpec, type ServiceSpec } from "../schemas/scenario";
import { addressInCidr, cidrContains, cidrsOverlap, cidrWithin, isIPv4, parseCidr, type Cidr } from "./cidr";
import { selects } from "./endpoints";
import type { FieldError, Result, Scenario } from "./types";
import { parseRequestUrl } from "./url";
import { allocateNodePorts, externalTrafficErrors, NODE_PORT_MAX, NODE_PORT_MIN } from "./validate-external";
import { MAX_FQDN_AS_HOSTNAME, podHostnames } from "./hosts-file";
import { namespacedName } from "./namespaced-name";
import {
  allocateClusterIPs,
  clusterFamilies,
  clusterIPPath,
  defaultedFamilies,
  dualStackNetworkErrors,
  givenClusterIPs,
  inServiceRange,
  serviceFamilyErrors,
  withNetworkLists,
} from "./ip-families";

/** The kube-dns Service kubeadm installs (kubernetes/kubernetes cmd/kubeadm/app/phases/addons/dns manifests). */
export const KUBE_DNS_NAMESPACE = "kube-system";
export const KUBE_DNS_NAME = "kube-dns";
const KUBE_DNS_SELECTOR = { "k8s-app": "kube-dns" } as const;
const COREDNS_REPLICAS = 2;
// IANA_SVC_NAME, the shape Kubernetes requires of port names (it is also what SRV records are named after).
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;
const PORT_NAME_MESSAGE = "must be an IANA service name (≤15 lower-case letters, digits, '-')";

/**
 * Parses and checks a scenario (lib/sim/README.md, "Scenarios"): shape errors first (zod, dotted field
 * paths); when the shape is fine, every semantic error at once; then the defaults a real cluster would have
 * (the kube-dns Service and two CoreDNS pods, and the namespaces objects live in).
 */
export function validateScenario(input: unknown): Result<Scenario> {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        // zod says "expected string, received undefined" for a missing field; say what a user would
        message:
          issue.code === "invalid_type" && issue.message.endsWith("received undefined")
            ? `required (${issue.message.replace(/^Invalid input: /, "").replace(/, received undefined$/, "")})`
            : issue.message,
      })),
    };
  }
  const shape = parsed.data;
  const errors = semanticErrors(shape);
  if (errors.length > 0) return { ok: false, errors };
  const withDns = addClusterDnsDefaults(shape);
  if (!withDns.ok) return withDns;
  return { ok: true, value: withNetworkLists(allocateNodePorts(addNamespaces(withDns.value))) };
}

/** Reads a scenario file's text: JSON, or YAML (a superset of JSON, so either parses). */
export function parseScenarioText(text: string): Result<unknown> {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, errors: [{ path: "", message: "the scenario document is empty" }] };
  try {
    if (trimmed.startsWith("{")) return { ok: true, value: JSON.parse(trimmed) as unknown };
    return { ok: true, value: parseYaml(trimmed) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, errors: [{ path: "", message: `not valid JSON or YAML: ${reason}` }] };
  }
}

function semanticErrors(s: Scenario): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, message: string): void => {
    errors.push({ path, message });
  };

  const clusterCidr = parseCidr(s.clusterCIDR);
  const serviceCidr = parseCidr(s.serviceCIDR);
  if (clusterCidr === null) add("clusterCIDR", "must be a valid IPv4 CIDR");
  if (serviceCidr === null) add("serviceCIDR", "must be a valid IPv4 CIDR");
  if (clusterCidr !== null && serviceCidr !== null && cidrsOverlap(clusterCidr, serviceCidr)) {
    add("serviceCIDR", `must not overlap clusterCIDR ${s.clusterCIDR}`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s.clusterDomain)) {
    add("clusterDomain", "must be a DNS domain such as cluster.local (no trailing dot)");
  }

  dualStackNetworkErrors(s, add);
  const cluster = clusterFamilies(s);
  corefileErrors(s, add);

  // Nodes
  const nodeCidrs = new Map<string, Cidr>();
  const nodeIPs = new Map<string, string>();
  s.nodes.forEach((node, i) => {
    if (nodeCidrs.has(node.name)) add(`nodes.${i}.name`, `duplicate node name "${node.name}"`);
    const owner = nodeIPs.get(node.ip);
    if (owner !== undefined) add(`nodes.${i}.ip`, `IP ${node.ip} is already used by node ${owner}`);
    else nodeIPs.set(node.ip, node.name);
    const block = parseCidr(node.podCIDR);
    if (block === null) {
      add(`nodes.${i}.podCIDR`, "must be a valid IPv4 CIDR");
      return;
    }
    if (clusterCidr !== null && !cidrWithin(block, clusterCidr)) {
      add(`nodes.${i}.podCIDR`, `${node.podCIDR} is not inside clusterCIDR ${s.clusterCIDR}`);
    }
    for (const [other, otherBlock] of nodeCidrs) {
      if (cidrsOverlap(block, otherBlock))
        add(`nodes.${i}.podCIDR`, `${node.podCIDR} overlaps the pod CIDR of node ${other}`);
    }
    if (clusterCidr !== null && cidrContains(clusterCidr, node.ip)) {
      add(`nodes.${i}.ip`, `node IP ${node.ip} must not be inside clusterCIDR ${s.clusterCIDR}`);
    }
    if (!nodeCidrs.has(node.name)) nodeCidrs.set(node.name, block);
  });

  // Pods
  const nodesByName = new Map<string, NodeSpec>();
  for (const node of s.nodes) if (!nodesByName.has(node.name)) nodesByName.set(node.name, node);
  const podKeys = new Set<string>();
  const podIPs = new Map<string, string>();
  s.pods.forEach((pod, i) => {
    const key = namespacedName(pod);
    if (podKeys.has(key)) add(`pods.${i}.name`, `duplicate pod ${key}`);
    podKeys.add(key);
    const block = nodeCidrs.get(pod.node);
    const node = nodesByName.get(pod.node);
    if (node === undefined) {
      add(`pods.${i}.node`, `unknown node "${pod.node}"`);
    } else if (pod.hostNetwork) {
      // a hostNetwork pod shares the node's network namespace, so its IP is the node's IP
      if (pod.ip !== node.ip) add(`pods.${i}.ip`, `a hostNetwork pod has its node's IP ${node.ip}, not ${pod.ip}`);
    } else if (block !== undefined && !cidrContains(block, pod.ip)) {
      add(`pods.${i}.ip`, `${pod.ip} is outside the pod CIDR ${node.podCIDR} of node ${pod.node}`);
    }
    if (!pod.hostNetwork) {
      const owner = podIPs.get(pod.ip) ?? (nodeIPs.has(pod.ip) ? `node ${nodeIPs.get(pod.ip)}` : undefined);
      if (owner !== undefined) add(`pods.${i}.ip`, `IP ${pod.ip} is already used by ${owner}`);
      else podIPs.set(pod.ip, `pod ${key}`);
    }
    // Pod API validation (validateContainerPorts: names are IANA service names, unique across the pod's containers)
    const portNames = new Set<string>();
    pod.containerPorts.forEach((port, j) => {
      if (port.name === "") return;
      if (!PORT_NAME.test(port.name)) add(`pods.${i}.containerPorts.${j}.name`, PORT_NAME_MESSAGE);
      else if (portNames.has(port.name))
        add(`pods.${i}.containerPorts.${j}.name`, `duplicate port name "${port.name}"`);
      portNames.add(port.name);
    });
    // Pod API validation (validateDNSPolicyConfig / validatePodDNSConfig)
    if (pod.dnsPolicy === "None") {
      if (pod.dnsConfig === null) add(`pods.${i}.dnsConfig`, "must provide dnsConfig when dnsPolicy is None");
      else if ((pod.dnsConfig.nameservers ?? []).length === 0) {
        add(`pods.${i}.dnsConfig.nameservers`, "must provide at least one DNS nameserver when dnsPolicy is None");
      }
    }
    if (pod.dnsConfig !== null) {
      if ((pod.dnsConfig.nameservers ?? []).length > 3) {
        add(`pods.${i}.dnsConfig.nameservers`, "must not have more than 3 nameservers");
      }
      if ((pod.dnsConfig.searches ?? []).length > 32) {
        add(`pods.${i}.dnsConfig.searches`, "must not have more than 32 search paths");
      }
      (pod.dnsConfig.options ?? []).forEach((option, j) => {
        if (option.name === "ndots" && !(option.value !== undefined && /^\d+$/.test(option.value))) {
          add(`pods.${i}.dnsConfig.options.${j}.value`, "ndots needs a non-negative integer value");
        }
      });
    }
    // kubelet GeneratePodHostNameAndDomain refuses to start a pod whose FQDN hostname is too long
    const names = podHostnames(s, pod);
    if (pod.setHostnameAsFQDN && names.fqdn !== null && names.fqdn.length > MAX_FQDN_AS_HOSTNAME) {
      add(
        `pods.${i}.setHostnameAsFQDN`,
        `the FQDN ${names.fqdn} is ${names.fqdn.length} characters; kubelet allows at most ${MAX_FQDN_AS_HOSTNAME} as a hostname, so the pod does not start`,
      );
    }
  });

  // Services
  const serviceKeys = new Set<string>();
  const usedNodePorts = new Set<number>();
  const clusterIPs = new Map<string, string>();
  let needIPv4 = 0;
  s.services.forEach((svc, i) => {
    const key = namespacedName(svc);
    if (serviceKeys.has(key)) add(`services.${i}.name`, `duplicate service ${key}`);
    serviceKeys.add(key);
    if (svc.type === "ExternalName") {
      if (svc.externalName === null || svc.externalName.trim() === "") {
        add(`services.${i}.externalName`, "required for a Service of type ExternalName");
      } else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.?$/i.test(svc.externalName)) {
        add(`services.${i}.externalName`, "must be a DNS name such as db.example.com");
      }
      if (svc.clusterIP !== null) add(`services.${i}.clusterIP`, "must be empty for a Service of type ExternalName");
      serviceFamilyErrors(svc, i, cluster, add);
    } else {
      const given = givenClusterIPs(svc);
      const headless = given[0] === "None";
      if (headless && svc.type !== "ClusterIP") {
        add(
          `services.${i}.clusterIP`,
          `a headless Service (clusterIP None) must be of type ClusterIP, not ${svc.type}`,
        );
      }
      const familiesOk = serviceFamilyErrors(svc, i, cluster, add);
      if (familiesOk && !headless) {
        given.forEach((ip, j) => {
          const path = clusterIPPath(svc, i, j);
          if (!inServiceRange(ip, serviceCidr, cluster)) {
            add(path, `${ip} is outside serviceCIDR ${ip.includes(":") ? s.serviceCIDRs[1] : s.serviceCIDR}`);
          }
          const owner = clusterIPs.get(ip);
          if (owner !== undefined) add(path, `ClusterIP ${ip} is already used by ${owner}`);
          else clusterIPs.set(ip, `service ${key}`);
        });
        const families = defaultedFamilies(svc, cluster).families;
        if (families.includes("IPv4") && !given.some((ip) => !ip.includes(":"))) needIPv4++;
      }
      if (!headless && svc.ports.length === 0) {
        add(`services.${i}.ports`, "a Service that is not headless needs at least one port");
      }
    }
    const seen = new Set<string>();
    const names = new Set<string>();
    svc.ports.forEach((port, j) => {
      if (svc.ports.length > 1 && port.name === "")
        add(`services.${i}.ports.${j}.name`, "required when a Service has more than one port");
      if (port.name !== "" && !PORT_NAME.test(port.name)) add(`services.${i}.ports.${j}.name`, PORT_NAME_MESSAGE);
      if (typeof port.targetPort === "string" && !PORT_NAME.test(port.targetPort)) {
        add(`services.${i}.ports.${j}.targetPort`, `a named target port ${PORT_NAME_MESSAGE}`);
      }
      if (port.name !== "" && names.has(port.name))
        add(`services.${i}.ports.${j}.name`, `duplicate port name "${port.name}"`);
      names.add(port.name);
      const portKey = `${port.port}/${port.protocol}`;
      if (seen.has(portKey)) add(`services.${i}.ports.${j}.port`, `duplicate port ${portKey}`);
      seen.add(portKey);
      if (port.nodePort !== null && usedNodePorts.has(port.nodePort)) {
        add(`services.${i}.ports.${j}.nodePort`, `node port ${port.nodePort} is already allocated`);
      }
      if (port.nodePort !== null) usedNodePorts.add(port.nodePort);
      if (port.nodePort !== null) {
        if (svc.type !== "NodePort" && svc.type !== "LoadBalancer") {
          add(
            `services.${i}.ports.${j}.nodePort`,
            `only a NodePort or LoadBalancer Service has node ports, not ${svc.type}`,
          );
        } else if (port.nodePort < NODE_PORT_MIN || port.nodePort > NODE_PORT_MAX) {
          add(`services.${i}.ports.${j}.nodePort`, `must be in the node port range ${NODE_PORT_MIN}-${NODE_PORT_MAX}`);
        }
      }
    });
    externalTrafficErrors(s, svc, i, add, { clusterCidr, serviceCidr, nodeIPs });
    if (svc.healthCheckNodePort !== null) {
      if (usedNodePorts.has(svc.healthCheckNodePort)) {
        add(`services.${i}.healthCheckNodePort`, `node port ${svc.healthCheckNodePort} is already allocated`);
      }
      usedNodePorts.add(svc.healthCheckNodePort);
    }
  });

  if (serviceCidr !== null && s.dns.nodeLocalDNS !== null && cidrContains(serviceCidr, s.dns.nodeLocalDNS)) {
    add(
      "dns.nodeLocalDNS",
      "the NodeLocal DNSCache address must not be inside serviceCIDR (use a link-local one such as 169.254.20.10)",
    );
  }

  // Request: a pod, a node's own process, or a client outside the cluster
  const from = s.request.from;
  if (!podKeys.has(from)) {
    const [kind = "", name = ""] = from.split("/");
    if (kind === "node") {
      if (!nodesByName.has(name))
        add("request.from", `unknown node "${name}" (node/NAME names a node of the scenario)`);
    } else if (kind === "external") {
      if (!isIPv4(name)) add("request.from", `external/IP needs the outside client's IPv4 address, got "${name}"`);
      else if ((clusterCidr !== null && cidrContains(clusterCidr, name)) || nodeIPs.has(name)) {
        add("request.from", `${name} is inside the cluster (a pod or node address), not an outside client`);
      }
    } else add("request.from", `unknown client pod "${from}"`);
  }
  const url = parseRequestUrl(s.request.url);
  if (!url.ok) errors.push(...url.errors);

  // Services without an address get one, as the API server's allocator would; they must not collide.
  if (serviceCidr !== null) {
    const allocatedIPv4 = [...clusterIPs.keys()].filter((ip) => !ip.includes(":")).length;
    if (needIPv4 > serviceCidr.size - allocatedIPv4 - 3)
      add("serviceCIDR", "too small for the Services in the scenario");
  }
  return errors;
}

/** What CoreDNS itself refuses to load, or what the Corefile cannot mean. */
function corefileErrors(s: Scenario, add: (path: string, message: string) => void): void {
  const corefile = s.dns.coredns.corefile;
  if (corefile === undefined) return;
  // plugin/kubernetes: the autopath search list comes from the pod found by the query's source address, which
  // needs the pod cache that only `pods verified` keeps
  if (corefile.autopath && s.dns.coredns.pods !== "verified") {
    add(
      "dns.coredns.corefile.autopath",
      `autopath @kubernetes needs "pods verified" (dns.coredns.pods is "${s.dns.coredns.pods}"): without the pod index CoreDNS finds no pod and never autopaths`,
    );
  }
  const seen = new Map<string, string>();
  for (const domain of Object.keys(corefile.stubDomains)) {
    const bare = domain.endsWith(".") ? domain.slice(0, -1) : domain;
    const other = seen.get(bare);
    if (other !== undefined) add(`dns.coredns.corefile.stubDomains.${domain}`, `the same zone as "${other}"`);
    else seen.set(bare, domain);
  }
}

/**
 * kube-dns Service at dns.clusterDNS when the scenario has none, and two CoreDNS pods when no pod matches its
 * selector (kubeadm runs 2 replicas). Services without a ClusterIP get the first free address (the real
 * allocator picks at random; a fixed choice keeps scenarios reproducible).
 */
function addClusterDnsDefaults(s: Scenario): Result<Scenario> {
  const serviceCidr = parseCidr(s.serviceCIDR) as Cidr;
  const used = new Set<string>();
  for (const svc of s.services) if (svc.clusterIP !== null && svc.clusterIP !== "None") used.add(svc.clusterIP);

  let services: ServiceSpec[] = [...s.services];
  let kubeDns = services.find((svc) => svc.namespace === KUBE_DNS_NAMESPACE && svc.name === KUBE_DNS_NAME);
  if (kubeDns === undefined) {
    if (!cidrContains(serviceCidr, s.dns.clusterDNS)) {
      return fail(
        "dns.clusterDNS",
        `${s.dns.clusterDNS} is outside serviceCIDR ${s.serviceCIDR}, so it cannot be the kube-dns ClusterIP`,
      );
    }
    if (used.has(s.dns.clusterDNS)) {
      const owner = services.find((svc) => svc.clusterIP === s.dns.clusterDNS);
      return fail(
        "dns.clusterDNS",
        `${s.dns.clusterDNS} is already the ClusterIP of ${owner?.namespace}/${owner?.name}, not of kube-system/kube-dns`,
      );
    }
    kubeDns = {
      namespace: KUBE_DNS_NAMESPACE,
      name: KUBE_DNS_NAME,
      type: "ClusterIP",
      clusterIP: s.dns.clusterDNS,
      clusterIPs: [],
      ipFamilies: [],
      ipFamilyPolicy: null,
      selector: { ...KUBE_DNS_SELECTOR },
      ports: [
        { name: "dns", port: 53, targetPort: 53, protocol: "UDP", nodePort: null },
        { name: "dns-tcp", port: 53, targetPort: 53, protocol: "TCP", nodePort: null },
        { name: "metrics", port: 9153, targetPort: 9153, protocol: "TCP", nodePort: null },
      ],
      externalName: null,
      sessionAffinity: "None",
      sessionAffinityTimeoutSeconds: 10800,
      internalTrafficPolicy: "Cluster",
      externalTrafficPolicy: "Cluster",
      trafficDistribution: null,
      publishNotReadyAddresses: false,
      externalIPs: [],
      loadBalancerSourceRanges: [],
      healthCheckNodePort: null,
      status: { loadBalancer: { ingress: [] } },
    };
    services.push(kubeDns);
    used.add(s.dns.clusterDNS);
  }

  const allocated = allocateClusterIPs(services, serviceCidr, clusterFamilies(s));
  // the IPv4 range was checked among the semantic errors, so only the IPv6 one can run out here
  if (allocated === null) return fail("serviceCIDRs.1", "too small for the Services' IPv6 addresses");
  services = allocated;
  kubeDns = services.find((svc) => svc.namespace === KUBE_DNS_NAMESPACE && svc.name === KUBE_DNS_NAME) ?? kubeDns;

  let pods: PodSpec[] = s.pods;
  const dnsService = kubeDns;
  if (dnsService.selector !== null && !s.pods.some((pod) => selects(dnsService, pod))) {
    const taken = new Set(s.pods.map((pod) => pod.ip));
    const podNames = new Set(s.pods.map(namespacedName));
    const added: PodSpec[] = [];
    for (let replica = 0; replica < COREDNS_REPLICAS; replica++) {
      const node = s.nodes[replica % s.nodes.length];
      if (node === undefined) break;
      const block = parseCidr(node.podCIDR) as Cidr;
      // .1 is usually the node's bridge/gateway address (cni0), so start at .2 as kubeadm clusters do
      let offset = 2;
      let ip = addressInCidr(block, offset);
      while (ip !== null && taken.has(ip)) ip = addressInCidr(block, ++offset);
      if (ip === null) return fail(`nodes.${replica % s.nodes.length}.podCIDR`, "no free address for a CoreDNS pod");
      taken.add(ip);
      let name = `coredns-${replica}`;
      while (podNames.has(namespacedName({ namespace: dnsService.namespace, name }))) name = `${name}-dns`;
      podNames.add(namespacedName({ namespace: dnsService.namespace, name }));
      added.push({
        namespace: dnsService.namespace,
        name,
        node: node.name,
        ip,
        podIPs: [],
        labels: { ...dnsService.selector },
        ready: true,
        terminating: false,
        hostNetwork: false,
        // CoreDNS runs with dnsPolicy Default so that `forward . /etc/resolv.conf` reaches the node's resolvers
        dnsPolicy: "Default",
        dnsConfig: null,
        resolver: "glibc",
        hostname: null,
        subdomain: null,
        hostAliases: [],
        setHostnameAsFQDN: false,
        containerPorts: [],
      });
    }
    pods = [...s.pods, ...added];
  }
  return { ok: true, value: { ...s, services, pods } };
}

function addNamespaces(s: Scenario): Scenario {
  const names = new Set(s.namespaces);
  const namespaces = [...s.namespaces];
  for (const item of [...s.pods, ...s.services]) {
    if (!names.has(item.namespace)) {
      names.add(item.namespace);
      namespaces.push(item.namespace);
    }
  }
  return namespaces.length === s.namespaces.length ? s : { ...s, namespaces };
}

function fail<T>(path: string, message: string): Result<T> {
  return { ok: false, errors: [{ path, message }] };
}
