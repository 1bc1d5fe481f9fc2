/**
 * Every authoring function checks the admin role itself (pages, actions and routes check first: defence in
 * depth), so reaching one without the role is a bug in its caller: it throws.
 */
import "server-only";
import { checkAdmin, type SessionUser } from "../auth/roles";

export class AdminOnlyError extends Error {
  constructor(readonly code: "UNAUTHENTICATED" | "FORBIDDEN") {
    super(code === "UNAUTHENTICATED" ? "Sign in first." : "This needs an admin account.");
  }
}

export function authorize(user: SessionUser | null): asserts user is SessionUser {
  const access = checkAdmin(user);
  if (!access.ok) throw new AdminOnlyError(access.code);
}
