"use client";

import { ActionForm } from "@/app/_components/action-form";
import { signUpAction } from "../actions";

export function SignUpForm({ next }: { next: string }) {
  return (
    <ActionForm
      action={signUpAction}
      hidden={{ next }}
      fields={[
        { name: "name", label: "Name (optional)", type: "text", autoComplete: "name", keep: true },
        { name: "email", label: "Email", type: "email", autoComplete: "email", required: true, keep: true },
        {
          name: "password",
          label: "Password (at least 10 characters)",
          type: "password",
          autoComplete: "new-password",
          required: true,
          minLength: 10,
        },
      ]}
      submit="Create account"
      pending="Creating account…"
    />
  );
}
