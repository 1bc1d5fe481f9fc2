import { NextResponse } from "next/server";
import { commitImport, importBody } from "@/lib/server/authoring";
import { adminFromRequest, failureResponse, statusFor } from "@/lib/server/http";

/** Imports a set all or nothing, in one transaction; a new set arrives as a draft. */
export async function POST(request: Request) {
  const auth = await adminFromRequest(request, { mutation: true });
  if (!auth.ok) return failureResponse(auth);
  const body = await importBody(request);
  if (!body.ok) return failureResponse(body);
  const result = await commitImport(auth.user, body.body);
  if (!result.ok) {
    const { code, message, preview } = result;
    return NextResponse.json({ error: { code, message }, preview }, { status: statusFor(code) });
  }
  return NextResponse.json({ imported: result }, { status: 201 });
}
