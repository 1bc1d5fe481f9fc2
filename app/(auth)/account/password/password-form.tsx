"use client";

import { ActionForm } from "@/app/_components/action-form";
import { changePasswordAction } from "../../actions";

const password = { type: "password", required: true } as const;

/** `next`: where to continue once the password is changed (the page a one-time password stopped). */
export function PasswordForm({ next }: { next: string }) {
  return (
    <ActionForm
      action={changePasswordAction}
      hidden={{ next }}
      fields={[
        { name: "current", label: "Current password", autoComplete: "current-password", ...password },
        {
          name: "password",
          label: "New password (at least 10 characters)",
          autoComplete: "new-password",
          ...password,
        },
        { name: "confirm", label: "New password again", autoComplete: "new-password", ...password },
      ]}
      submit="Change password"
      messageIsStatus
    />
  );
}
