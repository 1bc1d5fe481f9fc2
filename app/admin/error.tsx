"use client";

import Link from "next/link";
import { useEffect } from "react";

/** Unexpected failures in the admin area: no details on the page (they are in the server log by digest). */
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error.digest ?? "unexpected admin error");
  }, [error]);
  return (
    <div className="stack" role="alert">
      <h1>The admin page could not be shown</h1>
      <p>Nothing was half-saved: every change to a set is written in one transaction or not at all.</p>
      {error.digest ? <p className="muted">Reference: {error.digest}</p> : null}
      <p className="inline-actions">
        <button type="button" onClick={reset}>
          Try again
        </button>
        <Link href="/admin">Back to the set list</Link>
      </p>
    </div>
  );
}
