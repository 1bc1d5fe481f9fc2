import type { PodSpec, ServiceSpec } from "../../schemas/scenario";
import { findPort, ZONE_LABEL, type Scenario, type Trace } from "../../sim";
import { plural } from "../plural";
import { clientPodOf } from "./variant";

/** Inline code that a backtick in a name cannot break. */
export function code(text: string): string {
  return `\`${text.replaceAll("`", "'")}\``;
}

/** The pods a Service's selector picks (an empty or missing selector picks none, as for EndpointSlices). */
function backendsOf(scenario: Scenario, service: ServiceSpec): PodSpec[] {
  const selector = Object.entries(service.selector ?? {});
  if (selector.length === 0) return [];
  return scenario.pods.filter(
    (pod) => pod.namespace === service.namespace && selector.every(([key, value]) => pod.labels[key] === value),
  );
}

function clientLine(client: PodSpec): string {
  const extras: string[] = [];
  if (client.hostNetwork) extras.push("hostNetwork: true");
  // the kernel hostname (`hostname`, and what the app reports) becomes the FQDN; /etc/hosts is unchanged
  if (client.setHostnameAsFQDN && client.subdomain !== null) {
    extras.push(
      `hostname ${code(client.hostname ?? client.name)}, subdomain ${code(client.subdomain)}, setHostnameAsFQDN`,
    );
  }
  // /etc/hosts is read before DNS: an alias answers without any query (and in the libraries' address order)
  for (const alias of client.hostAliases) {
    extras.push(`hostAliases ${alias.hostnames.map(code).join(", ")} → ${code(alias.ip)}`);
  }
  const options = client.dnsConfig?.options ?? [];
  if (options.length > 0) {
    extras.push(`dnsConfig options ${options.map((o) => (o.value ? `${o.name}:${o.value}` : o.name)).join(", ")}`);
  }
  return (
    `- **Client**: pod ${code(`${client.namespace}/${client.name}`)} in namespace **${client.namespace}** on ` +
    `${code(client.node)}, IP ${client.podIPs.length > 1 ? client.podIPs.map(code).join(" and ") : code(client.ip)}, ${client.resolver} resolver, dnsPolicy ${client.dnsPolicy}` +
    `${extras.length > 0 ? `; ${extras.join("; ")}` : ""}.`
  );
}

function serviceLine(scenario: Scenario, service: ServiceSpec): string {
  const kind =
    service.type === "ExternalName"
      ? `ExternalName → ${code(service.externalName ?? "?")}`
      : service.clusterIP === "None"
        ? "headless (clusterIP: None)"
        : `${service.type}, ClusterIP ${service.clusterIPs.length > 1 ? service.clusterIPs.map(code).join(" and ") : code(service.clusterIP ?? "?")}`;
  const exposed = service.type === "NodePort" || service.type === "LoadBalancer";
  const ports = service.ports
    .map(
      (p) =>
        `${p.port}→${typeof p.targetPort === "string" ? `the container port named ${code(p.targetPort)}` : (p.targetPort ?? p.port)}/${p.protocol}` +
        (exposed && p.nodePort !== null ? ` (nodePort ${p.nodePort})` : ""),
    )
    .join(", ");
  const ingress = service.status.loadBalancer.ingress.map((i) => i.ip);
  const settings = [
    // on a dual-stack cluster the policy says whether the name has an AAAA record at all
    scenario.serviceCIDRs.length > 1 && service.type !== "ExternalName" && service.ipFamilyPolicy !== null
      ? `ipFamilyPolicy ${service.ipFamilyPolicy}`
      : "",
    ports ? `ports ${ports}` : "",
    ingress.length > 0 ? `load balancer ingress ${ingress.map(code).join(", ")}` : "",
    exposed ? `externalTrafficPolicy ${service.externalTrafficPolicy}` : "",
    service.loadBalancerSourceRanges.length > 0
      ? `loadBalancerSourceRanges ${service.loadBalancerSourceRanges.map(code).join(", ")}`
      : "",
    service.internalTrafficPolicy === "Local" ? "internalTrafficPolicy Local" : "",
    service.sessionAffinity === "ClientIP" ? "sessionAffinity ClientIP" : "",
    // the EndpointSlice controller hints endpoints for their node's zone; kube-proxy may keep only its zone's
    service.trafficDistribution !== null ? `trafficDistribution ${service.trafficDistribution}` : "",
  ].filter(Boolean);
  // a named targetPort is resolved per pod (podutil FindPort): each pod's own number, or none
  const named = service.ports.filter((p) => typeof p.targetPort === "string");
  const portsOf = (pod: PodSpec): string =>
    named
      .map((p) => {
        const number = findPort(pod, p);
        return number === null
          ? `, no port named ${code(String(p.targetPort))}`
          : `, ${code(String(p.targetPort))} = ${number}`;
      })
      .join("");
  const backends = backendsOf(scenario, service).map(
    (pod) =>
      `${code(pod.name)} on ${code(pod.node)} (${pod.podIPs.length > 1 ? pod.podIPs.join(" and ") : pod.ip}${portsOf(pod)}${pod.ready ? "" : ", not ready"}` +
      `${pod.terminating ? ", terminating" : ""})`,
  );
  return (
    `- **Service**: ${code(`${service.namespace}/${service.name}`)} in namespace **${service.namespace}**, ${kind}` +
    settings.map((setting) => `, ${setting}`).join("") +
    (service.type === "ExternalName" ? "." : `; pods behind it: ${backends.join(", ") || "none"}.`)
  );
}

