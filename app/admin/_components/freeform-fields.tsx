"use client";

import { useState } from "react";
import type { RubricTestResult } from "@/lib/content";
import { rowCount, textValue, type FormValues } from "@/lib/schemas/form-state";
import { errorAttributes, Field, FieldError, SelectField, TextAreaField } from "@/app/_components/field";

type Errors = Readonly<Record<string, readonly string[] | undefined>>;
const VERDICTS = (["strong", "partial", "weak"] as const).map((v) => [v, v] as const);

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
  values,
  errors,
}: {
  conceptIds: readonly string[];
  values: FormValues;
  errors: Errors;
}) {
  // opened when a weight or synonym was refused, so its error is seen
  const refused = conceptIds.some((c) => errors[`weight.${c}`] !== undefined || errors[`synonyms.${c}`] !== undefined);
  return (
    <details open={refused || undefined}>
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
                  defaultValue={textValue(values, `weight.${concept}`)}
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
                  defaultValue={textValue(values, `synonyms.${concept}`)}
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

function Misconceptions({ values, errors }: { values: FormValues; errors: Errors }) {
  const [rows, setRows] = useState(() => Math.max(1, rowCount(values, "misconceptions")));
  return (
    <fieldset className="stack">
      <legend>Misconceptions</legend>
      {Array.from({ length: rows }, (_, i) => {
        const name = (field: string) => `misconceptions.${i}.${field}`;
        return (
          <div key={i} className="card stack">
            <Field
              id={`mis-${i}-id`}
              name={name("id")}
              label={`Misconception ${i + 1}: id`}
              type="text"
              defaultValue={textValue(values, name("id"))}
              errors={errors[name("id")]}
            />
            <Field
              id={`mis-${i}-label`}
              name={name("label")}
              label="Label"
              type="text"
              defaultValue={textValue(values, name("label"))}
              errors={errors[name("label")]}
            />
            <TextAreaField
              id={`mis-${i}-patterns`}
              name={name("patterns")}
              label="Patterns (one per line)"
              rows={2}
              defaultValue={textValue(values, name("patterns"))}
              errors={errors[name("patterns")]}
            />
            <Field
              id={`mis-${i}-explanation`}
              name={name("explanation")}
              label="Correction shown to the learner"
              type="text"
              defaultValue={textValue(values, name("explanation"))}
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
  values,
  errors,
  tests,
}: {
  values: FormValues;
  errors: Errors;
  tests: readonly RubricTestResult[];
}) {
  const [rows, setRows] = useState(() => Math.max(1, rowCount(values, "samples")));
  return (
    <fieldset className="stack">
      <legend>Rubric tests (sample answers with the verdict you expect)</legend>
      {Array.from({ length: rows }, (_, i) => {
        return (
          <div key={i} className="card stack">
            <TextAreaField
              id={`sample-${i}-answer`}
              name={`samples.${i}.answer`}
              label={`Sample answer ${i + 1}`}
              rows={3}
              defaultValue={textValue(values, `samples.${i}.answer`)}
              errors={errors[`samples.${i}.answer`]}
            />
            <SelectField
              id={`sample-${i}-verdict`}
              name={`samples.${i}.verdict`}
              label="Expected verdict"
              defaultValue={textValue(values, `samples.${i}.verdict`) || "strong"}
              options={VERDICTS}
              errors={errors[`samples.${i}.verdict`]}
            />
            <Field
              id={`sample-${i}-mis`}
              name={`samples.${i}.misconceptions`}
              label="Misconception ids it must trigger (comma-separated, optional)"
              type="text"
              defaultValue={textValue(values, `samples.${i}.misconceptions`)}
              errors={errors[`samples.${i}.misconceptions`]}
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
  values,
  errors,
  tests,
  conceptIds,
}: {
  values: FormValues;
  errors: Errors;
  tests: readonly RubricTestResult[];
  conceptIds: readonly string[];
}) {
  return (
    <fieldset className="stack">
      <legend>Rubric</legend>
      <TextAreaField
        id="item-scenario"
        name="scenario"
        label="Scenario graded against (“seed”, or scenario JSON)"
        rows={2}
        defaultValue={textValue(values, "scenario") || "seed"}
        errors={errors.scenario}
      />
      <TextAreaField
        id="item-model-answer"
        name="modelAnswer"
        label="Model answer for the grader (optional)"
        rows={4}
        defaultValue={textValue(values, "modelAnswer")}
        errors={errors.modelAnswer}
      />
      <ConceptTable conceptIds={conceptIds} values={values} errors={errors} />
      <Misconceptions values={values} errors={errors} />
      <RubricTests values={values} errors={errors} tests={tests} />
    </fieldset>
  );
}
