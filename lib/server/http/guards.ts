import "server-only";
import { checkAdmin, type SessionUser } from "../auth/roles";
import { currentUser } from "../auth/session-cookie";
import { failure, type Result } from "../../schemas/failure";
import { sameOrigin } from "./origin";

type Guarded = Result<{ user: SessionUser }, "CROSS_ORIGIN" | "UNAUTHENTICATED" | "FORBIDDEN">;

const crossOrigin = () => failure("CROSS_ORIGIN", "Cross-origin requests are refused.");

/** A route handler's signed-in user; a mutation must also come from our own origin (checked first). */
export async function learnerFromRequest(request: Request, { mutation }: { mutation: boolean }): Promise<Guarded> {
  if (mutation && !sameOrigin(request.headers)) return crossOrigin();
  const user = await currentUser();
  return user === null ? failure("UNAUTHENTICATED", "Sign in first.") : { ok: true, user };
}

/** The same for admin routes: signed out is UNAUTHENTICATED (401), a learner FORBIDDEN (403). */
export async function adminFromRequest(request: Request, { mutation }: { mutation: boolean }): Promise<Guarded> {
  if (mutation && !sameOrigin(request.headers)) return crossOrigin();
  const user = await currentUser();
  const access = checkAdmin(user);
  if (!access.ok) return access;
  return user === null ? failure("UNAUTHENTICATED", "Sign in first.") : { ok: true, user };
}
