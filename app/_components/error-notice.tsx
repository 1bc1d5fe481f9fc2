"use client";

import Link from "next/link";
import { useEffect } from "react";

/**
 * What an error boundary shows for an unexpected failure: no details on the page (the server log has them
 * under the digest, shown here as a reference), a retry, and where to go instead.
 */
export function ErrorNotice({
  error,
  reset,
  title,
  text,
  back,
}: {
  error: Error & { digest?: string };
  reset: () => void;
  title: string;
  text: string;
  back?: { href: string; label: string };
}) {
  useEffect(() => {
    console.error(error.digest ?? "unexpected error");
  }, [error]);
  return (
    <div className="stack" role="alert">
      <h1>{title}</h1>
      <p>{text}</p>
      {error.digest ? <p className="muted">Reference: {error.digest}</p> : null}
      <p className="inline-actions">
        <button type="button" onClick={reset}>
          Try again
        </button>
        {back ? <Link href={back.href}>{back.label}</Link> : null}
      </p>
    </div>
  );
}
