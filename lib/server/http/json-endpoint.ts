import "server-only";
import type { z } from "zod";
import { issueList } from "../../schemas/field-errors";
import type { Failure, Result } from "../../schemas/failure";
import { learnerAccess, type Guarded, type UserLoader } from "./access";
import { MAX_BODY_BYTES, parseBody } from "./body";
import type { HeaderReader } from "./origin";
import { statusFor } from "./status";

/**
 * A JSON endpoint written once for two transports: Next.js's route handler (next-json.ts adapts its web
 * Request) and the study loop's fast lane in front of Next.js (fast-lane.ts adapts node:http's request).
 * The endpoint sees only what both can give it cheaply, and answers a status and a JSON body; each
 * transport writes them (and its headers) its own way.
 */
export interface JsonRequest {
  readonly headers: HeaderReader;
  /** the signed-in user the request's session cookie names, or null */
  readonly user: UserLoader;
  /** the body as UTF-8 text, or null when it is (or declares itself) longer than `limit` bytes */
  readonly readText: (limit: number) => Promise<string | null>;
}

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** 200 with `body`. */
export function okAnswer(body: unknown): JsonAnswer {
  return { status: 200, body };
}

/**
 * A failure as the API answers it: `{ error: { code, message, errors?, …extra } }` with the status of its
 * code. `errors` lists the field errors as `{ path, message }`; other fields of the failure (the stored
 * answer of a STALE_REVISION) go alongside.
 */
export function failureAnswer(failed: Failure): JsonAnswer {
  const { ok: _ok, code, message, fieldErrors, ...extra } = failed;
  const errors = fieldErrors === undefined ? {} : { errors: issueList(fieldErrors) };
  return { status: statusFor(code), body: { error: { code, message, ...errors, ...extra } } };
}

/** The request's signed-in learner (guards.ts's learnerFromRequest, for a JsonRequest). */
export function learnerOf(request: JsonRequest, options: { mutation: boolean }): Promise<Guarded> {
  return learnerAccess(request.headers, request.user, options);
}

/** The request's JSON body parsed with `schema`, within MAX_BODY_BYTES (body.ts's readBody, for a JsonRequest). */
export async function jsonBodyOf<T extends z.ZodType>(
  request: JsonRequest,
  schema: T,
): Promise<Result<{ value: z.output<T> }, "BODY_TOO_LARGE" | "INVALID_JSON" | "INVALID_REQUEST">> {
  return parseBody(await request.readText(MAX_BODY_BYTES), schema);
}
