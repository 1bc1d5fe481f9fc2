"use client";

import { useActionState, useRef } from "react";
import type { RubricTestResult } from "@/lib/content";
import { textValue, type FormValues } from "@/lib/schemas/form-state";
import type { ItemKind, ScenarioTemplate } from "@/lib/schemas/question-set";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { saveItemAction, type ItemFormState } from "../actions";
import { FreeformFields } from "./freeform-fields";
import { MarkdownField } from "./markdown-field";
import { ScenarioFields } from "./scenario-fields";

/** What the question and answer fields are called for each kind of item. */
const TEXT_FIELDS: Readonly<Record<ItemKind, { front: string; back: string; frontHint?: string }>> = {
  flashcard: { front: "Front (Markdown)", back: "Back (Markdown)" },
  freeform: { front: "Question (Markdown)", back: "Model answer shown after grading (Markdown)" },
  scenario: {
    front: "Question (Markdown)",
    back: "Explanation shown under the computed answer (Markdown, optional)",
    frontHint:
      'Shown below the generated scenario. Interviews add the template\'s lead ("Explain the path, …") unless your question already asks it.',
  },
};

/**
 * The item form: the fields every kind has (id, question, answer, tags), then those of its kind (a
 * free-form question's rubric, a scenario question's template and generator options). Saved by
 * saveItemAction, field errors shown next to their fields. Every field shows `values` (lib/schemas/authoring.ts
 * itemFormValues) until a save answers: then what the action sent back, so a refused save keeps everything typed.
 */
export function ItemEditor({
  slug,
  isNew,
  kind,
  values: initialValues,
  tests,
  conceptIds,
  templates,
  storedErrors,
}: {
  slug: string;
  isNew: boolean;
  kind: ItemKind;
  values: FormValues;
  tests: readonly RubricTestResult[];
  conceptIds: readonly string[];
  templates: readonly (readonly [ScenarioTemplate, string])[];
  /** what the stored item fails of the save rules (lib/server/authoring/sets.ts StoredProblem), shown on open */
  storedErrors?: ItemFormState["fieldErrors"];
}) {
  const [state, action, pending] = useActionState<ItemFormState, FormData>(
    saveItemAction,
    storedErrors ? { fieldErrors: storedErrors } : {},
  );
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? initialValues;
  const formRef = useRef<HTMLFormElement>(null);
  const text = TEXT_FIELDS[kind];
  const id = textValue(values, "id");
  return (
    <form ref={formRef} action={action} className="stack item-editor" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="kind" value={kind} />
      {isNew ? null : <input type="hidden" name="originalId" value={id} />}
      <Field
        id="item-id"
        name="id"
        label="Id"
        type="text"
        defaultValue={id}
        readOnly={!isNew}
        required
        pattern="[a-z0-9][a-z0-9-]*"
        errors={errors.id}
        hint={
          isNew
            ? "Lower-case letters, digits and '-'. It never changes once saved: learners' progress follows it."
            : "Stable: learners' cards and interview results follow this id, so it cannot change."
        }
      />
      <MarkdownField
        name="front"
        label={text.front}
        defaultValue={textValue(values, "front")}
        errors={errors.front}
        required
        hint={text.frontHint}
      />
      <MarkdownField
        name="back"
        label={text.back}
        defaultValue={textValue(values, "back")}
        errors={errors.back}
        rows={10}
      />
      <Field
        id="item-tags"
        name="tags"
        label="Tags (comma-separated)"
        type="text"
        defaultValue={textValue(values, "tags")}
        errors={errors.tags}
      />
      {kind === "freeform" ? (
        <FreeformFields values={values} errors={errors} tests={state.tests ?? tests} conceptIds={conceptIds} />
      ) : null}
      {kind === "scenario" ? (
        <ScenarioFields values={values} errors={errors} templates={templates} form={formRef} />
      ) : null}
      <FormMessage message={state.message} ok={state.ok} testId="item-message" />
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : isNew ? "Add item" : "Save item"}
      </button>
    </form>
  );
}
