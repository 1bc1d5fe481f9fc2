import "server-only";
import { unsealData } from "iron-session";
import { authSecret } from "./secret";
import { SESSION_DAYS, sessionUser } from "./sessions";
import type { SessionUser } from "./roles";
import { createUnsealMemo } from "./unseal-memo";

/**
 * The session cookie read from its sealed value, with nothing of Next.js: session-cookie.ts (pages, actions,
 * route handlers, through next/headers) and the study loop's fast lane in front of Next.js
 * (lib/server/http/fast-lane.ts, from the Cookie header) both call these.
 */

export const SESSION_COOKIE = "hopdrill_session";

interface CookieData {
  token?: string;
}

/** Successful unseals, remembered for a minute (unseal-memo.ts says why that is safe). */
const unseals = createUnsealMemo({ ttlMs: 60_000, maxEntries: 10_000 });

/** The session token sealed in the cookie's value, or null (no cookie, or one that does not unseal). */
export async function sessionTokenOf(sealed: string | undefined): Promise<string | null> {
  if (!sealed) return null;
  return unseals.token(sealed, Date.now(), async (text) => {
    const data = await unsealData<CookieData>(text, { password: authSecret(), ttl: SESSION_DAYS * 86_400 });
    return typeof data.token === "string" ? data.token : null;
  });
}

/** The signed-in user the cookie's sealed value names, or null. */
export async function userOfSealedSession(sealed: string | undefined): Promise<SessionUser | null> {
  const token = await sessionTokenOf(sealed);
  return token === null ? null : sessionUser(token);
}

/**
 * One cookie's value from a Cookie header, read as Next.js's `cookies()` reads it (@edge-runtime/cookies
 * parseCookie): pairs split at `;` and the spaces after it, the name up to the first `=`, the value
 * percent-decoded (a pair whose value does not decode is skipped), the last pair of a name winning.
 */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let found: string | undefined;
  for (const pair of header.split(/; */)) {
    const at = pair.indexOf("=");
    if (at === -1) {
      if (pair === name) found = "true";
      continue;
    }
    if (pair.slice(0, at) !== name) continue;
    try {
      found = decodeURIComponent(pair.slice(at + 1));
    } catch {
      // Next.js skips a value that does not decode, keeping an earlier one
    }
  }
  return found;
}
