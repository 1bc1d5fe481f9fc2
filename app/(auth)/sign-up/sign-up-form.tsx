"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import type { FormState } from "@/lib/schemas/auth";
import { signUpAction } from "../actions";
import { FormMessage } from "@/app/_components/form-message";

export function SignUpForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, {});
  return (
    <form action={action} className="stack card" noValidate>
      <Field
        name="name"
        label="Name (optional)"
        type="text"
        autoComplete="name"
        defaultValue={state.values?.name}
        errors={state.fieldErrors?.name}
      />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      <Field
        name="password"
        label="Password (at least 10 characters)"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        errors={state.fieldErrors?.password}
      />
      <FormMessage message={state.message} />
      <button type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
