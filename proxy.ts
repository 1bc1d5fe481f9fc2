import { NextResponse, type NextRequest } from "next/server";
import { actionBodyKind, formActionBodyProblem, textActionBodyProblem } from "@/lib/server/http/action-body";
import { sameOrigin } from "@/lib/server/http/origin";
import { REQUEST_PATH_HEADER } from "@/lib/server/http/request-path-header";

/**
 * A nonce-based Content-Security-Policy on every page (no 'unsafe-eval' outside development, where React's
 * dev tooling needs it). Next.js reads the nonce from the request's CSP header and applies it to its scripts.
 */
export async function proxy(request: NextRequest) {
  if (isActionCall(request)) {
    // Next.js refuses cross-origin calls too, but as a bare 500; answer what it is, before any of the app runs.
    // The same origin check as the route handlers' (lib/server/http/origin.ts).
    if (!sameOrigin(request.headers)) return plainText(403, "Cross-origin server action refused.");
    const problem = await actionBodyProblem(request);
    if (problem !== null) return plainText(400, problem);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // the path asked for, so layouts can send an anonymous visitor back to it after sign-in (always overwritten)
  requestHeaders.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

function plainText(status: number, message: string): NextResponse {
  return new NextResponse(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** A server action call: a POST with a `Next-Action` header. */
function isActionCall(request: NextRequest): boolean {
  return request.method === "POST" && request.headers.has("next-action");
}

/**
 * Why Next.js could not decode this action call's body (lib/server/http/action-body.ts), or null. The proxy reads a
 * copy of the body; the action still receives the original.
 */
async function actionBodyProblem(request: NextRequest): Promise<string | null> {
  const kind = actionBodyKind(request.headers.get("content-type"));
  if (kind === "other") return null;
  const check = async (): Promise<string | null> => {
    if (kind === "text") return textActionBodyProblem(await request.text());
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return "The action request is not well-formed multipart form data.";
    }
    return formActionBodyProblem(form);
  };
  // Next.js hands the proxy a PassThrough copy of the body (next/dist/server/body-streams.js), a kind of stream
  // its own comments say can hang Readable.toWeb(). A guard, not a proven fix: bench:load's rare 10 s rating
  // timeouts were suspected here, but a run with this limit still had three. The action reads its own
  // buffered copy either way, so after BODY_CHECK_MS the check is skipped, never the request.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const skipped = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), BODY_CHECK_MS);
  });
  try {
    return await Promise.race([check(), skipped]);
  } finally {
    clearTimeout(timer);
  }
}

const BODY_CHECK_MS = 1_000;

/**
 * Pages and server actions only. Route handlers under /api answer JSON, so they need no nonce: next.config.js
 * gives them a fixed `default-src 'none'` policy, and they check origin and session themselves. Skipping the
 * proxy there saves every API call a second request object and header copy (bench:load measures it).
 */
export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
