import { NextResponse } from "next/server";
import { adminMutation, commitImport, importBody } from "@/lib/server/authoring";

/** Imports a set all or nothing, in one transaction; a new set arrives as a draft. */
export async function POST(request: Request) {
  const auth = await adminMutation(request);
  if ("response" in auth) return auth.response;
  const body = await importBody(request);
  if ("response" in body) return body.response;
  const result = await commitImport(auth.user, body.body);
  if (!result.ok)
    return NextResponse.json(
      { error: { code: "IMPORT_INVALID", message: "Nothing was imported." }, preview: result.preview },
      { status: 422 },
    );
  return NextResponse.json({ imported: result }, { status: 201 });
}
