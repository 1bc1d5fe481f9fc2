import { type SessionUser } from "../auth";
import { scenarioQuestion, type ScenarioTemplate } from "../../content";
import { renderMarkdown } from "../../content/markdown";
import { type GeneratorOptions } from "../../schemas/question-set";
import { authorize } from "./access";

export function markdownPreview(user: SessionUser | null, text: string): string {
  authorize(user);
  return renderMarkdown(text.slice(0, 50_000));
}

export interface ScenarioSample {
  readonly ok: boolean;
  readonly message?: string;
  readonly seed?: number;
  readonly questionHtml?: string;
  readonly answer?: readonly string[];
  readonly serviceKind?: string;
  readonly placement?: string;
  readonly scenario?: {
    readonly request: { from: string; url: string };
    readonly proxyMode: string;
    readonly nodes: readonly string[];
    readonly pods: readonly string[];
    readonly services: readonly string[];
  };
}

export function scenarioSample(
  user: SessionUser | null,
  input: { template: ScenarioTemplate; generator: GeneratorOptions; front: string; seed: number },
): ScenarioSample {
  authorize(user);
  const result = scenarioQuestion(input.template, input.generator, input.front, input.seed);
  if (!result.ok) return { ok: false, message: result.message };
  const { question } = result;
  const s = question.scenario;
  return {
    ok: true,
    seed: question.seed,
    questionHtml: renderMarkdown(question.questionText),
    answer: question.answer,
    serviceKind: question.serviceKind,
    placement: question.placement,
    scenario: {
      request: { from: s.request.from, url: s.request.url },
      proxyMode: s.kubeProxy.mode,
      nodes: s.nodes.map((node) => `${node.name} (${node.ip}, pods ${node.podCIDR})`),
      pods: s.pods.map(
        (pod) => `${pod.namespace}/${pod.name} on ${pod.node}: ${pod.ip}${pod.ready ? "" : " (not ready)"}`,
      ),
      services: s.services.map(
        (svc) =>
          `${svc.namespace}/${svc.name}: ${svc.type}${svc.clusterIP ? ` ${svc.clusterIP}` : ""}${svc.externalName ? ` → ${svc.externalName}` : ""}`,
      ),
    },
  };
}
