import "server-only";
import type { SessionUser } from "../auth";
import { placementOf, scenarioAnswer, scenarioVariant, serviceKindOf, VARIANT_ATTEMPTS } from "../../content";
import { renderMarkdown } from "../../content/markdown";
import { modelAnswer, questionPrompt, questionScenario, type InterviewItem } from "../../interview";
import { failure, type Result } from "../../schemas/failure";
import type { GeneratorOptions, ScenarioTemplate } from "../../schemas/question-set";
import { authorize } from "./access";

export function markdownPreview(user: SessionUser | null, text: string): string {
  authorize(user);
  return renderMarkdown(text.slice(0, 50_000));
}

export interface ScenarioSample {
  readonly seed: number;
  readonly serviceKind: string;
  readonly placement: string;
  readonly proxyMode: string;
  /** the question exactly as a mock interview asks it for this seed (scenario, question, template lead) */
  readonly questionHtml: string;
  /** what the results page shows as the model answer */
  readonly modelAnswerHtml: string;
  /** the answer the flashcard reviewer computes for the template */
  readonly answerHtml: string;
}

/**
 * "Generate a sample" of a scenario item being edited: for one seed, the scenario as interviews and the
 * flashcard reviewer get it (the same lib/content and lib/interview functions, so the admin sees what
 * learners are asked), or why no generated scenario meets the options.
 */
export function scenarioSample(
  user: SessionUser | null,
  input: { template: ScenarioTemplate; generator: GeneratorOptions; front: string; back?: string; seed: number },
): Result<ScenarioSample, "NO_MATCHING_SCENARIO"> {
  authorize(user);
  const item: InterviewItem = {
    id: "sample",
    kind: "scenario",
    front: input.front,
    back: input.back ?? "",
    tags: [],
    template: input.template,
    generator: input.generator,
  };
  const variant = scenarioVariant(input.seed, input.generator);
  const scenario = questionScenario(item, input.seed, input.generator.difficulty);
  if (variant === null || !variant.matchesOptions || scenario === null) {
    return failure(
      "NO_MATCHING_SCENARIO",
      `No generated scenario matched these options in ${VARIANT_ATTEMPTS} tries: allow more service kinds, ` +
        "placements or a different difficulty.",
    );
  }
  const { trace } = scenario;
  const planned = { item, scenarioSeed: input.seed, difficulty: input.generator.difficulty };
  return {
    ok: true,
    seed: input.seed,
    serviceKind: serviceKindOf(trace),
    placement: placementOf(trace) ?? "none",
    proxyMode: trace.scenario.kubeProxy.mode,
    questionHtml: renderMarkdown(questionPrompt(planned, trace)),
    modelAnswerHtml: renderMarkdown(modelAnswer(item, planned.difficulty, trace)),
    answerHtml: renderMarkdown(scenarioAnswer(trace, input.template)),
  };
}
