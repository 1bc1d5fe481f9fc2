/** Roles and the check every admin page, action and route uses. No request or database access. */
import "server-only";
import { failure, type Failure } from "../../schemas/failure";

export const ROLES = ["learner", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: Role;
  readonly mustChangePassword: boolean;
}

export type Access = { readonly ok: true } | Failure<"UNAUTHENTICATED" | "FORBIDDEN">;

export function toRole(value: string): Role {
  return value === "admin" ? "admin" : "learner";
}

/** Admins only: anonymous → UNAUTHENTICATED (sent to sign-in), learners → FORBIDDEN. */
export function checkAdmin(user: SessionUser | null): Access {
  if (!user) return failure("UNAUTHENTICATED", "Sign in first.");
  if (user.role !== "admin") return failure("FORBIDDEN", "This needs an admin account.");
  return { ok: true };
}

/** Only same-site relative paths are followed after sign-in (no open redirects). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

/** Where an account with a one-time password must go before anything else. */
export const PASSWORD_PAGE = "/account/password";

/**
 * `path?next=target` (just `path` when the target is the home page), so sign-in, sign-up and the password
 * page hand the visitor on to the page they were going to; only a safe target is kept.
 */
export function withNext(path: string, next: string | null | undefined): string {
  const target = safeNextPath(next);
  return target === "/" ? path : `${path}?next=${encodeURIComponent(target)}`;
}