/**
 * What CoreDNS runs beyond kubeadm's Corefile, each of which changes an answer or the number of queries:
 * autopath (plugin/autopath: CoreDNS walks the asking pod's search path itself), the pods mode (pod records),
 * `ignore empty_service`, a CoreDNS that has not synced yet (SERVFAIL), forward, stub domains and rewrites.
 */
function corednsSettings(s: Scenario): string {
  const { coredns } = s.dns;
  const corefile = coredns.corefile;
  const settings = [
    corefile?.autopath === true ? `runs ${code("autopath @kubernetes")} (with ${code("pods verified")})` : "",
    corefile?.autopath !== true && coredns.pods !== "insecure" ? `${code(`pods ${coredns.pods}`)}` : "",
    coredns.ignoreEmptyService ? code("ignore empty_service") : "",
    coredns.synced ? "" : "has not synced with the API server yet",
    (corefile?.forward.length ?? 0) > 0 ? `${code(`forward . ${corefile?.forward.join(" ")}`)}` : "",
    ...Object.entries(corefile?.stubDomains ?? {}).map(
      ([zone, to]) => `stub domain ${code(zone)} → ${to.map(code).join(", ")}`,
    ),
    ...(corefile?.rewrite ?? []).map((r) => code(`rewrite name ${r.match} ${r.from} ${r.to}`)),
  ].filter(Boolean);
  return settings.length > 0 ? `; CoreDNS: ${settings.join(", ")}.` : ".";
}

/**
 * The scenario in prose (Markdown) with every fact a learner needs to answer: the cluster, its DNS, the
 * client pod, each Service and the pods behind it, and the call. The one description of a scenario: the
 * flashcard front, the interview prompt and the admin's sample all show it.
 */
export function scenarioProse(trace: Trace): string {
  const s = trace.scenario;
  const client = clientPodOf(s);
  // a node's search domains end up in its ClusterFirst pods' search lists (kubelet dns.go): said once when
  // every node has the same, else per node
  const searchOf = (n: Scenario["nodes"][number]) => n.searchDomains.map(code).join(" ");
  const sameSearch = s.nodes.every((n) => searchOf(n) === searchOf(s.nodes[0]!));
  const nodes = s.nodes
    .map((n) => {
      const zone = n.labels[ZONE_LABEL];
      const extras = [
        zone !== undefined ? `zone ${code(zone)}` : "",
        !sameSearch && n.searchDomains.length > 0 ? `search ${searchOf(n)}` : "",
      ].filter(Boolean);
      return `${code(n.name)} (${n.ip}, pods ${n.podCIDRs.length > 1 ? n.podCIDRs.join(" and ") : n.podCIDR}${extras.map((e) => `, ${e}`).join("")})`;
    })
    .join(", ");
  const search =
    sameSearch && (s.nodes[0]?.searchDomains.length ?? 0) > 0
      ? ` The nodes' resolv.conf searches ${searchOf(s.nodes[0]!)}.`
      : "";
  const lines = [
    `- **Cluster**: ${plural(s.nodes.length, "node")}: ${nodes}. kube-proxy in **${s.kubeProxy.mode}** mode, ` +
      `CNI **${s.cni.mode}**, ${s.serviceCIDRs.length > 1 ? `dual-stack, Service ranges ${s.serviceCIDRs.map(code).join(" and ")}` : `Service range ${code(s.serviceCIDR)}`}, cluster domain ${code(s.clusterDomain)}.${search}`,
    `- **Cluster DNS**: ${code(s.dns.clusterDNS)} (the ${code("kube-system/kube-dns")} Service in front of CoreDNS)` +
      (s.dns.nodeLocalDNS !== null ? `, with NodeLocal DNSCache at ${code(s.dns.nodeLocalDNS)}` : "") +
      corednsSettings(s),
  ];
  const outside = /^external\/(.+)$/.exec(s.request.from)?.[1] ?? null;
  if (client !== null) lines.push(clientLine(client));
  else if (outside !== null) lines.push(`- **Client**: a machine outside the cluster, at ${code(outside)}.`);
  for (const service of s.services) {
    if (service.namespace === "kube-system" && service.name === "kube-dns") continue;
    lines.push(serviceLine(s, service));
  }
  lines.push(
    `- **The call**: ${client !== null ? code(`${client.namespace}/${client.name}`) : outside !== null ? `the client at ${code(outside)}` : "the client"} runs ` +
      `${code(`http.get("${s.request.url}")`)}.`,
  );
  return lines.join("\n");
}
