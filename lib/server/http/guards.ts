import "server-only";
import { checkAdmin, PASSWORD_PAGE, type SessionUser } from "../auth/roles";
import { currentUser } from "../auth/session-cookie";
import { failure, type Result } from "../../schemas/failure";
import { sameOrigin } from "./origin";

/** Why a route refuses a request before reading it. */
export type GuardCode = "CROSS_ORIGIN" | "UNAUTHENTICATED" | "FORBIDDEN" | "PASSWORD_CHANGE_REQUIRED";

type Guarded = Result<{ user: SessionUser }, GuardCode>;

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

/** A route handler's signed-in user; a mutation must also come from our own origin (checked first). */
export async function learnerFromRequest(request: Request, { mutation }: { mutation: boolean }): Promise<Guarded> {
  if (mutation && !sameOrigin(request.headers)) return crossOrigin();
  const user = await currentUser();
  return user === null ? failure("UNAUTHENTICATED", "Sign in first.") : signedIn(user);
}

/** The same for admin routes: signed out is UNAUTHENTICATED (401), a learner FORBIDDEN (403). */
export async function adminFromRequest(request: Request, { mutation }: { mutation: boolean }): Promise<Guarded> {
  if (mutation && !sameOrigin(request.headers)) return crossOrigin();
  const user = await currentUser();
  const access = checkAdmin(user);
  if (!access.ok) return access;
  return user === null ? failure("UNAUTHENTICATED", "Sign in first.") : signedIn(user);
}
