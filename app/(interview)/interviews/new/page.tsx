import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/server/auth";
import { listInterviewSets, runningInterviews } from "@/lib/server/interviews";
import { formatRemaining, remainingMs } from "@/lib/interview";
import { plural } from "@/lib/content/plural";
import { formatMoment } from "@/app/_components/learner-locale";
import { learnerTime } from "@/app/_components/learner-time";
import { StartForm } from "../../_components/start-form";

export const metadata: Metadata = { title: "Start a mock interview" };

export default async function NewInterviewPage() {
  const user = await requireUser("/interviews/new");
  const now = new Date();
  const [sets, running, time] = await Promise.all([
    listInterviewSets(),
    runningInterviews(user.id, now),
    learnerTime(user.id),
  ]);
  return (
    <>
      <h1>Start a mock interview</h1>
      <p className="lead">
        Free-form questions on generated cluster scenarios, one countdown for the whole interview, graded on the
        concepts you name and the order of the hops. Answers save as you type; the clock runs on the server.
      </p>
      {running.length > 0 ? (
        <div className="notice" data-testid="running-interviews">
          <p>
            <strong>Still running:</strong>
          </p>
          <ul>
            {running.map((r) => (
              <li key={r.id}>
                <Link href={`/interviews/${r.id}`}>
                  Continue {r.setTitle}, started{" "}
                  <time dateTime={r.startedAt}>{formatMoment(r.startedAt, time.locale, time.timeZone, "medium")}</time>
                </Link>{" "}
                <span className="muted">
                  ({plural(r.questions, "question")}, {formatRemaining(remainingMs(new Date(r.deadlineAt), now))} left)
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {sets.length === 0 ? (
        <p className="notice">No published question set has interview questions yet.</p>
      ) : (
        <StartForm sets={sets} />
      )}
      <p>
        <Link href="/interviews">Your past interviews</Link>
      </p>
    </>
  );
}
