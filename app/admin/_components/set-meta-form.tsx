"use client";

import { useActionState } from "react";
import { Field, TextAreaField } from "@/app/_components/field";
import { MAX_MINUTES, MIN_MINUTES } from "@/lib/schemas/interview-limits";
import { createSetAction, updateSetAction } from "../actions";
import { textValue, type FormState } from "@/lib/schemas/form-state";
import { FormMessage } from "@/app/_components/form-message";

interface Values {
  readonly slug?: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly interviewMinutes: number;
}

/**
 * Create a set (mode "create") or edit its title, description, tags and interview length. A refused save
 * shows what was typed (the action sends it back), never the stored values again.
 */
export function SetMetaForm({ mode, values }: { mode: "create" | "edit"; values: Values }) {
  const [state, action, pending] = useActionState<FormState, FormData>(
    mode === "create" ? createSetAction : updateSetAction,
    {},
  );
  const errors = state.fieldErrors ?? {};
  const posted = state.values;
  const shown = (name: string, stored: string) => (posted ? textValue(posted, name) : stored);
  return (
    <form action={action} className="stack card wide-form" noValidate>
      {mode === "edit" ? <input type="hidden" name="slug" value={values.slug} /> : null}
      <Field
        name="title"
        label="Title"
        type="text"
        required
        defaultValue={shown("title", values.title)}
        errors={errors.title}
      />
      {mode === "create" ? (
        <Field
          name="slug"
          label="Slug (optional: derived from the title)"
          type="text"
          defaultValue={shown("slug", values.slug ?? "")}
          errors={errors.slug}
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
        />
      ) : null}
      <TextAreaField
        name="description"
        label="Description (Markdown)"
        rows={4}
        defaultValue={shown("description", values.description)}
        errors={errors.description}
      />
      <Field
        name="tags"
        label="Tags (comma-separated)"
        type="text"
        defaultValue={shown("tags", values.tags.join(", "))}
        errors={errors.tags}
      />
      <Field
        name="interviewMinutes"
        label="Mock interview length (minutes)"
        type="number"
        min={MIN_MINUTES}
        max={MAX_MINUTES}
        inputMode="numeric"
        defaultValue={shown("interviewMinutes", String(values.interviewMinutes))}
        errors={errors.interviewMinutes}
      />
      <FormMessage message={state.message} ok={state.ok} />
      <button type="submit" disabled={pending}>
        {mode === "create" ? "Create set" : "Save set details"}
      </button>
    </form>
  );
}
