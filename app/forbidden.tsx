import type { Metadata } from "next";
import Link from "next/link";

/** The tab names what happened, not the page that was asked for. */
export const metadata: Metadata = { title: "403 · Not allowed" };

export default function Forbidden() {
  return (
    <div className="stack">
      <h1>403 · Not allowed</h1>
      <p>This page needs an admin account. You are signed in as a learner.</p>
      <p>
        <Link href="/">Back to the home page</Link>
      </p>
    </div>
  );
}
