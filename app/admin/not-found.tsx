import Link from "next/link";
import { PageTitle } from "@/app/_components/page-title";

export default function AdminNotFound() {
  return (
    <div className="stack">
      <PageTitle>404 · No such set or item</PageTitle>
      <h1>No such set or item</h1>
      <p>It may have been deleted, or the address is mistyped.</p>
      <p>
        <Link href="/admin">Back to the set list</Link>
      </p>
    </div>
  );
}
