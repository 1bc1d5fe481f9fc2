import type { Metadata } from "next";
import { PASSWORD_PAGE, requireUser, safeNextPath } from "@/lib/server/auth";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const user = await requireUser(PASSWORD_PAGE);
  const { next } = await searchParams;
  return (
    <>
      <h1>Change password</h1>
      {user.mustChangePassword ? (
        <p className="notice" data-testid="one-time-password-notice">
          You signed in with a one-time password. Choose your own before you continue.
        </p>
      ) : null}
      <p>Changing your password signs out every other browser and device signed in to this account; this one stays.</p>
      <PasswordForm next={safeNextPath(typeof next === "string" ? next : undefined)} />
    </>
  );
}
