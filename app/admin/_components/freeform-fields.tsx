"use client";

import { useState } from "react";
import type { RubricTestResult } from "@/lib/content";
import type { ItemContent } from "@/lib/schemas/question-set";
import { errorAttributes, Field, FieldError, TextAreaField } from "@/app/_components/field";

type Errors = Readonly<Record<string, readonly string[] | undefined>>;
type Rubric = NonNullable<Extract<ItemContent, { kind: "freeform" }>["rubric"]>;

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

/** Weight and extra synonyms per grader concept, one table row each. */
function ConceptTable({
  conceptIds,
  rubric,
  errors,
}: {
  conceptIds: readonly string[];
  rubric: Rubric | null;
  errors: Errors;
}) {
  return (
    <details>
      <summary>Concepts: weights and extra synonyms</summary>
      <p className="muted">
        Concepts come from the grader (hop order of the scenario). Leave a weight empty for the default; synonyms one
        per line (phrases, or the grader’s pattern language with “..”).
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
                  id={`weight.${concept}`}
                  type="number"
                  min={0}
                  max={10}
                  step="any"
                  name={`weight.${concept}`}
                  aria-label={`Weight of ${concept}`}
                  defaultValue={rubric?.weights[concept] ?? ""}
                  {...errorAttributes(`weight.${concept}`, errors[`weight.${concept}`])}
                />
                <FieldError controlId={`weight.${concept}`} errors={errors[`weight.${concept}`]} />
              </td>
              <td>
                <textarea
                  id={`synonyms.${concept}`}
                  name={`synonyms.${concept}`}
                  rows={1}
                  aria-label={`Synonyms of ${concept}`}
                  defaultValue={(rubric?.synonyms[concept] ?? []).join("\n")}
                  {...errorAttributes(`synonyms.${concept}`, errors[`synonyms.${concept}`])}
                />
                <FieldError controlId={`synonyms.${concept}`} errors={errors[`synonyms.${concept}`]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Misconceptions({ rubric, errors }: { rubric: Rubric | null; errors: Errors }) {
  const [rows, setRows] = useState(Math.max(1, rubric?.misconceptions.length ?? 0));
  return (
    <fieldset className="stack">
      <legend>Misconceptions</legend>
      {Array.from({ length: rows }, (_, i) => {
        const m = rubric?.misconceptions[i];
        const name = (field: string) => `misconceptions.${i}.${field}`;
        return (
          <div key={i} className="card stack">
            <Field
              id={`mis-${i}-id`}
              name={name("id")}
              label={`Misconception ${i + 1}: id`}
              type="text"
              defaultValue={m?.id ?? ""}
              errors={errors[name("id")]}
            />
            <Field id={`mis-${i}-label`} name={name("label")} label="Label" type="text" defaultValue={m?.label ?? ""} />
            <TextAreaField
              id={`mis-${i}-patterns`}
              name={name("patterns")}
              label="Patterns (one per line)"
              rows={2}
              defaultValue={(m?.patterns ?? []).join("\n")}
              errors={errors[name("patterns")]}
            />
            <Field
              id={`mis-${i}-explanation`}
              name={name("explanation")}
              label="Correction shown to the learner"
              type="text"
              defaultValue={m?.explanation ?? ""}
              errors={errors[name("explanation")]}
            />
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => setRows((n) => Math.min(50, n + 1))}>
        Add a misconception
      </button>
    </fieldset>
  );
}

function RubricTests({
  rubric,
  errors,
  tests,
}: {
  rubric: Rubric | null;
  errors: Errors;
  tests: readonly RubricTestResult[];
}) {
  const [rows, setRows] = useState(Math.max(1, rubric?.samples.length ?? 0));
  return (
    <fieldset className="stack">
      <legend>Rubric tests (sample answers with the verdict you expect)</legend>
      {Array.from({ length: rows }, (_, i) => {
        const s = rubric?.samples[i];
        return (
          <div key={i} className="card stack">
            <TextAreaField
              id={`sample-${i}-answer`}
              name={`samples.${i}.answer`}
              label={`Sample answer ${i + 1}`}
              rows={3}
              defaultValue={s?.answer ?? ""}
              errors={errors[`samples.${i}.answer`]}
            />
            <div>
              <label htmlFor={`sample-${i}-verdict`}>Expected verdict</label>
              <select id={`sample-${i}-verdict`} name={`samples.${i}.verdict`} defaultValue={s?.verdict ?? "strong"}>
                <option value="strong">strong</option>
                <option value="partial">partial</option>
                <option value="weak">weak</option>
              </select>
            </div>
            <Field
              id={`sample-${i}-mis`}
              name={`samples.${i}.misconceptions`}
              label="Misconception ids it must trigger (comma-separated, optional)"
              type="text"
              defaultValue={(s?.misconceptions ?? []).join(", ")}
            />
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => setRows((n) => Math.min(100, n + 1))}>
        Add a sample answer
      </button>
      <section aria-label="Rubric test results" aria-live="polite">
        <h3>Rubric tests (run on save)</h3>
        <TestResults tests={tests} />
      </section>
    </fieldset>
  );
}

/** A free-form question's rubric: the scenario it is graded against, the grader's tuning, its tests. */
export function FreeformFields({
  item,
  errors,
  tests,
  conceptIds,
}: {
  item: Extract<ItemContent, { kind: "freeform" }>;
  errors: Errors;
  tests: readonly RubricTestResult[];
  conceptIds: readonly string[];
}) {
  const rubric = item.rubric;
  return (
    <fieldset className="stack">
      <legend>Rubric</legend>
      <TextAreaField
        id="item-scenario"
        name="scenario"
        label="Scenario graded against (“seed”, or scenario JSON)"
        rows={2}
        defaultValue={item.scenario === "seed" ? "seed" : JSON.stringify(item.scenario, null, 2)}
        errors={errors.scenario}
      />
      <TextAreaField
        id="item-model-answer"
        name="modelAnswer"
        label="Model answer for the grader (optional)"
        rows={4}
        defaultValue={rubric?.modelAnswer ?? ""}
        errors={errors.modelAnswer}
      />
      <ConceptTable conceptIds={conceptIds} rubric={rubric} errors={errors} />
      <Misconceptions rubric={rubric} errors={errors} />
      <RubricTests rubric={rubric} errors={errors} tests={tests} />
    </fieldset>
  );
}
