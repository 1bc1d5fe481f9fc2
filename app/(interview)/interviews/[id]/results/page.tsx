import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/app/_components/back-link";
import { notFound, redirect } from "next/navigation";
import { PathDiagram } from "@/app/_components/path-diagram";
import { requireUser } from "@/lib/server/auth";
import { resultsView, type ResultConcept } from "@/lib/server/interviews";
import { formatRemaining } from "@/lib/interview";
import { interviewIdSchema } from "@/lib/schemas/interview";
import { HighlightedAnswer } from "../../../_components/highlighted-answer";
import { OverrideButton } from "../../../_components/override-button";

export const metadata: Metadata = { title: "Interview results" };

type Params = Promise<{ id: string }>;

const STATUS_TEXT: Record<ResultConcept["status"], string> = {
  found: "✓ Found",
  missing: "✗ Missing",
  "out-of-order": "↕ Out of order",
};

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
  const overridden = view.overriddenScore !== view.score;
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
        {overridden ? (
          <p data-testid="overridden-total">
            Original score {Math.round(view.score)}; with your “I was right” claims {view.overriddenScore}.
          </p>
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
        ) : (
          <p className="notice">No concept was missed or out of order: no flashcards were scheduled.</p>
        )}
      </section>

      {view.questions.map((q) => {
        const grade = q.grade;
        return (
          <section
            key={q.id}
            className="card stack"
            aria-labelledby={`q${q.position}-heading`}
            data-testid="result-question"
          >
            <h2 id={`q${q.position}-heading`}>
              Question {q.position}: {Math.round(q.score)} / 100
              {grade ? <span className={`verdict ${grade.verdict}`}> {grade.verdict}</span> : null}
            </h2>
            {q.overriddenScore !== q.score ? (
              <p data-testid="overridden-score">
                Original score {Math.round(q.score)}; with your claims {q.overriddenScore}.
              </p>
            ) : null}
            <details>
              <summary>The question</summary>
              <div className="markdown" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
            </details>

            <h3>Concept checklist</h3>
            {grade === null ? (
              <p className="notice">This answer could not be graded (its scenario no longer validates).</p>
            ) : (
              <ul className="checklist" data-testid="checklist">
                {q.concepts.map((c) => (
                  <li key={c.id}>
                    <span className={`concept-status ${c.status}`}>{STATUS_TEXT[c.status]}</span>
                    <span>
                      {c.label}
                      {c.required ? "" : <span className="muted"> (optional)</span>}
                      {c.overridden ? <strong> · you claimed it</strong> : null}
                    </span>
                    {c.overridable ? (
                      <OverrideButton
                        interviewId={view.id}
                        position={q.position}
                        conceptId={c.id}
                        conceptLabel={c.label}
                        overridden={c.overridden}
                      />
                    ) : null}
                  </li>
                ))}
              </ul>
            )}

            <h3>Your answer</h3>
            <HighlightedAnswer segments={q.segments} />

            {grade && grade.misconceptions.length > 0 ? (
              <>
                <h3>Misconceptions</h3>
                <ul data-testid="misconceptions">
                  {grade.misconceptions.map((m) => (
                    <li key={m.id}>
                      <strong>{m.label}</strong>: you wrote “{m.evidence.text}”. {m.explanation}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}

            {grade && grade.feedback.length > 0 ? (
              <>
                <h3>What to add next</h3>
                <ul data-testid="feedback">
                  {grade.feedback.map((f, i) => (
                    <li key={i}>{f}</li>
                  ))}
                </ul>
              </>
            ) : null}

            {grade ? (
              <details>
                <summary>How the score was calculated</summary>
                <p>
                  Coverage {grade.calculation.coverage.foundWeight} of {grade.calculation.coverage.totalWeight} weight (
                  {grade.calculation.coverage.value}); order {grade.calculation.order.inOrder} of{" "}
                  {grade.calculation.order.mentioned} in order ({grade.calculation.order.value}); misconception penalty{" "}
                  {grade.calculation.penalty}.
                </p>
                <p>
                  <code>{grade.calculation.formula}</code>
                </p>
                <p className="muted">{grade.calculation.verdictRule}</p>
              </details>
            ) : null}

            <h3>Model answer for this scenario</h3>
            {q.generated ? (
              <p className="muted">Written from the simulated trace of this question&apos;s generated cluster.</p>
            ) : null}
            <div className="markdown" dangerouslySetInnerHTML={{ __html: q.modelAnswerHtml }} />

            <h3>The correct path, with your order overlaid</h3>
            {q.trace ? (
              <div data-testid="path-diagram">
                <PathDiagram
                  trace={q.trace}
                  marks={new Map(q.marks)}
                  caption={`Question ${q.position}: the correct path; ✓ mentioned, ↕ out of order, ✗ missing`}
                />
              </div>
            ) : (
              <p className="notice">The scenario of this question can no longer be simulated.</p>
            )}
          </section>
        );
      })}
    </>
  );
}
