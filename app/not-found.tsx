import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/app/_components/page-title";

/** For an address no route matches, Next.js takes the title from here (see PageTitle for the others). */
export const metadata: Metadata = { title: "404 · Page not found" };

export default function NotFound() {
  return (
    <div className="stack">
      <PageTitle>404 · Page not found</PageTitle>
      <h1>404 · Page not found</h1>
      <p>There is nothing at this address. It may have moved, or the set may not be published.</p>
      <p>
        <Link href="/sets">Browse the question sets</Link> or go <Link href="/">home</Link>.
      </p>
    </div>
  );
}
