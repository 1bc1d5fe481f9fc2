import { NextResponse } from "next/server";
import { startInterviewSchema } from "@/lib/schemas/interview";
import { failureResponse, learnerFromRequest, readBody } from "@/lib/server/http";
import { historyView, listInterviewSets, startInterview } from "@/lib/server/interviews";

/** The signed-in learner's interviews (newest first) and the sets an interview can be started on. */
export async function GET(request: Request) {
  const auth = await learnerFromRequest(request, { mutation: false });
  if (!auth.ok) return failureResponse(auth);
  const [interviews, sets] = await Promise.all([historyView(auth.user.id, new Date()), listInterviewSets()]);
  return NextResponse.json({ interviews, sets });
}

/** Starts an interview: `{ set: slug, questions: 1–10, minutes: 5–60 }` → 201 `{ id, url }`. */
export async function POST(request: Request) {
  const auth = await learnerFromRequest(request, { mutation: true });
  if (!auth.ok) return failureResponse(auth);
  const body = await readBody(request, startInterviewSchema);
  if (!body.ok) return failureResponse(body);
  const started = await startInterview(auth.user.id, body.value, new Date());
  if (!started.ok) return failureResponse(started);
  return NextResponse.json(
    { id: started.id, url: `/interviews/${started.id}` },
    { status: 201, headers: { Location: `/api/interviews/${started.id}` } },
  );
}
