import { PathDiagram } from "@/app/_components/path-diagram";
import type { ResultConcept, ResultQuestion as Question } from "@/lib/server/interviews";
import { HighlightedAnswer } from "./highlighted-answer";
import { OverrideButton } from "./override-button";

const STATUS_TEXT: Record<ResultConcept["status"], string> = {
  found: "✓ Found",
  partial: "◐ Partly right",
  mentioned: "◌ Only named",
  denied: "✗ Denied",
  missing: "✗ Missing",
};

function statusClass(c: ResultConcept): string {
  if (c.outOfOrder) return "out-of-order";
  return c.status === "found" ? "found" : c.status === "missing" || c.status === "denied" ? "missing" : "partial";
}

function ClaimState({ concept }: { concept: ResultConcept }) {
  const claim = concept.claim;
  if (claim === null) return null;
  if (claim.status === "pending")
    return (
      <p className="muted" data-testid="claim-pending">
        You claimed “{claim.phrase}” says this; a reviewer has not looked at it yet, so the score is unchanged.
      </p>
    );
  if (claim.status === "accepted")
    return (
      <p data-testid="claim-accepted">
        A reviewer accepted your claim (“{claim.phrase}”): the answer was regraded with it.
      </p>
    );
  return (
    <p data-testid="claim-rejected">
      A reviewer rejected your claim (“{claim.phrase}”): {claim.reviewReason}
    </p>
  );
}

function Checklist({ q, interviewId }: { q: Question; interviewId: string }) {
  const corrections = q.grade?.corrections ?? [];
  return (
    <ul className="checklist" data-testid="checklist">
      {q.concepts.map((c) => {
        const fixes = corrections.filter((k) => k.concept === c.id);
        return (
          <li key={c.id} data-testid={`concept-${c.id}`}>
            <span className={`concept-status ${statusClass(c)}`}>
              {STATUS_TEXT[c.status]}
              {c.outOfOrder ? " ↕ out of order" : ""}
            </span>
            <div>
              {c.label}
              {c.required ? "" : <span className="muted"> (optional)</span>}
              {fixes.map((k, i) => (
                <p key={i} className="correction" data-testid="correction">
                  You wrote “{k.evidence.text}” ({k.said}); in this scenario: <strong>{k.right}</strong>.{" "}
                  {k.explanation}
                </p>
              ))}
              {c.status !== "found" && fixes.length === 0 && c.hint ? <p className="muted">{c.hint}</p> : null}
              <ClaimState concept={c} />
            </div>
            {c.claimable || c.claim?.status === "pending" ? (
              <OverrideButton
                interviewId={interviewId}
                position={q.position}
                conceptId={c.id}
                conceptLabel={c.label}
                pending={c.claim?.status === "pending"}
              />
            ) : (
              <span />
            )}
          </li>
        );
      })}
    </ul>
  );
}

function OrderComparison({ q }: { q: Question }) {
  const order = q.order;
  if (order === null || order.truth.length === 0) return null;
  return (
    <section aria-label={`Order of question ${q.position}`} data-testid="order">
      <h3>Order</h3>
      <div className="order-columns">
        <div>
          <h4>Your order</h4>
          <ol data-testid="learner-order">
            {order.learner.map((s) => (
              <li key={s.id}>{s.label}</li>
            ))}
          </ol>
          {order.learner.length === 0 ? <p className="muted">No step of the path was stated.</p> : null}
        </div>
        <div>
          <h4>The order it happens</h4>
          <ol data-testid="true-order">
            {order.truth.map((s) => (
              <li key={s.id}>{s.label}</li>
            ))}
          </ol>
        </div>
      </div>
      {order.misplaced.length > 0 ? (
        <ul data-testid="order-flags">
          {order.misplaced.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      ) : order.learner.length > 1 ? (
        <p data-testid="order-ok">The steps you stated are in the order they happen.</p>
      ) : null}
    </section>
  );
}

function pathCaption(q: Question): string {
  const path = q.path;
  if (path === null) return "";
  if (path.backendPod === null) return `Question ${q.position}: the path of this request`;
  const where = `pod ${path.backendPod}${path.backendNode ? ` on node ${path.backendNode}` : ""}`;
  const kind = path.crossNode ? "a cross-node path" : "a same-node path";
  return `Question ${q.position}: the path your answer describes, to ${where} (${kind}; ${path.index + 1} of ${path.of} valid paths)`;
}

/** One question's results: score, corrections, order, answer, model answer and the path diagram. */
export function ResultQuestionSection({ q, interviewId, open }: { q: Question; interviewId: string; open: boolean }) {
  const grade = q.grade;
  return (
    <section
      className="card stack"
      id={`question-${q.position}`}
      aria-labelledby={`q${q.position}-heading`}
      data-testid="result-question"
    >
      <h2 id={`q${q.position}-heading`}>
        Question {q.position}: {Math.round(q.score)} / 100
        {grade ? <span className={`verdict ${grade.verdict}`}> {grade.verdict}</span> : null}
      </h2>
      {grade !== null && Math.round(q.score) !== Math.round(grade.score) ? (
        <p data-testid="claims-score">
          The grader gave {Math.round(grade.score)}; with the claims a reviewer accepted, {Math.round(q.score)}.
        </p>
      ) : null}
      <details>
        <summary>The question</summary>
        <div className="markdown" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
      </details>
      <details open={open} data-testid="checklist-section">
        <summary>Concepts, corrections and order</summary>
        {grade === null ? (
          <p className="notice">This answer could not be graded (its scenario no longer validates).</p>
        ) : (
          <>
            <Checklist q={q} interviewId={interviewId} />
            <OrderComparison q={q} />
            {grade.misconceptions.length > 0 ? (
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
          </>
        )}
      </details>
      <details open={open}>
        <summary>Your answer, with what was matched</summary>
        <HighlightedAnswer segments={q.segments} />
      </details>
      {grade ? (
        <details>
          <summary>How the score was calculated</summary>
          <p>
            Coverage {grade.calculation.coverage.foundWeight} of {grade.calculation.coverage.totalWeight} weight (
            {grade.calculation.coverage.value}); order {grade.calculation.order.inOrder} of{" "}
            {grade.calculation.order.mentioned} in order ({grade.calculation.order.value}); penalty{" "}
            {grade.calculation.penalty}.
          </p>
          <p>
            <code>{grade.calculation.formula}</code>
          </p>
          <p className="muted">{grade.calculation.verdictRule}</p>
        </details>
      ) : null}
      <details>
        <summary>Model answer for this scenario</summary>
        {q.generated ? (
          <p className="muted">Written from the simulated trace of this question&apos;s generated cluster.</p>
        ) : null}
        <div className="markdown" dangerouslySetInnerHTML={{ __html: q.modelAnswerHtml }} />
      </details>
      <details open={open} data-testid="diagram-section">
        <summary>The path, with your answer overlaid</summary>
        {q.trace && q.path ? (
          <>
            <p data-testid="path-caption">{pathCaption(q)}</p>
            {q.path.reason ? <p className="muted">{q.path.reason}</p> : null}
            <div data-testid="path-diagram">
              <PathDiagram
                trace={q.trace}
                marks={new Map(q.marks)}
                caption={`${pathCaption(q)}; ✓ stated, ↕ out of order, ✗ missing`}
              />
            </div>
          </>
        ) : (
          <p className="notice">The scenario of this question can no longer be simulated.</p>
        )}
      </details>
    </section>
  );
}
