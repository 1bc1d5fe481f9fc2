import { NextResponse } from "next/server";
import { failureResponse, guard, interviewParams } from "@/lib/server/http";
import { submitInterview } from "@/lib/server/interviews";

type Context = { params: Promise<{ id: string }> };

/** Finish: grades every answer once. Submitting again is harmless (`alreadySubmitted: true`). */
export async function POST(request: Request, context: Context) {
  const auth = await guard(request, true);
  if ("response" in auth) return auth.response;
  const params = interviewParams(await context.params);
  if (!params.ok) return params.response;
  const submitted = await submitInterview(auth.user.id, params.id, new Date());
  if (!submitted.ok) return failureResponse(submitted);
  const { ok: _ok, ...summary } = submitted;
  return NextResponse.json({ ...summary, results: `/interviews/${params.id}/results` });
}
