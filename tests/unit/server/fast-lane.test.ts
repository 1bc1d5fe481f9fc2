/**
 * The fast lane in front of Next.js (lib/server/http/fast-lane.ts) against the route handlers it stands in
 * for: the same requests, sent to the lane over node:http (no Next.js server) and to the route handlers as
 * web Requests, get the same status and the same JSON body; the lane's answers carry the headers Next.js
 * gives /api/* (known answers here; the real server's are compared in tests/e2e/security.spec.ts); and what
 * is not the lane's falls through.
 *
 * The route handlers read the session through next/headers, which needs Next.js's request context:
 * session-cookie.ts's currentUser is replaced by the same lookup on the header of the request in flight.
 */
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { sealData } from "iron-session";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useFreshDatabase } from "./test-database";
import { chunkedBody } from "./chunked-body";
import { SEED_SET } from "../../../lib/content";

const SECRET = vi.hoisted(() => {
  const secret = "fast-lane-test-secret-0123456789abcdef";
  process.env.AUTH_SECRET = secret;
  return secret;
});
const inFlight = vi.hoisted(() => ({ cookie: null as string | null }));

vi.mock("../../../lib/server/auth/session-cookie", async () => {
  const { cookieValue, SESSION_COOKIE, userOfSealedSession } = await import("../../../lib/server/auth/session-token");
  return { currentUser: () => userOfSealedSession(cookieValue(inFlight.cookie, SESSION_COOKIE)) };
});

const ORIGIN = "http://localhost";
const root = path.resolve(import.meta.dirname, "../../..");

type Method = "POST" | "PATCH";
interface Call {
  readonly method: Method;
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** a JSON value, or raw text */
  readonly body?: unknown;
  /** a chunked body of this many bytes instead */
  readonly chunked?: number;
}
interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly json: unknown;
}

let server: http.Server;
let port = 0;
let learnerCookie = "";
let oneTimeCookie = "";
let otherCookie = "";
let interviewId = "";

async function cookieFor(email: string, mustChangePassword = false): Promise<{ id: string; cookie: string }> {
  const { prisma } = await import("../../../lib/server/db");
  const { createSession } = await import("../../../lib/server/auth/sessions");
  const user = await prisma.user.create({ data: { email, passwordHash: "x", enableFuzz: false, mustChangePassword } });
  const token = await createSession(user.id, null);
  return { id: user.id, cookie: `hopdrill_session=${await sealData({ token }, { password: SECRET })}` };
}

beforeAll(async () => {
  await useFreshDatabase();
  const { runSeed } = await import("../../../lib/server/authoring");
  const { startInterview } = await import("../../../lib/server/interviews");
  const { createFastLane, nextConfigHeaderRules } = await import("../../../lib/server/http/fast-lane");
  await runSeed();
  const learner = await cookieFor("lane-learner@example.test");
  learnerCookie = learner.cookie;
  oneTimeCookie = (await cookieFor("lane-one-time@example.test", true)).cookie;
  otherCookie = (await cookieFor("lane-other@example.test")).cookie;
  const started = await startInterview(learner.id, { set: "kubernetes-dns", questions: 2, minutes: 60 }, new Date());
  if (!started.ok) throw new Error(started.message);
  interviewId = started.id;
  const lane = createFastLane(await nextConfigHeaderRules(root));
  server = http.createServer((request, response) => {
    if (!lane(request, response)) response.writeHead(599).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const bodyText = (call: Call) =>
  call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body);

const parse = (text: string): unknown => (text === "" ? "" : JSON.parse(text));

function viaLane(call: Call): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        method: call.method,
        path: call.path,
        headers: { host: "localhost", ...call.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) headers[name] = String(value);
          resolve({ status: response.statusCode ?? 0, headers, json: parse(Buffer.concat(chunks).toString("utf8")) });
        });
      },
    );
    request.on("error", reject);
    if (call.chunked !== undefined) {
      const piece = Buffer.alloc(64 * 1024, 0x61);
      let left = call.chunked;
      const write = () => {
        while (left > 0) {
          const size = Math.min(piece.length, left);
          left -= size;
          if (!request.write(piece.subarray(0, size))) return void request.once("drain", write);
        }
        request.end();
      };
      request.on("error", () => undefined);
      write();
    } else {
      request.end(bodyText(call));
    }
  });
}

