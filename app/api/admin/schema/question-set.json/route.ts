import { NextResponse } from "next/server";
import { questionSetJsonSchema } from "@/lib/content";
import { adminFromRequest, failureResponse } from "@/lib/server/http";

/** The JSON import format as a JSON Schema, for editors (e.g. VS Code's `json.schemas`). */
export async function GET(request: Request) {
  const auth = await adminFromRequest(request, { mutation: false });
  if (!auth.ok) return failureResponse(auth);
  return NextResponse.json(questionSetJsonSchema(), { headers: { "content-type": "application/schema+json" } });
}
