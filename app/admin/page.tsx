import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/lib/server/auth";
import { adminOverview, listAllSets } from "@/lib/server/catalog";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  // checked again here: layouts and pages render in parallel, so a page never relies on its layout alone
  await requireAdmin("/admin");
  const [sets, overview] = await Promise.all([listAllSets(), adminOverview()]);
  return (
    <>
      <h1>Admin</h1>
      <p className="muted">
        {overview.users} accounts ({overview.admins} admin{overview.admins === 1 ? "" : "s"}) · {overview.reviews}{" "}
        reviews recorded
      </p>
      <h2>Question sets</h2>
      <table>
        <caption className="visually-hidden">Every question set with its status and item counts</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Version</th>
            <th scope="col">Flashcards</th>
            <th scope="col">Free-form</th>
            <th scope="col">Scenario</th>
          </tr>
        </thead>
        <tbody>
          {sets.map((set) => (
            <tr key={set.id}>
              <td>
                <Link href={`/sets/${set.slug}`}>{set.title}</Link>
              </td>
              <td>
                <span className={`badge ${set.status}`}>{set.status}</span>
              </td>
              <td>{set.version}</td>
              <td>{set.counts.flashcard}</td>
              <td>{set.counts.freeform}</td>
              <td>{set.counts.scenario}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
