import { NextResponse } from "next/server";
import { failure } from "@/lib/schemas/failure";
import { importBody, previewImport } from "@/lib/server/authoring";
import { adminFromRequest, failureResponse, statusFor } from "@/lib/server/http";

/** What an import would do (created / updated / unchanged / retired, every error with its line); writes nothing. */
export async function POST(request: Request) {
  const auth = await adminFromRequest(request, { mutation: true });
  if (!auth.ok) return failureResponse(auth);
  const body = await importBody(request);
  if (!body.ok) return failureResponse(body);
  const preview = await previewImport(auth.user, body.body);
  if (preview.ok) return NextResponse.json({ preview });
  // every 4xx carries a message; the line-numbered errors are in preview.errors
  const { ok: _ok, ...error } = failure("IMPORT_INVALID", "The file has errors; nothing would be imported.");
  return NextResponse.json({ error, preview }, { status: statusFor(error.code) });
}
