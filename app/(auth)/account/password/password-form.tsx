"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import type { FormState } from "@/lib/schemas/auth";
import { changePasswordAction } from "../../actions";
import { FormMessage } from "@/app/_components/form-message";

export function PasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className="stack card" noValidate>
      <Field
        name="current"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.current}
      />
      <Field
        name="password"
        label="New password (at least 10 characters)"
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors?.password}
      />
      <Field
        name="confirm"
        label="New password again"
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors?.confirm}
      />
      <FormMessage message={state.message} ok />
      <button type="submit" disabled={pending}>
        Change password
      </button>
    </form>
  );
}
