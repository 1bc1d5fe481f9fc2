"use client";

import { useEffect } from "react";

/** Unexpected failures land here; the details stay in the server log (digest), never on the page. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error.digest ?? "unexpected error");
  }, [error]);
  return (
    <div className="stack" role="alert">
      <h1>Something went wrong</h1>
      <p>The page could not be shown. Nothing you saved was lost.</p>
      {error.digest ? <p className="muted">Reference: {error.digest}</p> : null}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
