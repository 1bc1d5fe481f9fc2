import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/schemas/authoring";
import { failure } from "@/lib/schemas/failure";
import { slugSchema } from "@/lib/schemas/question-set";
import { exportSet } from "@/lib/server/authoring";
import { adminFromRequest, failureResponse } from "@/lib/server/http";

const noSuchSet = () => failureResponse(failure("NOT_FOUND", "No such set."));

/** Downloads a set as Markdown, JSON, CSV, TSV or Anki TSV (`?format=`). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const auth = await adminFromRequest(request, { mutation: false });
  if (!auth.ok) return failureResponse(auth);
  const slug = slugSchema.safeParse((await params).slug);
  const format = z.enum(EXPORT_FORMATS).safeParse(new URL(request.url).searchParams.get("format") ?? "markdown");
  if (!slug.success) return noSuchSet();
  if (!format.success) {
    const message = `format must be one of ${EXPORT_FORMATS.join(", ")}.`;
    return failureResponse(failure("INVALID_REQUEST", message, { format: [message] }));
  }
  const file = await exportSet(auth.user, slug.data, format.data);
  if (!file) return noSuchSet();
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
}
