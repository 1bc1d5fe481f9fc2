"use client";

import { ActionForm } from "@/app/_components/action-form";
import { useBrowserTimeZone } from "@/app/_components/browser-time-zone";
import { signInAction } from "../actions";

/** The browser's time zone goes with the form so that a lock's end is told in the learner's own time. */
export function SignInForm({ next }: { next: string }) {
  const timeZone = useBrowserTimeZone();
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
    >
      {timeZone ? <input type="hidden" name="timeZone" value={timeZone} /> : null}
    </ActionForm>
  );
}
