import type { Metadata } from "next";
import Link from "next/link";

/** The tab names what happened, not the page that was asked for. */
export const metadata: Metadata = { title: "404 · No such set or item" };

export default function AdminNotFound() {
  return (
    <div className="stack">
      <h1>No such set or item</h1>
      <p>It may have been deleted, or the address is mistyped.</p>
      <p>
        <Link href="/admin">Back to the set list</Link>
      </p>
    </div>
  );
}
