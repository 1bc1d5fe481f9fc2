import { NextResponse } from "next/server";
import { prisma } from "@/lib/server/db";

export const dynamic = "force-dynamic";

export async function GET() {
  await prisma.appMeta.count();
  return NextResponse.json({ status: "ok" });
}
