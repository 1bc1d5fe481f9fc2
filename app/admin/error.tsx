"use client";

import { ErrorNotice } from "@/app/_components/error-notice";

/** Unexpected failures in the admin area: no details on the page (they are in the server log by digest). */
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorNotice
      error={error}
      reset={reset}
      title="The admin page could not be shown"
      text="Nothing was half-saved: every change to a set is written in one transaction or not at all."
      back={{ href: "/admin", label: "Back to the set list" }}
    />
  );
}
