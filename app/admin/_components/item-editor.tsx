"use client";

import { useActionState, useRef, useState } from "react";
import type { RubricTestResult, ScenarioTemplate } from "@/lib/content";
import type { ScenarioSample } from "@/lib/server/authoring";
import { saveItemAction, scenarioSampleAction, type ItemFormState } from "../actions";
import { MarkdownField } from "./markdown-field";
import { FormMessage } from "@/app/_components/form-message";

type Verdict = "strong" | "partial" | "weak";

export interface EditorItemValues {
  readonly id: string;
  readonly kind: "flashcard" | "freeform" | "scenario";
  readonly front: string;
  readonly back: string;
  readonly tags: readonly string[];
  readonly scenario?: unknown;
  readonly rubric?: {
    readonly weights: Readonly<Record<string, number>>;
    readonly synonyms: Readonly<Record<string, readonly string[]>>;
    readonly misconceptions: readonly {
      id: string;
      label?: string;
      patterns: readonly string[];
      explanation: string;
    }[];
    readonly modelAnswer: string | null;
    readonly samples: readonly { answer: string; verdict: Verdict; misconceptions?: readonly string[] }[];
  } | null;
  readonly template?: ScenarioTemplate;
  readonly generator?: {
    readonly difficulty: "easy" | "medium" | "hard";
    readonly serviceKinds: readonly string[];
    readonly proxyModes: readonly string[];
    readonly placement: "any" | "same-node" | "cross-node";
    readonly resolvers: readonly string[];
  };
}

function FieldError({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {errors.join(" ")}
    </p>
  );
}

function described(field: string, errors: Record<string, readonly string[] | undefined>) {
  const invalid = (errors[field]?.length ?? 0) > 0;
  return { "aria-invalid": invalid || undefined, "aria-describedby": invalid ? `err-${field}` : undefined };
}

