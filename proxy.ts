import { NextResponse, type NextRequest } from "next/server";
import {
  ACTION_BODY_TOO_LARGE,
  actionBodyKind,
  formActionBodyProblem,
  MAX_ACTION_BODY_BYTES,
  textActionBodyProblem,
} from "@/lib/server/http/action-body";
import { readBoundedBytes } from "@/lib/server/http/bounded-body";
import { pathEncodingProblem } from "@/lib/server/http/path-encoding";
import { failureResponse } from "@/lib/server/http/responses";
import { failure } from "@/lib/schemas/failure";
import { sameOrigin } from "@/lib/server/http/origin";
import { REQUEST_PATH_HEADER } from "@/lib/server/http/request-path-header";

/**
 * A nonce-based Content-Security-Policy on every page (no 'unsafe-eval' outside development, where React's
 * dev tooling needs it). Next.js reads the nonce from the request's CSP header and applies it to its scripts.
 */
export async function proxy(request: NextRequest) {
  const badPath = pathEncodingProblem(request.nextUrl.pathname);
  const api = request.nextUrl.pathname.startsWith("/api/");
  if (badPath !== null) return api ? failureResponse(failure("INVALID_REQUEST", badPath)) : plainText(400, badPath);
  // the proxy runs for /api only to check the path (see `config` below)
  if (api) return NextResponse.next();
  if (isActionCall(request)) {
    // Next.js refuses cross-origin calls too, but as a bare 500; answer what it is, before any of the app runs.
    // The same origin check as the route handlers' (lib/server/http/origin.ts).
    if (!sameOrigin(request.headers)) return plainText(403, "Cross-origin server action refused.");
    if (Number(request.headers.get("content-length") ?? "0") > MAX_ACTION_BODY_BYTES) {
      return plainText(413, ACTION_BODY_TOO_LARGE);
    }
    const problem = await actionBodyProblem(request);
    if (problem !== null) return plainText(problem.status, problem.message);
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
 * Why Next.js could not decode this action call's body (lib/server/http/action-body.ts), or null: 413 past
 * MAX_ACTION_BODY_BYTES (reading stops there, chunked or not), 400 for a body Next.js cannot decode. The proxy
 * reads a copy of the body; the action still receives the original.
 */
async function actionBodyProblem(request: NextRequest): Promise<{ status: number; message: string } | null> {
  const contentType = request.headers.get("content-type");
  const kind = actionBodyKind(contentType);
  const check = async (): Promise<{ status: number; message: string } | null> => {
    const bytes = await readBoundedBytes(request, MAX_ACTION_BODY_BYTES);
    if (bytes === null) return { status: 413, message: ACTION_BODY_TOO_LARGE };
    if (kind === "other") return null;
    const refused = (message: string | null) => (message === null ? null : { status: 400, message });
    if (kind === "text") return refused(textActionBodyProblem(new TextDecoder().decode(bytes)));
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { "content-type": contentType ?? "" } }).formData();
    } catch {
      return refused("The action request is not well-formed multipart form data.");
    }
    return refused(await formActionBodyProblem(form));
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
 * proxy there saves every API call a second request object and header copy (bench:load measures it). The one
 * exception is an API path with a percent sign, whose encoding is checked (pathEncodingProblem).
 */
export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }, { source: "/api/(.*%.*)" }],
};
