import { NextResponse } from "next/server";
import { failureResponse, guard, interviewParams } from "@/lib/server/http";
import { resultsView } from "@/lib/server/interviews";

type Context = { params: Promise<{ id: string }> };

/** Graded results (409 NOT_SUBMITTED while the interview runs): scores, grades, model answers, traces. */
export async function GET(request: Request, context: Context) {
  const auth = await guard(request, false);
  if ("response" in auth) return auth.response;
  const params = interviewParams(await context.params);
  if (!params.ok) return params.response;
  const results = await resultsView(auth.user.id, params.id, new Date());
  if (!results.ok) return failureResponse(results);
  return NextResponse.json(results.view);
}
