/** Roles and the checks every page, action and route uses. Pure: no request or database access. */
export const ROLES = ["learner", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: Role;
  readonly mustChangePassword: boolean;
}

export type Access =
  { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403; readonly message: string };

export function toRole(value: string): Role {
  return value === "admin" ? "admin" : "learner";
}

/** Signed in at all. */
export function checkSignedIn(user: SessionUser | null): Access {
  return user ? { ok: true } : { ok: false, status: 401, message: "Sign in first." };
}

/** Admins only: anonymous → 401 (redirect to sign-in), learners → 403. */
export function checkAdmin(user: SessionUser | null): Access {
  if (!user) return { ok: false, status: 401, message: "Sign in first." };
  if (user.role !== "admin") return { ok: false, status: 403, message: "This needs an admin account." };
  return { ok: true };
}

/** A learner may read their own records; an admin may read anyone's. */
export function checkOwnerOrAdmin(user: SessionUser | null, ownerId: string): Access {
  if (!user) return { ok: false, status: 401, message: "Sign in first." };
  if (user.id !== ownerId && user.role !== "admin") return { ok: false, status: 403, message: "Not yours." };
  return { ok: true };
}

/** Only same-site relative paths are followed after sign-in (no open redirects). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