async function viaRoute(call: Call): Promise<Answer> {
  const url = `${ORIGIN}${call.path}`;
  const headers = { host: "localhost", ...call.headers };
  const request =
    call.chunked !== undefined
      ? chunkedBody(call.chunked, url, undefined, 0x61, call.method).request
      : new Request(url, { method: call.method, headers, body: bodyText(call) });
  if (call.chunked !== undefined) for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  inFlight.cookie = request.headers.get("cookie");
  const pathname = new URL(url).pathname;
  let response: Response;
  if (pathname === "/api/study/ratings") {
    response = await (await import("../../../app/api/study/ratings/route")).POST(request);
  } else if (pathname === "/api/study/undo") {
    response = await (await import("../../../app/api/study/undo/route")).POST(request);
  } else {
    const [, , , id = "", , position = ""] = pathname.split("/");
    const route = await import("../../../app/api/interviews/[id]/questions/[position]/route");
    response = await route.PATCH(request, { params: Promise.resolve({ id, position }) });
  }
  const headers2: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers2[name] = value));
  return { status: response.status, headers: headers2, json: parse(await response.text()) };
}

const signedIn = () => ({ cookie: learnerCookie, origin: ORIGIN, "content-type": "application/json" });
const rating = (extra: object = {}) => ({
  itemId: SEED_SET.items[0]!.id,
  rating: 3,
  idempotencyKey: randomUUID(),
  durationMs: 4000,
  ...extra,
});
const autosavePath = (id = interviewId, position = "1") => `/api/interviews/${id}/questions/${position}`;

/** Requests whose answer does not depend on what was stored before: each lane gets the same one. */
const REFUSALS: readonly [string, () => Call, number, string][] = [
  ["rating signed out", () => ({ method: "POST", path: "/api/study/ratings", body: rating() }), 401, "UNAUTHENTICATED"],
  [
    "rating from another origin",
    () => ({
      method: "POST",
      path: "/api/study/ratings",
      headers: { ...signedIn(), origin: "http://evil.example" },
      body: rating(),
    }),
    403,
    "CROSS_ORIGIN",
  ],
  [
    "rating the browser marks cross-site",
    () => {
      const { origin: _origin, ...headers } = signedIn();
      return {
        method: "POST",
        path: "/api/study/ratings",
        headers: { ...headers, "sec-fetch-site": "cross-site" },
        body: rating(),
      };
    },
    403,
    "CROSS_ORIGIN",
  ],
  [
    "rating with a one-time password's session",
    () => ({
      method: "POST",
      path: "/api/study/ratings",
      headers: { ...signedIn(), cookie: oneTimeCookie },
      body: rating(),
    }),
    403,
    "PASSWORD_CHANGE_REQUIRED",
  ],
  [
    "rating whose cookie does not unseal",
    () => ({
      method: "POST",
      path: "/api/study/ratings",
      headers: { ...signedIn(), cookie: "hopdrill_session=Fe26.2*1*x" },
      body: rating(),
    }),
    401,
    "UNAUTHENTICATED",
  ],
  [
    "rating not JSON",
    () => ({ method: "POST", path: "/api/study/ratings", headers: signedIn(), body: "{rating" }),
    400,
    "INVALID_JSON",
  ],
  [
    "rating with a bad field",
    () => ({ method: "POST", path: "/api/study/ratings", headers: signedIn(), body: rating({ rating: 9 }) }),
    400,
    "INVALID_REQUEST",
  ],
  [
    "rating with a NUL in a string",
    () => ({ method: "POST", path: "/api/study/ratings", headers: signedIn(), body: rating({ itemId: "a\u0000b" }) }),
    400,
    "INVALID_REQUEST",
  ],
  [
    "rating over the body limit, by its length",
    () => ({
      method: "POST",
      path: "/api/study/ratings",
      headers: signedIn(),
      body: rating({ pad: "x".repeat(100_001) }),
    }),
    413,
    "BODY_TOO_LARGE",
  ],
  [
    "rating over the body limit, chunked",
    () => ({ method: "POST", path: "/api/study/ratings", headers: signedIn(), chunked: 300_000 }),
    413,
    "BODY_TOO_LARGE",
  ],
  [
    "rating of no such item",
    () => ({
      method: "POST",
      path: "/api/study/ratings",
      headers: signedIn(),
      body: rating({ itemId: "no-such-item" }),
    }),
    404,
    "NOT_FOUND",
  ],
  [
    "undo of a key never rated",
    () => ({ method: "POST", path: "/api/study/undo", headers: signedIn(), body: { idempotencyKey: randomUUID() } }),
    409,
    "NOTHING_TO_UNDO",
  ],
  [
    "autosave signed out",
    () => ({ method: "PATCH", path: autosavePath(), body: { answer: "a", revision: 1 } }),
    401,
    "UNAUTHENTICATED",
  ],
  [
    "autosave of an id that is no interview",
    () => ({ method: "PATCH", path: autosavePath("nope"), headers: signedIn(), body: { answer: "a", revision: 1 } }),
    404,
    "NOT_FOUND",
  ],
  [
    "autosave past the last position",
    () => ({
      method: "PATCH",
      path: autosavePath(interviewId, "11"),
      headers: signedIn(),
      body: { answer: "a", revision: 1 },
    }),
    404,
    "NOT_FOUND",
  ],
  [
    "autosave of another learner's interview",
    () => ({
      method: "PATCH",
      path: autosavePath(),
      headers: { ...signedIn(), cookie: otherCookie },
      body: { answer: "a", revision: 1 },
    }),
    404,
    "NOT_FOUND",
  ],
  [
    "autosave with an unknown field",
    () => ({ method: "PATCH", path: autosavePath(), headers: signedIn(), body: { answer: "a", extra: 1 } }),
    400,
    "INVALID_REQUEST",
  ],
  [
    "autosave over 20,000 characters",
    () => ({
      method: "PATCH",
      path: autosavePath(),
      headers: signedIn(),
      body: { answer: "x".repeat(20_001), revision: 1 },
    }),
    413,
    "ANSWER_TOO_LONG",
  ],
];

