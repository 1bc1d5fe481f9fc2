import type { GeneratorOptions, scenarioTemplates } from "../../schemas/question-set";
import type { Scenario, Trace } from "../../sim";
import { placementOf, serviceKindOf, scenarioVariant, VARIANT_ATTEMPTS, type ServiceKind } from "./variant";

/**
 * A scenario question made concrete: a scenario generated from a seed and the author's generator options,
 * the question text (the scenario described, then the template's question, then the author's own prose) and
 * the answer the simulation computes. The same template, options and seed always give the same question.
 */
export type ScenarioTemplate = (typeof scenarioTemplates)[number];

export interface ScenarioQuestion {
  /** the seed of the scenario actually used (options that filter scenarios may skip a few seeds) */
  readonly seed: number;
  readonly scenario: Scenario;
  readonly trace: Trace;
  readonly serviceKind: ServiceKind;
  readonly placement: "same-node" | "cross-node" | "none";
  /** Markdown */
  readonly questionText: string;
  /** the computed answer, one line per step or value */
  readonly answer: readonly string[];
}

export const TEMPLATE_LABELS: Record<ScenarioTemplate, string> = {
  "full-path": "Full path (every hop, in order)",
  "dns-names": "DNS names queried, in order",
  "returned-ip": "Address DNS returns",
  "chain-path": "kube-proxy chain path",
  outcome: "Connection outcome",
};

const TEMPLATE_QUESTIONS: Record<ScenarioTemplate, string> = {
  "full-path": "Name every hop from the request until the response arrives, in order.",
  "dns-names": "Which DNS names does the pod's resolver query, in order?",
  "returned-ip": "Which address (or error) does name resolution hand to the application?",
  "chain-path": "Which kube-proxy chains does the connection's first packet walk through on the client's node?",
  outcome: "What happens to the connection: established, refused or timeout?",
};

function answerFor(template: ScenarioTemplate, trace: Trace): string[] {
  switch (template) {
    case "full-path":
      return trace.hops.map((hop) => hop.summary);
    case "dns-names":
      return trace.dns.queries.map((query) => `${query.name} (${query.types.join(" + ")}) → ${query.rcode}`);
    case "returned-ip":
      return trace.dns.result.error !== null
        ? [`no address: ${trace.dns.result.error}`]
        : [...trace.dns.result.addresses];
    case "chain-path":
      if (trace.proxy === null) return ["none: kube-proxy is not involved (no Service virtual IP is dialled)"];
      if (trace.proxy.chains.length === 0) return [`none: ${trace.proxy.mode} mode has no per-Service chains`];
      return [...trace.proxy.chains];
    case "outcome":
      if (trace.connection === null)
        return [`no connection: name resolution failed (${trace.dns.result.error ?? "no address"})`];
      return [
        trace.connection.backend
          ? `${trace.connection.outcome} (to ${trace.connection.backend})`
          : trace.connection.outcome,
      ];
  }
}

function describe(scenario: Scenario): string {
  const client = scenario.pods.find((pod) => `${pod.namespace}/${pod.name}` === scenario.request.from);
  const where = client ? ` on node \`${client.node}\` (${client.resolver} resolver)` : "";
  return (
    `Pod \`${scenario.request.from}\`${where} requests \`${scenario.request.url}\`. ` +
    `kube-proxy runs in ${scenario.kubeProxy.mode} mode; the cluster domain is \`${scenario.clusterDomain}\`.`
  );
}

export function scenarioQuestion(
  template: ScenarioTemplate,
  options: GeneratorOptions,
  prose: string,
  seed: number,
): { ok: true; question: ScenarioQuestion } | { ok: false; message: string } {
  const variant = scenarioVariant(seed, options);
  if (variant === null || !variant.matchesOptions) {
    return {
      ok: false,
      message: `No generated scenario matched these options in ${VARIANT_ATTEMPTS} tries: allow more service kinds, placements or a different difficulty.`,
    };
  }
  const { scenario, trace } = variant;
  const questionText = [describe(scenario), TEMPLATE_QUESTIONS[template], prose.trim()].filter(Boolean).join("\n\n");
  return {
    ok: true,
    question: {
      seed: variant.generatorSeed,
      scenario,
      trace,
      serviceKind: serviceKindOf(trace),
      placement: placementOf(trace) ?? "none",
      questionText,
      answer: answerFor(template, trace),
    },
  };
}
