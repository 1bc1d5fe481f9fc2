/**
 * The edges of the interview API (app/api/interviews/…): who is asking, the CSRF check, reading a JSON body
 * with a size limit, and turning failures into `{ error: { code, message, errors?, current? } }` responses.
 *
 * Statuses: 400 malformed JSON or a field that fails its schema (errors name the fields), 401 signed out,
 * 403 cross-site request, 404 unknown or someone else's interview, 409 late / already submitted / stale
 * revision / not yet submitted, 413 body or answer too long, 422 well-formed but not applicable (a set
 * without interview questions, a concept that was not missed).
 */
import { NextResponse } from "next/server";
import type { z } from "zod";
import { currentUser } from "../auth";
import { jsonError, sameOrigin } from "./responses";
import type { SessionUser } from "../auth";
import type { Failure } from "../interviews";
import { fieldErrors, interviewIdSchema, positionSchema } from "../../schemas/interview";

/** 20,000 characters of answer are at most 80,000 UTF-8 bytes; the rest is JSON around it. */
export const MAX_BODY_BYTES = 100_000;

export async function learnerFromRequest(): Promise<{ user: SessionUser } | { response: NextResponse }> {
  const user = await currentUser();
  if (!user) return { response: jsonError(401, "UNAUTHENTICATED", "Sign in first.") };
  return { user };
}

/** Signed in, and for mutations also same-origin (CSRF). */
export async function guard(
  request: Request,
  mutation: boolean,
): Promise<{ user: SessionUser } | { response: NextResponse }> {
  if (mutation && !sameOrigin(request)) {
    return { response: jsonError(403, "CROSS_SITE", "Cross-site requests are not allowed.") };
  }
  return learnerFromRequest();
}

export function failureResponse(failure: Failure): NextResponse {
  return NextResponse.json(
    {
      error: {
        code: failure.code,
        message: failure.message,
        ...(failure.current !== undefined ? { current: failure.current } : {}),
      },
    },
    { status: failure.status },
  );
}

export async function readBody<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<{ ok: true; value: z.output<T> } | { ok: false; response: NextResponse }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    return {
      ok: false,
      response: jsonError(413, "BODY_TOO_LARGE", `The request body is over ${MAX_BODY_BYTES} bytes.`),
    };
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    return {
      ok: false,
      response: jsonError(413, "BODY_TOO_LARGE", `The request body is over ${MAX_BODY_BYTES} bytes.`),
    };
  }
  let json: unknown;
  try {
    json = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    return { ok: false, response: jsonError(400, "INVALID_JSON", "The request body is not valid JSON.") };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    const summary = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("; ");
    return {
      ok: false,
      response: NextResponse.json(
        { error: { code: "INVALID_REQUEST", message: `Invalid request: ${summary}`, errors } },
        { status: 400 },
      ),
    };
  }
  return { ok: true, value: parsed.data };
}

/** Route params: an id that cannot be an interview id is a plain 404, as is a position outside 1–10. */
export function interviewParams(params: {
  id: string;
  position?: string;
}): { ok: true; id: string; position: number } | { ok: false; response: NextResponse } {
  const id = interviewIdSchema.safeParse(params.id);
  const position =
    params.position === undefined ? { success: true as const, data: 0 } : positionSchema.safeParse(params.position);
  if (!id.success || !position.success) {
    return { ok: false, response: jsonError(404, "NOT_FOUND", "No such interview (or it is not yours).") };
  }
  return { ok: true, id: id.data, position: position.data };
}
