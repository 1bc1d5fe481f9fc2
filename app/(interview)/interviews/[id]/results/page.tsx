import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/app/_components/back-link";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/server/auth";
import { resultsView } from "@/lib/server/interviews";
import { formatRemaining } from "@/lib/interview";
import { interviewIdSchema } from "@/lib/schemas/interview";
import { ResultQuestionSection } from "../../../_components/result-question";

export const metadata: Metadata = { title: "Interview results" };

type Params = Promise<{ id: string }>;

export default async function InterviewResultsPage({ params }: { params: Params }) {
  const { id } = await params;
  const user = await requireUser(`/interviews/${encodeURIComponent(id)}/results`);
  const parsed = interviewIdSchema.safeParse(id);
  if (!parsed.success) notFound();
  const result = await resultsView(user.id, parsed.data, new Date());
  if (!result.ok) {
    if (result.code === "NOT_SUBMITTED") redirect(`/interviews/${parsed.data}`);
    notFound();
  }
  const view = result.view;
  return (
    <>
      <BackLink href="/interviews">All your interviews</BackLink>
      <h1>Results: {view.setTitle}</h1>
      <section className="card stack" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Total</h2>
        <p>
          <span className="score-big" data-testid="total-score">
            {Math.round(view.score)} / 100
          </span>{" "}
          <span className={`verdict ${view.verdict}`} data-testid="verdict">
            {view.verdict}
          </span>
        </p>
        <ul data-testid="question-scores">
          {view.questions.map((q) => (
            <li key={q.id}>
              <a href={`#question-${q.position}`}>Question {q.position}</a>: {Math.round(q.score)} / 100
            </li>
          ))}
        </ul>
        {view.fixes.length > 0 ? (
          <>
            <h3>The most useful fixes</h3>
            <ol data-testid="top-fixes">
              {view.fixes.map((f, i) => (
                <li key={i}>
                  {f.text}{" "}
                  <span className="muted">
                    (question {f.position}, up to {Math.round(f.gain)} points)
                  </span>
                </li>
              ))}
            </ol>
          </>
        ) : null}
        <p className="muted">
          Time used {formatRemaining(view.timeUsedSec * 1000)} of {formatRemaining(view.durationSec * 1000)}
          {view.submittedBy === "deadline" ? " · submitted automatically when time ran out" : ""} · graded by grader
          version {view.graderVersion ?? "unknown"}. The total is the mean of the question scores.
        </p>
        {view.scheduledCards.length > 0 ? (
          <div className="notice" data-testid="scheduled-cards">
            <p>
              <strong>Learning from mistakes:</strong> these flashcards are now due for review, because of the concepts
              you missed or put out of order:
            </p>
            <ul>
              {view.scheduledCards.map((card) => (
                <li key={card.itemId}>
                  {card.title} <span className="muted">(for {card.concepts.join(", ")})</span>
                </li>
              ))}
            </ul>
            <p>
              <Link href={`/study/${view.setSlug}`}>Review these flashcards now</Link>
            </p>
          </div>
        ) : view.reviewConcepts.length > 0 ? (
          <p className="notice" data-testid="no-flashcards">
            You missed or misordered: {view.reviewConcepts.join(", ")}. No flashcard in this set covers them yet, so
            none was scheduled.
            {user.role === "admin" ? (
              <>
                {" "}
                <Link href={`/admin/sets/${view.setSlug}/items/new`}>Write a flashcard for them</Link>.
              </>
            ) : null}
          </p>
        ) : (
          <p className="notice">Every required concept was stated, in order: no flashcards were scheduled.</p>
        )}
      </section>

      {view.questions.map((q) => (
        <ResultQuestionSection key={q.id} q={q} interviewId={view.id} open={view.questions.length === 1} />
      ))}
    </>
  );
}
