/**
 * Shared edge logic of the admin import routes: read a JSON or multipart body, refuse oversized uploads
 * before reading them, and answer in the JSON error shape of lib/server/api.ts.
 */
import type { NextResponse } from "next/server";
import { adminFromRequest, jsonError, sameOrigin } from "../http";
import { MAX_IMPORT_BYTES } from "../../content";
import { formatFromFilename, importRequestSchema } from "../../schemas/authoring";
import type { SessionUser } from "../auth";

export async function adminMutation(request: Request): Promise<{ user: SessionUser } | { response: NextResponse }> {
  const auth = await adminFromRequest();
  if ("response" in auth) return auth;
  if (!sameOrigin(request)) return { response: jsonError(403, "CROSS_ORIGIN", "Cross-origin requests are refused.") };
  return auth;
}

export async function importBody(
  request: Request,
): Promise<{ body: ReturnType<typeof importRequestSchema.parse> } | { response: NextResponse }> {
  const length = Number(request.headers.get("content-length") ?? "0");
  // multipart framing adds a little; anything far beyond the limit is refused unread
  if (length > MAX_IMPORT_BYTES + 64 * 1024) {
    return { response: jsonError(413, "TOO_LARGE", "The file is over 2 MB; imports are limited to 2 MB.") };
  }
  let raw: Record<string, unknown>;
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("multipart/form-data")) {
      const form = await request.formData();
      const file = form.get("file");
      const text = file instanceof File ? await file.text() : String(form.get("text") ?? "");
      const named = file instanceof File ? formatFromFilename(file.name) : null;
      raw = {
        format: String(form.get("format") ?? "") || named || "",
        text,
        slug: form.get("slug") ? String(form.get("slug")) : undefined,
        title: form.get("title") ? String(form.get("title")) : undefined,
        prefixIds: form.get("prefixIds") === "true" || form.get("prefixIds") === "on",
      };
    } else {
      const parsed: unknown = await request.json();
      raw = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
    }
  } catch {
    return {
      response: jsonError(
        400,
        "BAD_BODY",
        "Send JSON {format, text, slug?, title?, prefixIds?} or a multipart form with a file.",
      ),
    };
  }
  const body = importRequestSchema.safeParse(raw);
  if (!body.success) {
    const issue = body.error.issues[0];
    const tooBig = issue?.path[0] === "text" && issue.code === "too_big";
    return {
      response: jsonError(
        tooBig ? 413 : 400,
        tooBig ? "TOO_LARGE" : "BAD_BODY",
        `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
      ),
    };
  }
  return { body: body.data };
}
