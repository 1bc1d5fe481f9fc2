import { NextResponse } from "next/server";
import { failureResponse, guard, interviewParams } from "@/lib/server/http";
import { takeView } from "@/lib/server/interviews";

type Context = { params: Promise<{ id: string }> };

/** The interview as the take page sees it: questions, answers, flags, deadline and the server's clock. */
export async function GET(request: Request, context: Context) {
  const auth = await guard(request, false);
  if ("response" in auth) return auth.response;
  const params = interviewParams(await context.params);
  if (!params.ok) return params.response;
  const view = await takeView(auth.user.id, params.id, new Date());
  if (!view.ok) return failureResponse(view);
  return NextResponse.json(view.view, { headers: { "Cache-Control": "no-store" } });
}
