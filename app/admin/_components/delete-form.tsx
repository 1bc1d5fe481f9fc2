"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { deleteSetAction, type AdminFormState } from "../actions";
import { FormMessage } from "@/app/_components/form-message";

export function DeleteForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(deleteSetAction, {});
  return (
    <form action={action} className="stack card" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <Field
        name="confirm"
        label={`Type ${slug} to confirm`}
        autoComplete="off"
        required
        errors={state.fieldErrors?.confirm}
      />
      <FormMessage message={state.message} />
      <button type="submit" className="danger" disabled={pending}>
        Delete this set permanently
      </button>
    </form>
  );
}
