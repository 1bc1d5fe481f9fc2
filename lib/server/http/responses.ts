import { NextResponse } from "next/server";
import { checkAdmin, currentUser, type SessionUser } from "../auth";

export function jsonError(status: number, code: string, message: string): NextResponse {
  return NextResponse.json({ error: { code, message } }, { status });
}

/** Route handlers for admins: 401 JSON when signed out, 403 JSON for learners. */
export async function adminFromRequest(): Promise<{ user: SessionUser } | { response: NextResponse }> {
  const user = await currentUser();
  const access = checkAdmin(user);
  if (!access.ok || !user) {
    const code = !access.ok && access.status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN";
    const status = !access.ok ? access.status : 403;
    return { response: jsonError(status, code, !access.ok ? access.message : "Forbidden.") };
  }
  return { user };
}

/** Mutating requests must come from our own origin (CSRF): compare Origin with the Host we serve. */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return request.headers.get("sec-fetch-site") !== "cross-site";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
