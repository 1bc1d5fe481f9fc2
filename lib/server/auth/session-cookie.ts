import "server-only";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getIronSession, type SessionOptions } from "iron-session";
import { authSecret } from "./secret";
import { env } from "../env";
import { createSession, deleteSession, SESSION_DAYS } from "./sessions";
import { checkAdmin, PASSWORD_PAGE, withNext, type SessionUser } from "./roles";
import { SESSION_COOKIE, sessionTokenOf, userOfSealedSession } from "./session-token";
import { CLIENT_ADDRESS_HEADER } from "../http/client-address";

interface CookieData {
  token?: string;
}

async function isHttps(): Promise<boolean> {
  const setting = env().COOKIE_SECURE;
  if (setting !== "auto") return setting === "always";
  const h = await headers();
  return (h.get("x-forwarded-proto") ?? "").split(",")[0]?.trim() === "https";
}

async function sessionOptions(): Promise<SessionOptions> {
  return {
    password: authSecret(),
    cookieName: SESSION_COOKIE,
    ttl: SESSION_DAYS * 86_400,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: await isHttps(), path: "/" },
  };
}

async function cookieSession() {
  return getIronSession<CookieData>(await cookies(), await sessionOptions());
}

/** The session token in the request's cookie, or null (kept when a password change signs out the others). */
export async function currentSessionToken(): Promise<string | null> {
  return sessionTokenOf((await cookies()).get(SESSION_COOKIE)?.value);
}

/** The signed-in user for this request, or null. Cached per request. */
export const currentUser = cache(async (): Promise<SessionUser | null> =>
  userOfSealedSession((await cookies()).get(SESSION_COOKIE)?.value),
);

export async function startSession(userId: string): Promise<void> {
  const userAgent = (await headers()).get("user-agent");
  const session = await cookieSession();
  session.token = await createSession(userId, userAgent);
  await session.save();
}

export async function endSession(): Promise<void> {
  const session = await cookieSession();
  if (session.token) await deleteSession(session.token);
  session.destroy();
}

/**
 * The client's address (for rate limiting only), as our Node server in front of Next.js worked it out from
 * the connection (lib/server/setup/serve.ts; X-Forwarded-For counts only from TRUSTED_PROXIES). Served any
 * other way, the header is missing and every request shares one address: stricter, never looser.
 */
export async function clientAddress(): Promise<string> {
  return (await headers()).get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}

/** Pages: anonymous users are sent to sign-in and come back afterwards. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  // a generated one-time password must be replaced before anything else; then the page asked for follows
  if (user.mustChangePassword && returnTo !== PASSWORD_PAGE) redirect(withNext(PASSWORD_PAGE, returnTo));
  return user;
}

/** Admin pages and actions: anonymous → sign-in, learners → the 403 page. */
export async function requireAdmin(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  const access = checkAdmin(user);
  if (!access.ok && access.code === "UNAUTHENTICATED") redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (!access.ok || !user) forbidden();
  if (user.mustChangePassword) redirect(withNext(PASSWORD_PAGE, returnTo));
  return user;
}
