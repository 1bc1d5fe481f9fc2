/**
 * Scenario cards: each time the card comes due it shows a new generated scenario (seeded, so a stored seed
 * regenerates the same variant) and its back is computed by the simulation. No database access here.
 *
 * Generator options are honoured as follows (issue 5 §5):
 * - `serviceKinds` and `placement` depend on the generated structure, so we try the seeds
 *   seed, seed+1, … (at most VARIANT_ATTEMPTS) and keep the first variant whose trace matches; when none
 *   matches (e.g. "ExternalName" at difficulty easy, which never generates one) the first valid variant is used.
 * - `proxyModes` and `resolvers` are settings of an otherwise valid scenario, so a variant outside the list
 *   gets a mode / client resolver picked from the list with the variant's own seeded random source.
 */
import {
  generateScenario,
  seededRandom,
  traceScenario,
  validateScenario,
  type Scenario,
  type Trace,
} from "../sim/index";
import type { ScenarioInput } from "../schemas/scenario";
import { generatorOptionsSchema, scenarioTemplates, type GeneratorOptions } from "../schemas/question-set";

export type ScenarioTemplate = (typeof scenarioTemplates)[number];

export const VARIANT_ATTEMPTS = 64;

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

export type ServiceKind = "ClusterIP" | "headless" | "ExternalName" | "no-endpoints" | "other";

/** What kind of target the request ended up at, read from the trace. */
export function serviceKindOf(trace: Trace): ServiceKind {
  if (trace.dns.queries.some((q) => q.answers.some((a) => a.type === "CNAME"))) return "ExternalName";
  if (trace.proxy !== null) {
    return trace.connection?.outcome === "established" ? "ClusterIP" : "no-endpoints";
  }
  const answered = trace.dns.queries.find((q) => q.rcode === "NOERROR" && q.answers.length > 0);
  if (answered && answered.name.includes(`.svc.${trace.scenario.clusterDomain}`)) return "headless";
  return "other";
}

export function placementOf(trace: Trace): "same-node" | "cross-node" | null {
  const backendNode = trace.connection?.backendNode ?? null;
  if (backendNode === null) return null;
  const client = trace.scenario.pods.find((p) => `${p.namespace}/${p.name}` === trace.scenario.request.from);
  return client?.node === backendNode ? "same-node" : "cross-node";
}

function matchesStructure(trace: Trace, options: GeneratorOptions): boolean {
  if (options.serviceKinds.length > 0 && !options.serviceKinds.some((k) => k === serviceKindOf(trace))) return false;
  if (options.placement !== "any" && placementOf(trace) !== options.placement) return false;
  return true;
}

function withSettings(input: ScenarioInput, options: GeneratorOptions, seed: number): ScenarioInput {
  const rng = seededRandom(seed ^ 0x5eed);
  let next = input;
  const mode = input.kubeProxy?.mode ?? "iptables";
  if (options.proxyModes.length > 0 && !options.proxyModes.includes(mode)) {
    next = { ...next, kubeProxy: { mode: rng.pick(options.proxyModes) } };
  }
  if (options.resolvers.length > 0) {
    const resolver = rng.pick(options.resolvers);
    next = {
      ...next,
      pods: next.pods.map((pod) =>
        `${pod.namespace}/${pod.name}` === next.request.from && !options.resolvers.includes(pod.resolver ?? "glibc")
          ? { ...pod, resolver }
          : pod,
      ),
    };
  }
  return next;
}

export interface ScenarioVariant {
  /** the seed the variant was asked for (stored with the card and the review) */
  readonly seed: number;
  /** the generator seed actually used (seed + retries) */
  readonly generatorSeed: number;
  readonly scenario: Scenario;
  readonly trace: Trace;
  /** whether the variant satisfies every generator option */
  readonly matchesOptions: boolean;
}

/** The variant for `seed`: same seed and options, same scenario and trace, on every machine. */
export function scenarioVariant(seed: number, options: GeneratorOptions): ScenarioVariant | null {
  let first: ScenarioVariant | null = null;
  for (let attempt = 0; attempt < VARIANT_ATTEMPTS; attempt += 1) {
    const generatorSeed = (seed + attempt) | 0;
    const input = withSettings(generateScenario(generatorSeed, options.difficulty), options, generatorSeed);
    const valid = validateScenario(input);
    if (!valid.ok) continue;
    const trace = traceScenario(valid.value, { seed: generatorSeed });
    const variant = { seed, generatorSeed, scenario: valid.value, trace, matchesOptions: true };
    if (matchesStructure(trace, options)) return variant;
    first ??= { ...variant, matchesOptions: false };
  }
  return first;
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
