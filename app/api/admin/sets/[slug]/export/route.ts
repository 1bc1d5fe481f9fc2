import { adminFromRequest, jsonError } from "@/lib/server/http";
import { exportSet } from "@/lib/server/authoring";
import { EXPORT_FORMATS } from "@/lib/schemas/authoring";
import { slugSchema } from "@/lib/schemas/question-set";
import { z } from "zod";

/** Downloads a set as Markdown, JSON, CSV, TSV or Anki TSV (`?format=`). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const auth = await adminFromRequest();
  if ("response" in auth) return auth.response;
  const slug = slugSchema.safeParse((await params).slug);
  const format = z.enum(EXPORT_FORMATS).safeParse(new URL(request.url).searchParams.get("format") ?? "markdown");
  if (!slug.success) return jsonError(404, "NOT_FOUND", "No such set.");
  if (!format.success) return jsonError(400, "BAD_FORMAT", `format must be one of ${EXPORT_FORMATS.join(", ")}.`);
  const file = await exportSet(auth.user, slug.data, format.data);
  if (!file) return jsonError(404, "NOT_FOUND", "No such set.");
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
}
