"use client";

import { useActionState } from "react";
import { setStatusAction, type PublishState } from "../actions";
import { RubricFailureList } from "./rubric-failures";

/** The status changes a set in `status` offers, as buttons. */
function transitionsFrom(status: string): { to: string; label: string; primary?: boolean }[] {
  return [
    status !== "published" ? { to: "published", label: "Publish", primary: true } : { to: "draft", label: "Unpublish" },
    ...(status === "archived" ? [{ to: "draft", label: "Restore as draft" }] : [{ to: "archived", label: "Archive" }]),
  ];
}

/** Publish / unpublish / archive buttons for one set; failing rubric tests that block publishing are listed. */
export function StatusControls({ slug, status, describedBy }: { slug: string; status: string; describedBy?: string }) {
  const [state, action, pending] = useActionState<PublishState, FormData>(setStatusAction, {});
  return (
    <div className="status-controls">
      <form action={action} className="inline-actions">
        <input type="hidden" name="slug" value={slug} />
        {transitionsFrom(status).map(({ to, label, primary }) => (
          <button
            key={label}
            type="submit"
            name="status"
            value={to}
            className={primary ? undefined : "secondary"}
            disabled={pending}
            aria-describedby={describedBy}
          >
            {label}
          </button>
        ))}
      </form>
      <div aria-live="polite" role="status">
        {state.message ? (
          <p className={state.ok ? "notice" : "form-error"} data-testid="status-message">
            {state.message}
          </p>
        ) : null}
        {state.failures && state.failures.length > 0 ? (
          <RubricFailureList failures={state.failures} slug={slug} testId="publish-failures" />
        ) : null}
      </div>
    </div>
  );
}
