"use client";

import { plural } from "@/lib/content/plural";
import { Field, SelectField } from "@/app/_components/field";
import Link from "next/link";
import { startTransition, useActionState, useState, type FormEvent } from "react";
import { importAction, type ImportState } from "../actions";
import type { ItemChange } from "@/lib/content";
import type { ImportRubricTests } from "@/lib/server/authoring";
import { RubricFailureList } from "./rubric-failures";

const FORMATS = [
  ["markdown", "Markdown (the series' post format)"],
  ["json", "JSON (the question-set schema)"],
  ["csv", "CSV (front, back, tags, id)"],
  ["tsv", "TSV / Anki text (front, back, tags, id)"],
] as const;

function formatOf(name: string): string {
  const lower = name.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".tsv") || lower.endsWith(".tab")) return "tsv";
  return "markdown";
}

function ChangeList({
  title,
  changes,
  lines,
  testId,
}: {
  title: string;
  changes: readonly ItemChange[];
  lines: Readonly<Record<string, number>>;
  testId: string;
}) {
  if (changes.length === 0) return null;
  return (
    <section aria-label={title}>
      <h3>
        {title} ({changes.length})
      </h3>
      <ul data-testid={testId}>
        {changes.map((change) => (
          <li key={change.id}>
            <code>{change.id}</code> ({change.kind}){lines[change.id] ? `, line ${lines[change.id]}` : ""}:{" "}
            {change.front.slice(0, 100)}
            {change.fields.length > 0 ? <span className="muted"> (changes: {change.fields.join(", ")})</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The file's rubric tests as the preview runs them: all pass, or which fail and what that blocks. */
function RubricTests({ tests, lines }: { tests: ImportRubricTests; lines: Readonly<Record<string, number>> }) {
  if (tests.total === 0) return null;
  return (
    <section aria-label="Rubric tests" data-testid="import-rubric-tests">
      <h3>Rubric tests</h3>
      {tests.failing === 0 ? (
        <p className="notice">All {plural(tests.total, "rubric test")} pass.</p>
      ) : (
        <>
          <p className="form-error">
            {tests.failing} of {plural(tests.total, "rubric test")} failing:{" "}
            {tests.blocking
              ? "the set is published, so nothing is imported into it until they pass. Fix the sample answers' verdicts or the rubric in the file."
              : "the set can be imported as a draft; publishing it is blocked until they pass."}
          </p>
          <RubricFailureList failures={tests.failures} lines={lines} testId="import-rubric-failures" />
        </>
      )}
    </section>
  );
}

/**
 * Upload → preview (what changes, every error with its line, the rubric tests) → confirm. Nothing is written
 * before confirming. The form is sent without React's reset after an action, so the chosen file, the
 * slug, the title and the prefix choice stay as they were between the preview and the confirmation.
 */
export function ImportForm() {
  const [state, action, pending] = useActionState<ImportState, FormData>(importAction, {});
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState("");
  const [format, setFormat] = useState("markdown");
  const [previewedText, setPreviewedText] = useState<string | null>(null);
  const preview = state.preview;
  const diff = preview?.diff;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value === "preview") setPreviewedText(text);
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => action(data));
  }

  return (
    <div className="stack">
      <form action={action} className="stack card wide-form" onSubmit={submit}>
        <div>
          <label htmlFor="import-file">File (Markdown, JSON, CSV or TSV; at most 2 MB, 5,000 items)</label>
          <input
            id="import-file"
            type="file"
            accept=".md,.markdown,.txt,.json,.csv,.tsv,.tab,text/*,application/json"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (!file) return;
              setFileName(file.name);
              setFormat(formatOf(file.name));
              setText(await file.text());
              setPreviewedText(null);
            }}
          />
          {fileName ? (
            <p className="muted" data-testid="import-file-name" aria-live="polite">
              Read {fileName}: {text.length.toLocaleString("en")} characters
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="import-text">…or paste the text</label>
          <textarea
            id="import-text"
            name="text"
            rows={8}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setPreviewedText(null);
            }}
          />
        </div>
        <SelectField
          id="import-format"
          name="format"
          label="Format"
          value={format}
          onChange={(event) => setFormat(event.target.value)}
          options={FORMATS}
        />
        <Field
          id="import-title"
          name="title"
          label="Set title (CSV/TSV only: those files carry no title)"
          type="text"
        />
        <Field
          id="import-slug"
          name="slug"
          label="Import under this slug instead (optional)"
          type="text"
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
        />
        <div className="checkbox">
          <input id="import-prefix" name="prefixIds" type="checkbox" />
          <label htmlFor="import-prefix">Prefix item ids with the set slug (avoids clashes with other sets)</label>
        </div>
        <div className="inline-actions">
          <button type="submit" name="intent" value="preview" disabled={pending || text === ""}>
            Preview import
          </button>
          {preview?.ok && previewedText === text && !state.committed ? (
            <button type="submit" name="intent" value="commit" disabled={pending}>
              Confirm import
            </button>
          ) : null}
        </div>
      </form>

      <div aria-live="polite" className="stack" data-testid="import-result">
        {state.message && !state.committed ? <p className="form-error">{state.message}</p> : null}
        {state.committed ? (
          <p className="notice" role="status">
            Imported <Link href={`/admin/sets/${state.committed.slug}`}>{state.committed.slug}</Link>:{" "}
            {state.committed.created} created, {state.committed.updated} updated, {state.committed.unchanged} unchanged,{" "}
            {state.committed.retired} retired (version {state.committed.version}).
          </p>
        ) : null}
        {preview && preview.errors.length > 0 ? (
          <section className="card" aria-label="Import errors">
            <h2>{plural(preview.errors.length, "error")}: nothing will be imported</h2>
            <ol data-testid="import-errors">
              {preview.errors.map((error, index) => (
                <li key={index}>
                  <strong>Line {error.line}:</strong> {error.message}
                </li>
              ))}
            </ol>
          </section>
        ) : null}
        {preview?.target && diff && !state.committed ? (
          <section className="card stack" aria-label="Import preview">
            <h2>Preview</h2>
            {preview.target.exists ? (
              <p className="notice warning" data-testid="import-target">
                The set <code>{preview.target.slug}</code> exists already ({preview.target.status}): this import updates
                it. Items are matched by id; items missing from the file are retired (learners keep their history). To
                import a separate copy instead, enter another slug above.
              </p>
            ) : (
              <p data-testid="import-target">
                A new <strong>draft</strong> set <code>{preview.target.slug}</code> “{preview.target.title}” with{" "}
                {plural(preview.itemCount, "item")}.
              </p>
            )}
            {diff.setFields.length > 0 ? <p>Set details that change: {diff.setFields.join(", ")}.</p> : null}
            <p data-testid="import-counts">
              {diff.created.length} to create, {diff.updated.length} to update, {diff.unchanged.length} unchanged,{" "}
              {diff.retired.length} to retire.
            </p>
            <ChangeList title="Created" changes={diff.created} lines={preview.itemLines} testId="import-created" />
            <ChangeList title="Updated" changes={diff.updated} lines={preview.itemLines} testId="import-updated" />
            <ChangeList
              title="Unchanged"
              changes={diff.unchanged}
              lines={preview.itemLines}
              testId="import-unchanged"
            />
            <ChangeList title="Retired" changes={diff.retired} lines={preview.itemLines} testId="import-retired" />
            {preview.rubricTests ? <RubricTests tests={preview.rubricTests} lines={preview.itemLines} /> : null}
          </section>
        ) : null}
      </div>
    </div>
  );
}
