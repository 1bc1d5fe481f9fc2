import { NextResponse } from "next/server";
import { takeView } from "@/lib/server/interviews";
import { interviewRoute } from "@/lib/server/interviews/routes";

type Context = { params: Promise<{ id: string }> };

/** The interview as the take page sees it: questions, answers, flags, deadline and the server's clock. */
export function GET(request: Request, context: Context) {
  return interviewRoute(request, context.params, { mutation: false }, async (user, { id }) => {
    const view = await takeView(user.id, id, new Date());
    return view.ok ? NextResponse.json(view.view, { headers: { "Cache-Control": "no-store" } }) : view;
  });
}
