import "server-only";

/** What the checks read of a request's headers: a web Headers, or node:http's headers behind the same `get`. */
export type HeaderReader = { get(name: string): string | null };

/**
 * Whether a request comes from the site we serve (CSRF): the one check of the proxy (server actions) and
 * of the route handlers (mutations). With an Origin header, its host must be the host we serve
 * (X-Forwarded-Host, else Host), the comparison Next.js makes for server actions
 * (next/dist/server/app-render/action-handler.js). Without one (a same-origin request from a browser that
 * omits it, or a client that is not a browser), the request is refused only when the browser says it is
 * cross-site (Sec-Fetch-Site, https://www.w3.org/TR/fetch-metadata/).
 */
export function sameOrigin(headers: HeaderReader): boolean {
  const origin = headers.get("origin");
  if (origin === null) return headers.get("sec-fetch-site") !== "cross-site";
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
