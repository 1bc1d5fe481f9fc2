import type { PodSpec, ServiceSpec } from "../../schemas/scenario";
import type { Scenario, Trace } from "../../sim";
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
  const options = client.dnsConfig?.options ?? [];
  if (options.length > 0) {
    extras.push(`dnsConfig options ${options.map((o) => (o.value ? `${o.name}:${o.value}` : o.name)).join(", ")}`);
  }
  return (
    `- **Client**: pod ${code(`${client.namespace}/${client.name}`)} in namespace **${client.namespace}** on ` +
    `${code(client.node)}, IP ${code(client.ip)}, ${client.resolver} resolver, dnsPolicy ${client.dnsPolicy}` +
    `${extras.length > 0 ? `; ${extras.join("; ")}` : ""}.`
  );
}

function serviceLine(scenario: Scenario, service: ServiceSpec): string {
  const kind =
    service.type === "ExternalName"
      ? `ExternalName → ${code(service.externalName ?? "?")}`
      : service.clusterIP === "None"
        ? "headless (clusterIP: None)"
        : `${service.type}, ClusterIP ${code(service.clusterIP ?? "?")}`;
  const exposed = service.type === "NodePort" || service.type === "LoadBalancer";
  const ports = service.ports
    .map(
      (p) =>
        `${p.port}→${p.targetPort ?? p.port}/${p.protocol}` +
        (exposed && p.nodePort !== null ? ` (nodePort ${p.nodePort})` : ""),
    )
    .join(", ");
  const ingress = service.status.loadBalancer.ingress.map((i) => i.ip);
  const settings = [
    ports ? `ports ${ports}` : "",
    ingress.length > 0 ? `load balancer ingress ${ingress.map(code).join(", ")}` : "",
    exposed ? `externalTrafficPolicy ${service.externalTrafficPolicy}` : "",
    service.loadBalancerSourceRanges.length > 0
      ? `loadBalancerSourceRanges ${service.loadBalancerSourceRanges.map(code).join(", ")}`
      : "",
    service.internalTrafficPolicy === "Local" ? "internalTrafficPolicy Local" : "",
    service.sessionAffinity === "ClientIP" ? "sessionAffinity ClientIP" : "",
  ].filter(Boolean);
  const backends = backendsOf(scenario, service).map(
    (pod) =>
      `${code(pod.name)} on ${code(pod.node)} (${pod.ip}${pod.ready ? "" : ", not ready"}` +
      `${pod.terminating ? ", terminating" : ""})`,
  );
  return (
    `- **Service**: ${code(`${service.namespace}/${service.name}`)} in namespace **${service.namespace}**, ${kind}` +
    settings.map((setting) => `, ${setting}`).join("") +
    (service.type === "ExternalName" ? "." : `; pods behind it: ${backends.join(", ") || "none"}.`)
  );
}

/**
 * The scenario in prose (Markdown) with every fact a learner needs to answer: the cluster, its DNS, the
 * client pod, each Service and the pods behind it, and the call. The one description of a scenario: the
 * flashcard front, the interview prompt and the admin's sample all show it.
 */
export function scenarioProse(trace: Trace): string {
  const s = trace.scenario;
  const client = clientPodOf(s);
  const nodes = s.nodes.map((n) => `${code(n.name)} (${n.ip}, pods ${n.podCIDR})`).join(", ");
  const lines = [
    `- **Cluster**: ${plural(s.nodes.length, "node")}: ${nodes}. kube-proxy in **${s.kubeProxy.mode}** mode, ` +
      `CNI **${s.cni.mode}**, Service range ${code(s.serviceCIDR)}, cluster domain ${code(s.clusterDomain)}.`,
    `- **Cluster DNS**: ${code(s.dns.clusterDNS)} (the ${code("kube-system/kube-dns")} Service in front of CoreDNS)` +
      (s.dns.nodeLocalDNS !== null ? `, with NodeLocal DNSCache at ${code(s.dns.nodeLocalDNS)}` : "") +
      // plugin/autopath: CoreDNS walks the asking pod's search path itself, which changes the query count
      (s.dns.coredns.corefile?.autopath === true
        ? `; CoreDNS runs ${code("autopath @kubernetes")} (with ${code("pods verified")}).`
        : "."),
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
