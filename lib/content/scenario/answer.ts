/**
 * Scenario cards: each time the card comes due it shows a new generated scenario (seeded, so a stored seed
 * regenerates the same variant) and its back is computed by the simulation. No database access here.
 * Variants come from ./variant.ts (shared with authoring's "generate a sample").
 */
import type { Trace } from "../../sim/index";
import { generatorOptionsSchema, scenarioTemplates, type GeneratorOptions } from "../../schemas/question-set";

export type ScenarioTemplate = (typeof scenarioTemplates)[number];

export interface ScenarioItemSettings {
  readonly template: ScenarioTemplate;
  readonly generator: GeneratorOptions;
}

/** The stored Item.scenario JSON ({ template, generator }), or null when it is not a scenario item. */
export function parseScenarioItem(json: string | null): ScenarioItemSettings | null {
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  const template = scenarioTemplates.find((t) => t === record.template);
  const generator = generatorOptionsSchema.safeParse(record.generator ?? {});
  if (template === undefined || !generator.success) return null;
  return { template, generator: generator.data };
}

function code(text: string): string {
  return `\`${text.replaceAll("`", "'")}\``;
}

/** The scenario in prose (Markdown), shown above the item's question. */
export function describeScenario(trace: Trace): string {
  const s = trace.scenario;
  const client = s.pods.find((p) => `${p.namespace}/${p.name}` === s.request.from);
  const lines: string[] = [];
  if (client) {
    const extras: string[] = [];
    if (client.hostNetwork) extras.push("hostNetwork: true");
    if (client.dnsPolicy !== "ClusterFirst") extras.push(`dnsPolicy: ${client.dnsPolicy}`);
    if (client.resolver === "musl") extras.push("musl libc (Alpine) resolver");
    if (client.dnsConfig?.options?.length) {
      extras.push(
        `dnsConfig options ${client.dnsConfig.options.map((o) => (o.value ? `${o.name}:${o.value}` : o.name)).join(", ")}`,
      );
    }
    lines.push(
      `Pod ${code(client.name)} in namespace ${code(client.namespace)} on node ${code(client.node)} ` +
        `(IP ${code(client.ip)}${extras.length > 0 ? `; ${extras.join("; ")}` : ""}) requests ${code(s.request.url)}.`,
    );
  }
  lines.push("");
  lines.push(
    `- Cluster domain ${code(s.clusterDomain)}, kube-proxy in **${s.kubeProxy.mode}** mode, ` +
      `cluster DNS ${code(s.dns.clusterDNS)}${s.dns.nodeLocalDNS ? `, NodeLocal DNSCache at ${code(s.dns.nodeLocalDNS)}` : ""}.`,
  );
  lines.push(`- Nodes: ${s.nodes.map((n) => `${code(n.name)} (${code(n.ip)}, pods ${code(n.podCIDR)})`).join(", ")}.`);
  for (const svc of s.services) {
    if (svc.namespace === "kube-system" && svc.name === "kube-dns") continue;
    const ports = svc.ports.map((p) => `${p.port}→${p.targetPort ?? p.port}/${p.protocol}`).join(", ");
    const addr =
      svc.type === "ExternalName"
        ? `ExternalName → ${code(svc.externalName ?? "")}`
        : svc.clusterIP === "None"
          ? "headless (clusterIP: None)"
          : `${svc.type} ${code(svc.clusterIP ?? "")}`;
    const selector = Object.entries(svc.selector ?? {});
    const backends = s.pods.filter(
      (p) => p.namespace === svc.namespace && selector.length > 0 && selector.every(([k, v]) => p.labels[k] === v),
    );
    const backendText =
      backends.length === 0
        ? "no matching pods"
        : backends
            .map(
              (p) =>
                `${code(p.name)} ${code(p.ip)} on ${code(p.node)}${p.ready ? "" : " (not ready)"}${p.terminating ? " (terminating)" : ""}`,
            )
            .join(", ");
    const policy = svc.internalTrafficPolicy === "Local" ? ", internalTrafficPolicy Local" : "";
    const affinity = svc.sessionAffinity === "ClientIP" ? ", sessionAffinity ClientIP" : "";
    lines.push(
      `- Service ${code(`${svc.namespace}/${svc.name}`)}: ${addr}${ports ? `, ports ${ports}` : ""}${policy}${affinity}` +
        (svc.type === "ExternalName" ? "." : `; pods: ${backendText}.`),
    );
  }
  return lines.join("\n");
}

function hopList(trace: Trace): string {
  return trace.hops.map((hop, i) => `${i + 1}. **${hop.kind}** (${hop.at}): ${hop.summary}`).join("\n");
}

/** The computed answer for the item's template (Markdown). */
export function scenarioAnswer(trace: Trace, template: ScenarioTemplate): string {
  const dns = trace.dns;
  switch (template) {
    case "dns-names": {
      const names = dns.queries.map((q) => {
        const answers = q.answers.map((a) => `${a.type} ${a.value}`).join(", ");
        return `1. ${code(q.name)} → ${q.rcode}${answers ? ` (${answers})` : ""}`;
      });
      const result =
        dns.result.error === null
          ? `The resolver returns ${dns.result.addresses.map(code).join(", ")} after ${dns.queries.length} name(s), ${dns.packets} query packets.`
          : `The lookup fails with ${code(dns.result.error)} after ${dns.queries.length} name(s).`;
      return [
        `**Names queried, in order** (nameserver ${code(trace.resolvConf.nameservers[0] ?? "")}):`,
        "",
        ...names,
        "",
        result,
      ].join("\n");
    }
    case "returned-ip":
      return dns.result.error === null
        ? `**${dns.result.addresses.map(code).join(", ")}**: the answer to ${code(dns.queries.find((q) => q.answers.length > 0)?.name ?? "")}.`
        : `**No address**: the lookup fails with ${code(dns.result.error)}.`;
    case "chain-path": {
      if (trace.proxy === null)
        return "**kube-proxy is not involved**: the connection goes straight to the address DNS returned.";
      const chains =
        trace.proxy.chains.length > 0
          ? trace.proxy.chains.map((c) => code(c)).join(" → ")
          : `no per-Service chains (${trace.proxy.mode} virtual server)`;
      const candidates = trace.proxy.candidates
        .map((c) => `${code(c.endpoint)} (${Math.round(c.probability * 100)}%)`)
        .join(", ");
      return [
        `**${trace.proxy.mode}** path: ${chains}.`,
        "",
        candidates ? `Candidate endpoints: ${candidates}.` : "No usable endpoint.",
        trace.connection?.backend
          ? `This time: ${code(trace.connection.backend)} (${trace.connection.backendPod ?? "?"}).`
          : "",
      ].join("\n");
    }
    case "outcome": {
      const c = trace.connection;
      if (c === null)
        return `**No connection**: ${dns.result.error ? `DNS fails with ${code(dns.result.error)}` : "nothing to connect to"}.`;
      return (
        `**${c.outcome}** to ${code(c.dst)}` +
        (c.backend ? `, served by ${code(c.backend)} (${c.backendPod ?? "?"} on ${c.backendNode ?? "?"})` : "") +
        (c.snat ? ", with SNAT (masquerade)" : "") +
        "."
      );
    }
    case "full-path":
      return ["**The full path, hop by hop:**", "", hopList(trace)].join("\n");
  }
}
