import { NextResponse } from "next/server";
import { commitImport } from "@/lib/server/authoring";
import { importRequest } from "@/lib/server/authoring/routes";
import { failureResponse, statusFor } from "@/lib/server/http";

/** Imports a set all or nothing, in one transaction; a new set arrives as a draft. */
export async function POST(request: Request) {
  const input = await importRequest(request);
  if (!input.ok) return failureResponse(input);
  const result = await commitImport(input.user, input.body);
  if (!result.ok) {
    const { code, message, preview } = result;
    return NextResponse.json({ error: { code, message }, preview }, { status: statusFor(code) });
  }
  return NextResponse.json({ imported: result }, { status: 201 });
}
