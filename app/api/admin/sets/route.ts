import { NextResponse } from "next/server";
import { listAllSets } from "@/lib/server/catalog";
import { adminFromRequest, failureResponse } from "@/lib/server/http";

/** Every question set with status and counts (admins only). */
export async function GET(request: Request) {
  const auth = await adminFromRequest(request, { mutation: false });
  if (!auth.ok) return failureResponse(auth);
  return NextResponse.json({ sets: await listAllSets() });
}
