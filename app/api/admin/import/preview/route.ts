import { NextResponse } from "next/server";
import { failure } from "@/lib/schemas/failure";
import { previewImport } from "@/lib/server/authoring";
import { importRequest } from "@/lib/server/authoring/routes";
import { failureResponse, statusFor } from "@/lib/server/http";

/** What an import would do (created / updated / unchanged / retired, every error with its line); writes nothing. */
export async function POST(request: Request) {
  const input = await importRequest(request);
  if (!input.ok) return failureResponse(input);
  const preview = await previewImport(input.user, input.body);
  if (preview.ok) return NextResponse.json({ preview });
  // every 4xx carries a message; the line-numbered errors are in preview.errors
  const { ok: _ok, ...error } = failure("IMPORT_INVALID", "The file has errors; nothing would be imported.");
  return NextResponse.json({ error, preview }, { status: statusFor(error.code) });
}
