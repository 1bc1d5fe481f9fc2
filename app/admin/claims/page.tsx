import type { Metadata } from "next";
import Link from "next/link";
import { plural } from "@/lib/content";
import { requireAdmin } from "@/lib/server/auth";
import { claimQueue, type QueuedClaim } from "@/lib/server/interviews";
import { ClaimReviewForms } from "../_components/claim-review-forms";

export const metadata: Metadata = { title: "Grade claims" };

/** Characters of the answer shown on each side of the claimed phrase; the whole answer is one click away. */
const CONTEXT_CHARS = 160;

/** The part of the answer around the phrase, so the reviewer reads the claim where it was written. */
function excerpt(answer: string, phrase: string): { before: string; match: string; after: string } {
  const at = answer.toLowerCase().indexOf(phrase.toLowerCase());
  if (phrase.length === 0 || at < 0) {
    const head = answer.slice(0, 2 * CONTEXT_CHARS);
    return { before: head + (head.length < answer.length ? "…" : ""), match: "", after: "" };
  }
  const start = Math.max(0, at - CONTEXT_CHARS);
  const end = Math.min(answer.length, at + phrase.length + CONTEXT_CHARS);
  return {
    before: (start > 0 ? "…" : "") + answer.slice(start, at),
    match: answer.slice(at, at + phrase.length),
    after: answer.slice(at + phrase.length, end) + (end < answer.length ? "…" : ""),
  };
}

function Claim({ claim }: { readonly claim: QueuedClaim }) {
  const part = excerpt(claim.answer, claim.phrase);
  return (
    <li className="card stack" data-testid="pending-claim" aria-labelledby={`claim-${claim.id}`}>
      <h3 id={`claim-${claim.id}`}>
        {claim.conceptLabel} <span className="muted">· {claim.setTitle}</span>
      </h3>
      <p className="muted">
        {claim.learner}, question {claim.position}, claimed {claim.createdAt.slice(0, 10)}
      </p>
      <dl>
        <dt>The grader said</dt>
        <dd data-testid="grader-reason">{claim.graderReason || "missing"}</dd>
        <dt>The answer, around the claimed words</dt>
        <dd>
          <blockquote data-testid="answer-excerpt">
            {part.before}
            {part.match ? <mark>{part.match}</mark> : null}
            {part.after}
          </blockquote>
          <details>
            <summary>The whole answer</summary>
            <p className="answer-text">{claim.answer}</p>
          </details>
        </dd>
      </dl>
      <ClaimReviewForms claimId={claim.id} phrase={claim.phrase} />
    </li>
  );
}

export default async function ClaimsPage() {
  // checked again here: layouts and pages render in parallel, so a page never relies on its layout alone
  const user = await requireAdmin("/admin/claims");
  const { pending, reviewed } = await claimQueue(user);
  return (
    <>
      <p>
        <Link href="/admin">← Admin</Link>
      </p>
      <h1>Grade claims</h1>
      <p className="muted">
        Learners say the grader missed a concept their answer states. A claim changes no score until you accept it: the
        phrase then becomes a synonym of the concept for the set, and every graded answer of the set with it is
        regraded. A rejection shows the learner your reason.
      </p>
      <h2>Waiting for review ({pending.length})</h2>
      {pending.length === 0 ? (
        <p className="notice" role="status" data-testid="no-claims">
          No claims wait for review.
        </p>
      ) : (
        <ul className="claim-list stack">
          {pending.map((claim) => (
            <Claim key={claim.id} claim={claim} />
          ))}
        </ul>
      )}
      {reviewed.length > 0 ? (
        <>
          <h2>Recently reviewed ({plural(reviewed.length, "claim")})</h2>
          <ul data-testid="reviewed-claims">
            {reviewed.map((claim) => (
              <li key={claim.id}>
                <strong>{claim.status === "accepted" ? "Accepted" : "Rejected"}</strong>: {claim.conceptLabel} (
                {claim.setTitle}), “{claim.phrase}”{claim.reviewReason ? <> — {claim.reviewReason}</> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
