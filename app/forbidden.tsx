import Link from "next/link";
import { PageTitle } from "@/app/_components/page-title";

export default function Forbidden() {
  return (
    <div className="stack">
      <PageTitle>403 · Not allowed</PageTitle>
      <h1>403 · Not allowed</h1>
      <p>This page needs an admin account. You are signed in as a learner.</p>
      <p>
        <Link href="/">Back to the home page</Link>
      </p>
    </div>
  );
}
