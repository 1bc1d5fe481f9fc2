"use client";

import Link from "next/link";
import { useActionState } from "react";
import { setStatusAction, type PublishState } from "../actions";

/** Publish / unpublish / archive buttons for one set; failing rubric tests that block publishing are listed. */
export function StatusControls({ slug, status, describedBy }: { slug: string; status: string; describedBy?: string }) {
  const [state, action, pending] = useActionState<PublishState, FormData>(setStatusAction, {});
  return (
    <div className="status-controls">
      <form action={action} className="inline-actions">
        <input type="hidden" name="slug" value={slug} />
        {status !== "published" ? (
          <button type="submit" name="status" value="published" disabled={pending} aria-describedby={describedBy}>
            Publish
          </button>
        ) : (
          <button
            type="submit"
            name="status"
            value="draft"
            className="secondary"
            disabled={pending}
            aria-describedby={describedBy}
          >
            Unpublish
          </button>
        )}
        {status === "archived" ? (
          <button
            type="submit"
            name="status"
            value="draft"
            className="secondary"
            disabled={pending}
            aria-describedby={describedBy}
          >
            Restore as draft
          </button>
        ) : null}
        {status !== "archived" ? (
          <button
            type="submit"
            name="status"
            value="archived"
            className="secondary"
            disabled={pending}
            aria-describedby={describedBy}
          >
            Archive
          </button>
        ) : null}
      </form>
      <div aria-live="polite" role="status">
        {state.message ? (
          <p className={state.ok ? "notice" : "form-error"} data-testid="status-message">
            {state.message}
          </p>
        ) : null}
        {state.failures && state.failures.length > 0 ? (
          <ul className="failures" data-testid="publish-failures">
            {state.failures.map((failure) => (
              <li key={failure.itemId}>
                <Link href={`/admin/sets/${slug}/items/${failure.itemId}`}>{failure.itemId}</Link>:
                <ul>
                  {failure.results
                    .filter((result) => !result.pass)
                    .map((result) => (
                      <li key={result.index}>
                        Sample {result.index + 1} (“{result.answer.slice(0, 60)}
                        {result.answer.length > 60 ? "…" : ""}”): {result.reason}
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
