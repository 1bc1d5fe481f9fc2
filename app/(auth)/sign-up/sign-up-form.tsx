"use client";

import { ActionForm } from "@/app/_components/action-form";
import { useBrowserTimeZone } from "@/app/_components/browser-time-zone";
import { signUpAction } from "../actions";

/** The browser's time zone goes with the form, so the new account's dates are in it from the first page. */
export function SignUpForm({ next }: { next: string }) {
  const timeZone = useBrowserTimeZone();
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
    >
      {timeZone ? <input type="hidden" name="timeZone" value={timeZone} /> : null}
    </ActionForm>
  );
}
