import { NextResponse } from "next/server";
import { adminMutation, importBody, previewImport } from "@/lib/server/authoring";

/** What an import would do (created / updated / unchanged / retired, every error with its line); writes nothing. */
export async function POST(request: Request) {
  const auth = await adminMutation(request);
  if ("response" in auth) return auth.response;
  const body = await importBody(request);
  if ("response" in body) return body.response;
  const preview = await previewImport(auth.user, body.body);
  if (preview.ok) return NextResponse.json({ preview });
  // every 4xx carries a message; the line-numbered errors are in preview.errors
  return NextResponse.json(
    { error: { code: "IMPORT_INVALID", message: "The file has errors; nothing would be imported." }, preview },
    { status: 422 },
  );
}
