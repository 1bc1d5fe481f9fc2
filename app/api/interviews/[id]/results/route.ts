import { NextResponse } from "next/server";
import { resultsView } from "@/lib/server/interviews";
import { interviewRoute } from "@/lib/server/interviews/routes";

type Context = { params: Promise<{ id: string }> };

/** Graded results (409 NOT_SUBMITTED while the interview runs): scores, grades, model answers, traces. */
export function GET(request: Request, context: Context) {
  return interviewRoute(request, context.params, { mutation: false }, async (user, { id }) => {
    const results = await resultsView(user.id, id, new Date());
    return results.ok ? NextResponse.json(results.view) : results;
  });
}
