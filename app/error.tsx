"use client";

import { ErrorNotice } from "./_components/error-notice";

/** Unexpected failures land here; the details stay in the server log (digest), never on the page. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorNotice
      error={error}
      reset={reset}
      title="Something went wrong"
      text="The page could not be shown. Nothing you saved was lost."
    />
  );
}
