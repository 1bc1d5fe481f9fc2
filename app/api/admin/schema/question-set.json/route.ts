import { NextResponse } from "next/server";
import { adminFromRequest } from "@/lib/server/http";
import { questionSetJsonSchema } from "@/lib/content";

/** The JSON import format as a JSON Schema, for editors (e.g. VS Code's `json.schemas`). */
export async function GET() {
  const auth = await adminFromRequest();
  if ("response" in auth) return auth.response;
  return NextResponse.json(questionSetJsonSchema(), { headers: { "content-type": "application/schema+json" } });
}
