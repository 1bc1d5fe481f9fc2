import { NextResponse } from "next/server";
import { checkDatabase } from "@/lib/server/db";

export const dynamic = "force-dynamic";

export async function GET() {
  await checkDatabase();
  return NextResponse.json({ status: "ok" });
}