function TestResults({ tests }: { tests: readonly RubricTestResult[] }) {
  if (tests.length === 0)
    return <p className="muted">No rubric tests yet: add a sample answer with the verdict you expect.</p>;
  const failing = tests.filter((test) => !test.pass).length;
  return (
    <div data-testid="rubric-test-results">
      <p className={failing > 0 ? "form-error" : "notice"}>
        {failing > 0
          ? `${failing} of ${tests.length} rubric tests failing: publishing is blocked.`
          : `All ${tests.length} rubric tests pass.`}
      </p>
      <ul>
        {tests.map((test) => (
          <li key={test.index}>
            <strong>{test.pass ? "✓ pass" : "✗ fail"}</strong>: sample {test.index + 1}, expected {test.expected},
            graded {test.actual ?? "—"}
            {test.score !== null ? ` (score ${test.score})` : ""}
            {test.reason ? `: ${test.reason}` : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}

const SERVICE_KINDS = ["ClusterIP", "headless", "ExternalName", "no-endpoints"];
const PROXY_MODES = ["iptables", "ipvs", "nftables"];
const RESOLVERS = ["glibc", "musl"];

export function ItemEditor({
  slug,
  isNew,
  item,
  tests: initialTests,
  conceptIds,
  templates,
}: {
  slug: string;
  isNew: boolean;
  item: EditorItemValues;
  tests: readonly RubricTestResult[];
  conceptIds: readonly string[];
  templates: readonly (readonly [ScenarioTemplate, string])[];
}) {
  const [state, action, pending] = useActionState<ItemFormState, FormData>(saveItemAction, {});
  const errors = state.fieldErrors ?? {};
  const tests = state.tests ?? initialTests;
  const rubric = item.rubric ?? null;
  const [misconceptionRows, setMisconceptionRows] = useState(Math.max(1, rubric?.misconceptions.length ?? 0));
  const [sampleRows, setSampleRows] = useState(Math.max(1, rubric?.samples.length ?? 0));
  const formRef = useRef<HTMLFormElement>(null);
  const [sample, setSample] = useState<ScenarioSample | null>(null);
  const [sampling, setSampling] = useState(false);

  async function generateSample() {
    const form = formRef.current;
    if (!form) return;
    const data = new FormData(form);
    setSampling(true);
    try {
      setSample(
        await scenarioSampleAction({
          template: data.get("template"),
          front: data.get("front") ?? "",
          seed: data.get("sampleSeed") ?? "1",
          generator: {
            difficulty: data.get("generator.difficulty") ?? "easy",
            serviceKinds: data.getAll("generator.serviceKinds"),
            proxyModes: data.getAll("generator.proxyModes"),
            placement: data.get("generator.placement") ?? "any",
            resolvers: data.getAll("generator.resolvers"),
          },
        }),
      );
    } finally {
      setSampling(false);
    }
  }

  return (
    <form ref={formRef} action={action} className="stack item-editor" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="kind" value={item.kind} />
      {isNew ? null : <input type="hidden" name="originalId" value={item.id} />}
      <div>
        <label htmlFor="item-id">Id</label>
        <input
          id="item-id"
          name="id"
          type="text"
          defaultValue={item.id}
          readOnly={!isNew}
          required
          pattern="[a-z0-9][a-z0-9-]*"
          {...described("id", errors)}
        />
        <p className="muted hint">
          {isNew
            ? "Lower-case letters, digits and '-'. It never changes once saved: learners' progress follows it."
            : "Stable: learners' cards and interview results follow this id, so it cannot change."}
        </p>
        <FieldError id="err-id" errors={errors.id} />
      </div>

      <MarkdownField
        name="front"
        label={item.kind === "flashcard" ? "Front (Markdown)" : "Question (Markdown)"}
        defaultValue={item.front}
        errors={errors.front}
        required
        hint={item.kind === "scenario" ? "Shown below the generated scenario and the template's question." : undefined}
      />
      <MarkdownField
        name="back"
        label={
          item.kind === "flashcard"
            ? "Back (Markdown)"
            : item.kind === "freeform"
              ? "Model answer shown after grading (Markdown)"
              : "Explanation shown under the computed answer (Markdown, optional)"
        }
        defaultValue={item.back}
        errors={errors.back}
        rows={10}
      />
      <div>
        <label htmlFor="item-tags">Tags (comma-separated)</label>
        <input
          id="item-tags"
          name="tags"
          type="text"
          defaultValue={item.tags.join(", ")}
          {...described("tags", errors)}
        />
        <FieldError id="err-tags" errors={errors.tags} />
      </div>

      {item.kind === "freeform" ? (
        <fieldset className="stack">
          <legend>Rubric</legend>
          <div>
            <label htmlFor="item-scenario">Scenario graded against (“seed”, or scenario JSON)</label>
            <textarea
              id="item-scenario"
              name="scenario"
              rows={2}
              defaultValue={
                item.scenario === undefined || item.scenario === "seed"
                  ? "seed"
                  : JSON.stringify(item.scenario, null, 2)
              }
              {...described("scenario", errors)}
            />
            <FieldError id="err-scenario" errors={errors.scenario} />
          </div>
          <div>
            <label htmlFor="item-model-answer">Model answer for the grader (optional)</label>
            <textarea id="item-model-answer" name="modelAnswer" rows={4} defaultValue={rubric?.modelAnswer ?? ""} />
            <FieldError id="err-modelAnswer" errors={errors.modelAnswer} />
          </div>
          <details>
            <summary>Concepts: weights and extra synonyms</summary>
            <p className="muted">
              Concepts come from the grader (hop order of the scenario). Leave a weight empty for the default; synonyms
              one per line (phrases, or the grader’s pattern language with “..”).
            </p>
            <table className="concepts">
              <caption className="visually-hidden">Weight and synonyms per concept</caption>
              <thead>
                <tr>
                  <th scope="col">Concept</th>
                  <th scope="col">Weight (0–10)</th>
                  <th scope="col">Synonyms</th>
                </tr>
              </thead>
              <tbody>
                {conceptIds.map((concept) => (
                  <tr key={concept}>
                    <th scope="row">
                      <code>{concept}</code>
                    </th>
                    <td>
                      <input
                        type="number"
                        min={0}
                        max={10}
                        step="any"
                        name={`weight.${concept}`}
                        aria-label={`Weight of ${concept}`}
                        defaultValue={rubric?.weights[concept] ?? ""}
                        {...described(`weight.${concept}`, errors)}
                      />
                      <FieldError id={`err-weight.${concept}`} errors={errors[`weight.${concept}`]} />
                    </td>
                    <td>
                      <textarea
                        name={`synonyms.${concept}`}
                        rows={1}
                        aria-label={`Synonyms of ${concept}`}
                        defaultValue={(rubric?.synonyms[concept] ?? []).join("\n")}
                        {...described(`synonyms.${concept}`, errors)}
                      />
                      <FieldError id={`err-synonyms.${concept}`} errors={errors[`synonyms.${concept}`]} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <fieldset className="stack">
            <legend>Misconceptions</legend>
            {Array.from({ length: misconceptionRows }, (_, i) => {
              const m = rubric?.misconceptions[i];
              return (
                <div key={i} className="card stack">
                  <div>
                    <label htmlFor={`mis-${i}-id`}>Misconception {i + 1}: id</label>
                    <input
                      id={`mis-${i}-id`}
                      name={`misconceptions.${i}.id`}
                      type="text"
                      defaultValue={m?.id ?? ""}
                      {...described(`misconceptions.${i}.id`, errors)}
                    />
                    <FieldError id={`err-misconceptions.${i}.id`} errors={errors[`misconceptions.${i}.id`]} />
                  </div>
                  <div>
                    <label htmlFor={`mis-${i}-label`}>Label</label>
                    <input
                      id={`mis-${i}-label`}
                      name={`misconceptions.${i}.label`}
                      type="text"
                      defaultValue={m?.label ?? ""}
                    />
                  </div>
                  <div>
                    <label htmlFor={`mis-${i}-patterns`}>Patterns (one per line)</label>
                    <textarea
                      id={`mis-${i}-patterns`}
                      name={`misconceptions.${i}.patterns`}
                      rows={2}
                      defaultValue={(m?.patterns ?? []).join("\n")}
                      {...described(`misconceptions.${i}.patterns`, errors)}
                    />
                    <FieldError
                      id={`err-misconceptions.${i}.patterns`}
                      errors={errors[`misconceptions.${i}.patterns`]}
                    />
                  </div>
                  <div>
                    <label htmlFor={`mis-${i}-explanation`}>Correction shown to the learner</label>
                    <input
                      id={`mis-${i}-explanation`}
                      name={`misconceptions.${i}.explanation`}
                      type="text"
                      defaultValue={m?.explanation ?? ""}
                      {...described(`misconceptions.${i}.explanation`, errors)}
                    />
                    <FieldError
                      id={`err-misconceptions.${i}.explanation`}
                      errors={errors[`misconceptions.${i}.explanation`]}
                    />
                  </div>
                </div>
              );
            })}
            <button
              type="button"
              className="secondary"
              onClick={() => setMisconceptionRows((n) => Math.min(50, n + 1))}
            >
              Add a misconception
            </button>
          </fieldset>
          <fieldset className="stack">
            <legend>Rubric tests (sample answers with the verdict you expect)</legend>
            {Array.from({ length: sampleRows }, (_, i) => {
              const s = rubric?.samples[i];
              return (
                <div key={i} className="card stack">
                  <div>
                    <label htmlFor={`sample-${i}-answer`}>Sample answer {i + 1}</label>
                    <textarea
                      id={`sample-${i}-answer`}
                      name={`samples.${i}.answer`}
                      rows={3}
                      defaultValue={s?.answer ?? ""}
                      {...described(`samples.${i}.answer`, errors)}
                    />
                    <FieldError id={`err-samples.${i}.answer`} errors={errors[`samples.${i}.answer`]} />
                  </div>
                  <div>
                    <label htmlFor={`sample-${i}-verdict`}>Expected verdict</label>
                    <select
                      id={`sample-${i}-verdict`}
                      name={`samples.${i}.verdict`}
                      defaultValue={s?.verdict ?? "strong"}
                    >
                      <option value="strong">strong</option>
                      <option value="partial">partial</option>
                      <option value="weak">weak</option>
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`sample-${i}-mis`}>
                      Misconception ids it must trigger (comma-separated, optional)
                    </label>
                    <input
                      id={`sample-${i}-mis`}
                      name={`samples.${i}.misconceptions`}
                      type="text"
                      defaultValue={(s?.misconceptions ?? []).join(", ")}
                    />
                  </div>
                </div>
              );
            })}
            <button type="button" className="secondary" onClick={() => setSampleRows((n) => Math.min(100, n + 1))}>
              Add a sample answer
            </button>
            <section aria-label="Rubric test results" aria-live="polite">
              <h3>Rubric tests (run on save)</h3>
              <TestResults tests={tests} />
            </section>
          </fieldset>
        </fieldset>
      ) : null}

      {item.kind === "scenario" ? (
        <fieldset className="stack">
          <legend>Scenario</legend>
          <div>
            <label htmlFor="item-template">Template (what the learner answers)</label>
            <select
              id="item-template"
              name="template"
              defaultValue={item.template ?? "full-path"}
              {...described("template", errors)}
            >
              {templates.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            <FieldError id="err-template" errors={errors.template} />
          </div>
          <div>
            <label htmlFor="gen-difficulty">Difficulty</label>
            <select id="gen-difficulty" name="generator.difficulty" defaultValue={item.generator?.difficulty ?? "easy"}>
              <option value="easy">easy</option>
              <option value="medium">medium</option>
              <option value="hard">hard</option>
            </select>
          </div>
          <fieldset>
            <legend>Service kinds (none ticked: any)</legend>
            {SERVICE_KINDS.map((kind) => (
              <div key={kind} className="checkbox">
                <input
                  id={`kind-${kind}`}
                  type="checkbox"
                  name="generator.serviceKinds"
                  value={kind}
                  defaultChecked={item.generator?.serviceKinds.includes(kind)}
                />
                <label htmlFor={`kind-${kind}`}>{kind}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>kube-proxy modes (none ticked: as generated)</legend>
            {PROXY_MODES.map((mode) => (
              <div key={mode} className="checkbox">
                <input
                  id={`mode-${mode}`}
                  type="checkbox"
                  name="generator.proxyModes"
                  value={mode}
                  defaultChecked={item.generator?.proxyModes.includes(mode)}
                />
                <label htmlFor={`mode-${mode}`}>{mode}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Client and backend placement</legend>
            {(["any", "same-node", "cross-node"] as const).map((placement) => (
              <div key={placement} className="checkbox">
                <input
                  id={`placement-${placement}`}
                  type="radio"
                  name="generator.placement"
                  value={placement}
                  defaultChecked={(item.generator?.placement ?? "any") === placement}
                />
                <label htmlFor={`placement-${placement}`}>{placement}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Client resolvers (none ticked: as generated)</legend>
            {RESOLVERS.map((resolver) => (
              <div key={resolver} className="checkbox">
                <input
                  id={`resolver-${resolver}`}
                  type="checkbox"
                  name="generator.resolvers"
                  value={resolver}
                  defaultChecked={item.generator?.resolvers.includes(resolver)}
                />
                <label htmlFor={`resolver-${resolver}`}>{resolver}</label>
              </div>
            ))}
          </fieldset>
          <FieldError id="err-generator" errors={errors.generator} />
          <div className="inline-actions">
            <div>
              <label htmlFor="sample-seed">Sample seed</label>
              <input id="sample-seed" name="sampleSeed" type="number" min={0} defaultValue={1} />
            </div>
            <button type="button" className="secondary" onClick={() => void generateSample()} disabled={sampling}>
              {sampling ? "Generating…" : "Generate a sample"}
            </button>
          </div>
          <section aria-label="Generated sample" aria-live="polite" data-testid="scenario-sample">
            {sample === null ? null : sample.ok ? (
              <div className="card stack">
                <h3>Sample (seed {sample.seed})</h3>
                <p className="muted">
                  Service kind: {sample.serviceKind}; placement: {sample.placement}; kube-proxy:{" "}
                  {sample.scenario?.proxyMode}
                </p>
                <div className="markdown" dangerouslySetInnerHTML={{ __html: sample.questionHtml ?? "" }} />
                <h4>Computed answer</h4>
                <ol>
                  {sample.answer?.map((line, index) => (
                    <li key={index}>{line}</li>
                  ))}
                </ol>
                <details>
                  <summary>Scenario</summary>
                  <p>Nodes:</p>
                  <ul>
                    {sample.scenario?.nodes.map((node) => (
                      <li key={node}>{node}</li>
                    ))}
                  </ul>
                  <p>Pods:</p>
                  <ul>
                    {sample.scenario?.pods.map((pod) => (
                      <li key={pod}>{pod}</li>
                    ))}
                  </ul>
                  <p>Services:</p>
                  <ul>
                    {sample.scenario?.services.map((svc) => (
                      <li key={svc}>{svc}</li>
                    ))}
                  </ul>
                </details>
              </div>
            ) : (
              <p className="form-error">{sample.message}</p>
            )}
          </section>
        </fieldset>
      ) : null}

      <FormMessage message={state.message} ok={state.ok} testId="item-message" />
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : isNew ? "Add item" : "Save item"}
      </button>
    </form>
  );
}
