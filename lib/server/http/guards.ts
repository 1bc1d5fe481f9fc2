import "server-only";
import { currentUser } from "../auth/session-cookie";
import { adminAccess, learnerAccess, type Guarded } from "./access";

export type { GuardCode } from "./access";

/** A route handler's signed-in user; a mutation must also come from our own origin (checked first). */
export function learnerFromRequest(request: Request, options: { mutation: boolean }): Promise<Guarded> {
  return learnerAccess(request.headers, currentUser, options);
}

/** The same for admin routes: signed out is UNAUTHENTICATED (401), a learner FORBIDDEN (403). */
export function adminFromRequest(request: Request, options: { mutation: boolean }): Promise<Guarded> {
  return adminAccess(request.headers, currentUser, options);
}