describe("the fast lane answers as the route handlers do", () => {
  it.each(REFUSALS)("%s", async (_name, make, status, code) => {
    const call = make();
    const lane = await viaLane(call);
    const route = await viaRoute(call);
    expect(lane.status).toBe(status);
    expect((lane.json as { error: { code: string } }).error.code).toBe(code);
    expect(lane.json).toEqual(route.json);
    expect(route.status).toBe(status);
  });

  it("names the limit when a body is too large", async () => {
    const lane = await viaLane({ method: "POST", path: "/api/study/ratings", headers: signedIn(), chunked: 300_000 });
    expect(lane.json).toEqual({ error: { code: "BODY_TOO_LARGE", message: "The request body is over 100000 bytes." } });
  });

  it("records a rating once, whichever lane a retry takes", async () => {
    const { prisma } = await import("../../../lib/server/db");
    const call: Call = {
      method: "POST",
      path: "/api/study/ratings",
      headers: signedIn(),
      body: rating({ itemId: SEED_SET.items[1]!.id, reviewedAt: new Date(Date.now() - 1000).toISOString() }),
    };
    const first = await viaLane(call);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ duplicate: false, card: { reps: 1 } });
    const again = await viaRoute(call);
    const third = await viaLane(call);
    const { serverNow: _a, ...route } = again.json as Record<string, unknown>;
    const { serverNow: _b, ...lane } = third.json as Record<string, unknown>;
    expect(route).toMatchObject({ duplicate: true, card: null });
    expect(lane).toEqual(route);
    const key = (call.body as { idempotencyKey: string }).idempotencyKey;
    expect(await prisma.reviewLog.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it("undoes a rating the other lane recorded", async () => {
    const body = rating({ itemId: SEED_SET.items[2]!.id });
    expect((await viaRoute({ method: "POST", path: "/api/study/ratings", headers: signedIn(), body })).status).toBe(
      200,
    );
    const undo: Call = {
      method: "POST",
      path: "/api/study/undo",
      headers: signedIn(),
      body: { idempotencyKey: body.idempotencyKey },
    };
    const lane = await viaLane(undo);
    expect(lane.status).toBe(200);
    expect(lane.json).toMatchObject({ itemId: body.itemId, rating: 3 });
    expect((await viaRoute(undo)).json).toEqual({
      error: { code: "NOTHING_TO_UNDO", message: expect.any(String) as string },
    });
  });

  it("autosaves, and refuses an older revision with the stored text the same way", async () => {
    const saved = await viaLane({
      method: "PATCH",
      path: autosavePath(),
      headers: signedIn(),
      body: { answer: "lane text", revision: 5 },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ revision: 5 });
    const older: Call = {
      method: "PATCH",
      path: autosavePath(),
      headers: signedIn(),
      body: { answer: "old", revision: 3 },
    };
    const lane = await viaLane(older);
    const route = await viaRoute(older);
    expect(lane.status).toBe(409);
    expect(lane.json).toMatchObject({ error: { code: "STALE_REVISION" } });
    expect(JSON.stringify(lane.json)).toContain("lane text");
    expect(lane.json).toEqual(route.json);
  });
});

describe("the fast lane's headers", () => {
  it("are Next.js's for /api/*, with the JSON type and a length", async () => {
    const answer = await viaLane({ method: "POST", path: "/api/study/ratings", body: rating() });
    expect(answer.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
      "permissions-policy": "camera=(), microphone=(), geolocation=()",
      "cross-origin-opener-policy": "same-origin",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      vary: "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding",
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(JSON.stringify(answer.json))),
    });
    expect(answer.headers["x-powered-by"]).toBeUndefined();
    // and every header the route handler itself sets
    const route = await viaRoute({ method: "POST", path: "/api/study/ratings", body: rating() });
    for (const [name, value] of Object.entries(route.headers)) expect(answer.headers[name], name).toBe(value);
  });
});

