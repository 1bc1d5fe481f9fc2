"use client";

import { useState, type RefObject } from "react";
import type { Result } from "@/lib/schemas/failure";
import { listValue, textValue, type FormValues } from "@/lib/schemas/form-state";
import type { ScenarioTemplate } from "@/lib/schemas/question-set";
import type { ScenarioSample } from "@/lib/server/authoring";
import { ChoiceGroup, Field, FieldError, SelectField } from "@/app/_components/field";
import { scenarioSampleAction } from "../actions";

type Errors = Readonly<Record<string, readonly string[] | undefined>>;
type Sample = Result<ScenarioSample>;

const SERVICE_KINDS = ["ClusterIP", "headless", "ExternalName", "no-endpoints"];
const PROXY_MODES = ["iptables", "ipvs", "nftables"];
const PLACEMENTS = ["any", "same-node", "cross-node"];
const RESOLVERS = ["glibc", "musl"];
const CLIENTS = ["pod", "outside"];
const AUTOPATH = ["off", "on"];
const DIFFICULTIES = ["easy", "medium", "hard"].map((d) => [d, d] as const);

/** The sample the server generated: the question as interviews ask it, and the answers learners are shown. */
function SampleView({ sample }: { sample: Sample }) {
  if (!sample.ok) return <p className="form-error">{sample.message}</p>;
  return (
    <div className="card stack">
      <h3>Sample (seed {sample.seed})</h3>
      <p className="muted">
        Service kind: {sample.serviceKind}; placement: {sample.placement}; kube-proxy: {sample.proxyMode}
      </p>
      <h4>As a mock interview asks it</h4>
      {/* renderMarkdown output: sanitised on the server (lib/content/markdown.ts) */}
      <div
        className="markdown"
        data-testid="sample-question"
        dangerouslySetInnerHTML={{ __html: sample.questionHtml }}
      />
      <h4>Computed answer (the flashcard&apos;s back)</h4>
      <div className="markdown" data-testid="sample-answer" dangerouslySetInnerHTML={{ __html: sample.answerHtml }} />
      <details>
        <summary>Model answer shown with the interview&apos;s results</summary>
        <div className="markdown" dangerouslySetInnerHTML={{ __html: sample.modelAnswerHtml }} />
      </details>
    </div>
  );
}

/** A scenario question's template and generator options, and "Generate a sample" for one seed. */
export function ScenarioFields({
  values,
  errors,
  templates,
  form,
}: {
  values: FormValues;
  errors: Errors;
  templates: readonly (readonly [ScenarioTemplate, string])[];
  form: RefObject<HTMLFormElement | null>;
}) {
  const [sample, setSample] = useState<Sample | null>(null);
  const [sampling, setSampling] = useState(false);

  async function generateSample() {
    if (!form.current) return;
    const data = new FormData(form.current);
    setSampling(true);
    try {
      setSample(
        await scenarioSampleAction({
          template: data.get("template"),
          front: data.get("front") ?? "",
          back: data.get("back") ?? "",
          seed: data.get("sampleSeed") ?? "1",
          generator: {
            difficulty: data.get("generator.difficulty") ?? "easy",
            serviceKinds: data.getAll("generator.serviceKinds"),
            proxyModes: data.getAll("generator.proxyModes"),
            placement: data.get("generator.placement") ?? "any",
            resolvers: data.getAll("generator.resolvers"),
            client: data.get("generator.client") === "outside" ? "outside" : undefined,
            autopath: data.get("generator.autopath") === "on" ? true : undefined,
          },
        }),
      );
    } finally {
      setSampling(false);
    }
  }

  return (
    <fieldset className="stack">
      <legend>Scenario</legend>
      <SelectField
        id="item-template"
        name="template"
        label="Template (what the learner answers)"
        defaultValue={textValue(values, "template")}
        options={templates}
        errors={errors.template}
      />
      <SelectField
        id="gen-difficulty"
        name="generator.difficulty"
        label="Difficulty"
        defaultValue={textValue(values, "generator.difficulty") || "easy"}
        options={DIFFICULTIES}
        errors={errors["generator.difficulty"]}
      />
      <ChoiceGroup
        name="generator.serviceKinds"
        legend="Service kinds (none ticked: any)"
        choices={SERVICE_KINDS}
        checked={listValue(values, "generator.serviceKinds")}
      />
      <ChoiceGroup
        name="generator.proxyModes"
        legend="kube-proxy modes (none ticked: as generated)"
        choices={PROXY_MODES}
        checked={listValue(values, "generator.proxyModes")}
      />
      <ChoiceGroup
        name="generator.placement"
        legend="Client and backend placement"
        type="radio"
        choices={PLACEMENTS}
        checked={[textValue(values, "generator.placement") || "any"]}
      />
      <ChoiceGroup
        name="generator.client"
        legend="Who makes the request: a pod, or a client outside the cluster (LoadBalancer or NodePort)"
        type="radio"
        choices={CLIENTS}
        checked={[textValue(values, "generator.client") || "pod"]}
      />
      <p className="muted">
        Mock interviews ask questions with a client outside the cluster too: the grader follows the outside path (the
        load balancer or NodePort, the traffic policy&apos;s masquerade or kept client address).
      </p>
      <ChoiceGroup
        name="generator.autopath"
        legend="CoreDNS autopath @kubernetes (on: every variant runs it, with pods verified; off: as generated, never)"
        type="radio"
        choices={AUTOPATH}
        checked={[textValue(values, "generator.autopath") || "off"]}
      />
      <ChoiceGroup
        name="generator.resolvers"
        legend="Client resolvers (none ticked: as generated)"
        choices={RESOLVERS}
        checked={listValue(values, "generator.resolvers")}
      />
      <FieldError controlId="generator" errors={errors.generator} />
      <div className="inline-actions">
        <Field
          id="sample-seed"
          name="sampleSeed"
          label="Sample seed"
          type="number"
          inputMode="numeric"
          min={0}
          max={2 ** 31 - 1}
          defaultValue={textValue(values, "sampleSeed") || "1"}
        />
        <button type="button" className="secondary" onClick={() => void generateSample()} disabled={sampling}>
          {sampling ? "Generating…" : "Generate a sample"}
        </button>
      </div>
      <section aria-label="Generated sample" aria-live="polite" data-testid="scenario-sample">
        {sample === null ? null : <SampleView sample={sample} />}
      </section>
    </fieldset>
  );
}
