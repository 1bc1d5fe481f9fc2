import { NextResponse } from "next/server";
import { adminFromRequest } from "@/lib/server/http";
import { listAllSets } from "@/lib/server/catalog";

/** Every question set with status and counts (admins only). */
export async function GET() {
  const auth = await adminFromRequest();
  if ("response" in auth) return auth.response;
  return NextResponse.json({ sets: await listAllSets() });
}