describe("what falls through to Next.js", () => {
  const lane = { take: null as null | ((method: string, url: string) => boolean) };
  beforeAll(async () => {
    const { createFastLane, nextConfigHeaderRules } = await import("../../../lib/server/http/fast-lane");
    const take = createFastLane(await nextConfigHeaderRules(root));
    const response = { writeHead: () => response, end: () => response, headersSent: false, destroyed: false };
    lane.take = (method, url) =>
      take(
        { method, url, headers: {}, destroyed: false, on: () => undefined } as unknown as IncomingMessage,
        response as unknown as ServerResponse,
      );
  });

  it.each([
    ["GET", "/api/study/ratings"],
    ["PUT", "/api/study/ratings"],
    ["POST", "/api/study/ratings/"],
    ["POST", "//api/study/ratings"],
    ["POST", "/api/study/queue"],
    ["POST", "/api/study/ratingsx"],
    ["GET", "/api/interviews/abc/questions/1"],
    ["PATCH", "/api/interviews/%61bc/questions/1"],
    ["PATCH", "/api/interviews/abc/questions/1/overrides/x"],
    ["PATCH", "/api/interviews/abc/questions/"],
    ["GET", "/api/live"],
    ["POST", "http://localhost/api/study/ratings"],
  ])("%s %s", (method, url) => {
    expect(lane.take?.(method, url)).toBe(false);
  });

  it.each([
    ["POST", "/api/study/ratings"],
    ["POST", "/api/study/ratings?x=1"],
    ["POST", "/api/study/undo"],
    ["PATCH", "/api/interviews/abc/questions/1"],
  ])("but %s %s is the lane's", (method, url) => {
    expect(lane.take?.(method, url)).toBe(true);
  });
});

describe("headersForPath", () => {
  it("applies /:path* rules by their prefix, in order, and refuses a rule it cannot read", async () => {
    const { headersForPath } = await import("../../../lib/server/http/fast-lane");
    const rules = [
      { source: "/:path*", headers: [{ key: "A", value: "1" }] },
      { source: "/api/:path*", headers: [{ key: "B", value: "2" }] },
    ];
    expect(headersForPath(rules, "/api/study/ratings")).toEqual([
      ["A", "1"],
      ["B", "2"],
    ]);
    expect(headersForPath(rules, "/api")).toEqual([
      ["A", "1"],
      ["B", "2"],
    ]);
    expect(headersForPath(rules, "/apix/y")).toEqual([["A", "1"]]);
    expect(() => headersForPath([{ source: "/api/(.*)", headers: [] }], "/api/x")).toThrow(/cannot apply/);
    const conditional = { source: "/:path*", headers: [], has: [{ type: "header", key: "x" }] };
    expect(() => headersForPath([conditional], "/api/x")).toThrow(/cannot apply/);
  });
});
