import { NextResponse } from "next/server";
import { submitInterview } from "@/lib/server/interviews";
import { interviewRoute } from "@/lib/server/interviews/routes";

type Context = { params: Promise<{ id: string }> };

/** Finish: grades every answer once. Submitting again is harmless (`alreadySubmitted: true`). */
export function POST(request: Request, context: Context) {
  return interviewRoute(request, context.params, { mutation: true }, async (user, { id }) => {
    const submitted = await submitInterview(user.id, id, new Date());
    if (!submitted.ok) return submitted;
    const { ok: _ok, ...summary } = submitted;
    return NextResponse.json({ ...summary, results: `/interviews/${id}/results` });
  });
}
