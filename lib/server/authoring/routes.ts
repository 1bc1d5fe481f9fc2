/**
 * The admin import routes' request: an admin from our own origin, and a body that is JSON or a multipart form
 * with the file. Oversized uploads are refused unread when they declare their length, and reading stops at the
 * limit when they do not (BODY_TOO_LARGE; lib/server/http/bounded-body.ts); the fields are checked with the
 * import request schema. (The HTTP edge: imported by the route handlers on its own.)
 */
import "server-only";
import type { SessionUser } from "../auth";
import { adminFromRequest, type GuardCode } from "../http";
import { readBoundedBytes } from "../http/bounded-body";
import { MAX_IMPORT_BYTES } from "../../content";
import { errorSummary, fieldErrorsOf } from "../../schemas/field-errors";
import { failure, type Result } from "../../schemas/failure";
import { formatFromFilename, importRequestSchema, type ImportRequestFields } from "../../schemas/authoring";

/** The import request's limit: the file's, and a little for the multipart framing or JSON around it. */
export const MAX_IMPORT_REQUEST_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

const tooLarge = () => failure("BODY_TOO_LARGE", "The file is over 2 MB; imports are limited to 2 MB.");
const requestTooLarge = () =>
  failure("BODY_TOO_LARGE", `The request body is over ${MAX_IMPORT_REQUEST_BYTES} bytes; imports are limited to 2 MB.`);

async function rawFields(bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<Record<string, unknown>> {
  if (!contentType.includes("multipart/form-data")) {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  }
  const form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  const file = form.get("file");
  const text = file instanceof File ? await file.text() : String(form.get("text") ?? "");
  const named = file instanceof File ? formatFromFilename(file.name) : null;
  return {
    format: String(form.get("format") ?? "") || named || "",
    text,
    slug: form.get("slug") ? String(form.get("slug")) : undefined,
    title: form.get("title") ? String(form.get("title")) : undefined,
    prefixIds: form.get("prefixIds") === "true" || form.get("prefixIds") === "on",
  };
}

async function importBody(
  request: Request,
): Promise<Result<{ body: ImportRequestFields }, "BODY_TOO_LARGE" | "INVALID_JSON" | "INVALID_REQUEST">> {
  const bytes = await readBoundedBytes(request, MAX_IMPORT_REQUEST_BYTES);
  if (bytes === null) return requestTooLarge();
  let raw: Record<string, unknown>;
  try {
    raw = await rawFields(bytes, request.headers.get("content-type") ?? "");
  } catch {
    return failure(
      "INVALID_JSON",
      "Send JSON {format, text, slug?, title?, prefixIds?} or a multipart form with a file.",
    );
  }
  const body = importRequestSchema.safeParse(raw);
  if (body.success) return { ok: true, body: body.data };
  if (body.error.issues.some((issue) => issue.path[0] === "text" && issue.code === "too_big")) return tooLarge();
  const fieldErrors = fieldErrorsOf(body.error);
  return failure("INVALID_REQUEST", errorSummary(fieldErrors), fieldErrors);
}

/** An import route's request: an admin, from our own origin, with a readable import body. */
export async function importRequest(
  request: Request,
): Promise<
  Result<
    { user: SessionUser; body: ImportRequestFields },
    GuardCode | "BODY_TOO_LARGE" | "INVALID_JSON" | "INVALID_REQUEST"
  >
> {
  const auth = await adminFromRequest(request, { mutation: true });
  if (!auth.ok) return auth;
  const body = await importBody(request);
  return body.ok ? { ok: true, user: auth.user, body: body.body } : body;
}
