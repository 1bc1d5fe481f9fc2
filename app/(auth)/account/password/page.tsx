import type { Metadata } from "next";
import { requireUser } from "@/lib/server/auth";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireUser("/account/password");
  return (
    <>
      <h1>Change password</h1>
      {user.mustChangePassword ? (
        <p className="notice">You signed in with a one-time password. Choose your own before you continue.</p>
      ) : null}
      <PasswordForm />
    </>
  );
}
