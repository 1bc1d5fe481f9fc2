import "server-only";
import { checkAdmin, PASSWORD_PAGE, type SessionUser } from "../auth/roles";
import { failure, type Result } from "../../schemas/failure";
import { sameOrigin, type HeaderReader } from "./origin";

/**
 * Who may make a request, decided from its headers and the user its session names, with nothing of Next.js:
 * the route handlers (guards.ts, the user from next/headers) and the study loop's fast lane in front of
 * Next.js (fast-lane.ts, the user from the Cookie header) both ask these.
 */

/** Why a route refuses a request before reading it. */
export type GuardCode = "CROSS_ORIGIN" | "UNAUTHENTICATED" | "FORBIDDEN" | "PASSWORD_CHANGE_REQUIRED";

export type Guarded = Result<{ user: SessionUser }, GuardCode>;

/** The request's signed-in user, or null; called at most once per request, after the origin check. */
export type UserLoader = () => Promise<SessionUser | null>;

const crossOrigin = () => failure("CROSS_ORIGIN", "Cross-origin requests are refused.");

/**
 * A session opened with a one-time password may do nothing until the password is replaced: pages send it to
 * the password form (requireUser), routes answer this.
 */
function signedIn(user: SessionUser): Guarded {
  return user.mustChangePassword
    ? failure(
        "PASSWORD_CHANGE_REQUIRED",
        `Choose your own password first (${PASSWORD_PAGE}): this session was opened with a one-time password.`,
      )
    : { ok: true, user };
}

/** A signed-in user; a mutation must also come from our own origin (checked first, before the session). */
export async function learnerAccess(
  headers: HeaderReader,
  loadUser: UserLoader,
  { mutation }: { mutation: boolean },
): Promise<Guarded> {
  if (mutation && !sameOrigin(headers)) return crossOrigin();
  const user = await loadUser();
  return user === null ? failure("UNAUTHENTICATED", "Sign in first.") : signedIn(user);
}

/** The same for admins: signed out is UNAUTHENTICATED (401), a learner FORBIDDEN (403). */
export async function adminAccess(
  headers: HeaderReader,
  loadUser: UserLoader,
  { mutation }: { mutation: boolean },
): Promise<Guarded> {
  if (mutation && !sameOrigin(headers)) return crossOrigin();
  const user = await loadUser();
  const access = checkAdmin(user);
  if (!access.ok) return access;
  return user === null ? failure("UNAUTHENTICATED", "Sign in first.") : signedIn(user);
}
