import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/server/auth";
import { takeView } from "@/lib/server/interviews";
import { interviewIdSchema } from "@/lib/schemas/interview";
import { MAX_ANSWER_CHARS } from "@/lib/grade";
import { learnerTime } from "@/app/_components/learner-time";
import { InterviewRunner } from "../../_components/interview-runner";

export const metadata: Metadata = { title: "Mock interview" };

type Params = Promise<{ id: string }>;

export default async function TakeInterviewPage({ params }: { params: Params }) {
  const { id } = await params;
  const user = await requireUser(`/interviews/${encodeURIComponent(id)}`);
  const parsed = interviewIdSchema.safeParse(id);
  if (!parsed.success) notFound();
  // An expired interview is submitted by this very request (the "next request touching it" rule).
  const [result, time] = await Promise.all([takeView(user.id, parsed.data, new Date()), learnerTime(user.id)]);
  if (!result.ok) notFound();
  const view = result.view;
  if (view.status === "submitted") redirect(`/interviews/${view.id}/results`);
  return (
    <>
      <h1>Mock interview: {view.setTitle}</h1>
      <InterviewRunner {...view} answerLimit={MAX_ANSWER_CHARS} time={time} />
    </>
  );
}
