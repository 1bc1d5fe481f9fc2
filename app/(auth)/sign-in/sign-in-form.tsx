"use client";

import { ActionForm } from "@/app/_components/action-form";
import { signInAction } from "../actions";

export function SignInForm({ next }: { next: string }) {
  return (
    <ActionForm
      action={signInAction}
      hidden={{ next }}
      fields={[
        { name: "email", label: "Email", type: "email", autoComplete: "email", required: true, keep: true },
        { name: "password", label: "Password", type: "password", autoComplete: "current-password", required: true },
      ]}
      submit="Sign in"
      pending="Signing in…"
    />
  );
}
