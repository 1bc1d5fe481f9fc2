/** Every authoring function checks the admin role itself (pages, actions and routes check too). */
import { checkAdmin, type SessionUser } from "../auth";

export class AdminOnlyError extends Error {
  constructor(readonly status: 401 | 403) {
    super(status === 401 ? "Sign in first." : "This needs an admin account.");
  }
}

export function authorize(user: SessionUser | null): asserts user is SessionUser {
  const access = checkAdmin(user);
  if (!access.ok) throw new AdminOnlyError(access.status);
}
