import { NextResponse } from "next/server";
import { queueQuerySchema } from "@/lib/schemas/study";
import { errorSummary, fieldErrorsOf } from "@/lib/schemas/field-errors";
import { failure } from "@/lib/schemas/failure";
import { failureResponse, learnerFromRequest } from "@/lib/server/http";
import { cramSnapshot, studySnapshot } from "@/lib/server/study";

/**
 * The study screen's queue: `?set=<slug>` → a set's snapshot (counts, allowance, scheduler settings, the first
 * cards of each queue with their FSRS state and faces); `?sets=<slug>&sets=…&date=YYYY-MM-DD` → a cram
 * session's. 404 for a set that is not published.
 */
export async function GET(request: Request) {
  const auth = await learnerFromRequest(request, { mutation: false });
  if (!auth.ok) return failureResponse(auth);
  const params = new URL(request.url).searchParams;
  const query = queueQuerySchema.safeParse(
    params.has("sets") ? { sets: params.getAll("sets"), date: params.get("date") ?? "" } : { set: params.get("set") },
  );
  if (!query.success) {
    const errors = fieldErrorsOf(query.error);
    return failureResponse(failure("INVALID_REQUEST", `Invalid request: ${errorSummary(errors)}`, errors));
  }
  const now = new Date();
  if ("set" in query.data) {
    const snapshot = await studySnapshot(auth.user, query.data.set, now);
    if (!snapshot) return failureResponse(failure("NOT_FOUND", "No published set has that name."));
    return NextResponse.json(snapshot, { headers: { "Cache-Control": "no-store" } });
  }
  const cram = await cramSnapshot(auth.user, query.data, now);
  if (!cram.ok) return failureResponse(cram);
  return NextResponse.json(cram.snapshot, { headers: { "Cache-Control": "no-store" } });
}
