import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { cookieValue, SESSION_COOKIE, userOfSealedSession } from "../auth/session-token";
import { autosaveEndpoint } from "../interviews/endpoints";
import { ratingEndpoint, undoEndpoint } from "../study/endpoints";
import { readBoundedIncomingText } from "./bounded-body";
import type { JsonAnswer, JsonRequest } from "./json-endpoint";
import type { HeaderReader } from "./origin";

/**
 * The study loop's hot JSON endpoints served by our node:http server (lib/server/setup/serve.ts) before
 * Next.js: a rating, an undo and an interview's autosave. The work is the same endpoint functions the route
 * handlers call (lib/server/study/endpoints.ts, lib/server/interviews/endpoints.ts); what the lane saves is
 * Next.js's POST pipeline around them (a web Request and body stream per request, NextResponse's stream,
 * routing, async context), which cost more than the work itself (README, "Where a rating's time went").
 *
 * A lane takes only its exact method and path, a path of plain segments ([A-Za-z0-9_-], no percent
 * escapes: those go through proxy.ts, and Next.js decodes them): anything else (another method, a trailing
 * slash, an encoded id) falls through to Next.js, which answers it as before. The lane answers with the
 * response headers Next.js gives /api/* (next.config.js's headers(), and those Next.js adds itself).
 */

interface Lane {
  readonly method: string;
  readonly path: RegExp;
  readonly endpoint: (request: JsonRequest, segments: readonly string[]) => Promise<JsonAnswer>;
}

const SEGMENT = "([A-Za-z0-9_-]+)";

export const FAST_LANES: readonly Lane[] = [
  { method: "POST", path: /^\/api\/study\/ratings$/, endpoint: (request) => ratingEndpoint(request) },
  { method: "POST", path: /^\/api\/study\/undo$/, endpoint: (request) => undoEndpoint(request) },
  {
    method: "PATCH",
    path: new RegExp(`^/api/interviews/${SEGMENT}/questions/${SEGMENT}$`),
    endpoint: (request, [id = "", position = ""]) => autosaveEndpoint(request, { id, position }),
  },
];

/** A header rule of next.config.js's headers(). */
export interface HeaderRule {
  readonly source: string;
  readonly headers: readonly { readonly key: string; readonly value: string }[];
}

/** next.config.js's header rules (its `headers()`), read from the app's folder. */
export async function nextConfigHeaderRules(dir: string): Promise<HeaderRule[]> {
  const config = (await import(pathToFileURL(path.join(dir, "next.config.js")).href)) as {
    default: { headers?: () => Promise<HeaderRule[]> };
  };
  return (await config.default.headers?.()) ?? [];
}

/**
 * The headers next.config.js's rules give `pathname`, in their order. Only the source forms the config uses
 * are understood (`/:path*` and `/prefix/:path*`); any other throws at start, so a rule the lane cannot read
 * is noticed rather than left off its answers.
 */
export function headersForPath(rules: readonly HeaderRule[], pathname: string): [string, string][] {
  const out: [string, string][] = [];
  for (const rule of rules) {
    const prefix = /^((?:\/[A-Za-z0-9_.-]+)*)\/:path\*$/.exec(rule.source)?.[1];
    if (prefix === undefined || Object.keys(rule).some((key) => key !== "source" && key !== "headers")) {
      throw new Error(
        `fast lane: cannot apply the header rule for ${rule.source} (only /:path* sources, no conditions)`,
      );
    }
    if (prefix !== "" && pathname !== prefix && !pathname.startsWith(`${prefix}/`)) continue;
    for (const { key, value } of rule.headers) out.push([key, value]);
  }
  return out;
}

/**
 * What Next.js itself adds to a route handler's answer (`npm start`'s /api/* responses, compared in
 * tests/e2e/security.spec.ts): the Vary of the App Router's client navigation headers, and Accept-Encoding
 * from its compression. The lane does not compress: its answers are a few hundred bytes to a few kB, on
 * the way to a browser that is usually near (and behind a proxy that compresses, when it is not).
 */
export const NEXT_ROUTE_HEADERS: readonly [string, string][] = [
  ["vary", "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding"],
];

function headerReader(request: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = request.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

function jsonRequestOf(request: IncomingMessage): JsonRequest {
  const headers = headerReader(request);
  return {
    headers,
    user: () => userOfSealedSession(cookieValue(headers.get("cookie"), SESSION_COOKIE)),
    readText: (limit) => readBoundedIncomingText(request, limit),
  };
}

export type FastLane = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * The lane: true when it has taken the request (and will answer it), false when Next.js must. `rules` are
 * next.config.js's header rules.
 */
export function createFastLane(rules: readonly HeaderRule[]): FastLane {
  headersForPath(rules, "/api/study/ratings"); // an unreadable rule stops the server at start, not at a rating
  return (request, response) => {
    const url = request.url ?? "";
    const query = url.indexOf("?");
    const pathname = query === -1 ? url : url.slice(0, query);
    for (const lane of FAST_LANES) {
      if (request.method !== lane.method) continue;
      const match = lane.path.exec(pathname);
      if (match === null) continue;
      const headers = [...headersForPath(rules, pathname), ...NEXT_ROUTE_HEADERS];
      void answer(lane, match.slice(1), request, response, headers);
      return true;
    }
    return false;
  };
}

async function answer(
  lane: Lane,
  segments: readonly string[],
  request: IncomingMessage,
  response: ServerResponse,
  headers: readonly [string, string][],
): Promise<void> {
  let status = 500;
  let text = "";
  try {
    const answered = await lane.endpoint(jsonRequestOf(request), segments);
    status = answered.status;
    text = JSON.stringify(answered.body);
  } catch (error) {
    if (request.destroyed) return; // the client went away while its body was read
    // as Next.js answers a route handler that throws: 500 with an empty body, the error in the log
    console.error(error);
  }
  if (response.headersSent || response.destroyed) return;
  const head: [string, string][] = [...headers];
  if (text !== "") head.push(["content-type", "application/json"]);
  response.writeHead(status, [...head, ["content-length", String(Buffer.byteLength(text))]].flat());
  response.end(text);
}
