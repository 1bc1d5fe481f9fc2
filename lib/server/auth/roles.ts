/** Roles and the check every admin page, action and route uses. No request or database access. */
import "server-only";
import { failure, type Failure } from "../../schemas/failure";
import type { UserStudySettings } from "../study/settings";

export const ROLES = ["learner", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: Role;
  readonly mustChangePassword: boolean;
  /**
   * The user's study settings, read with the session (lib/server/auth/sessions.ts) so no request reads the
   * user twice. Users made by scripts and tests have none; lib/server/study reads them then.
   */
  readonly study?: UserStudySettings;
  /** True while the user's time zone is still the default; read with the session like `study`. */
  readonly timeZoneUnset?: boolean;
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

/** Any origin of ours would do: a name under `.invalid` (RFC 2606) can never be a real host. */
const PATH_BASE = new URL("http://next-path.invalid/");

/**
 * Where to go after sign-in: only a path on our own origin, and "/" for anything else (no open redirect).
 * The text is read by the WHATWG URL parser, the way a browser reads a Location header, which drops tab
 * and newline anywhere and C0 controls and spaces at the ends, and reads "\\" as "/"
 * (https://url.spec.whatwg.org/#concept-basic-url-parser): "/<TAB>/evil.example" is "//evil.example" to a
 * browser, another host. The answer is the parser's own serialisation of the path, query and fragment
 * (percent-encoded, so it is always a valid header value), read once more: resolving dot segments can leave
 * a path that starts with "//" ("/..//evil.example"), which on its own would name a host.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next) return "/";
  const parsed = sameOriginUrl(next);
  if (parsed === null) return "/";
  const path = parsed.pathname + parsed.search + parsed.hash;
  const again = sameOriginUrl(path);
  return again !== null && again.href === parsed.href ? path : "/";
}

function sameOriginUrl(text: string): URL | null {
  try {
    const url = new URL(text, PATH_BASE);
    return url.origin === PATH_BASE.origin ? url : null;
  } catch {
    return null;
  }
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
