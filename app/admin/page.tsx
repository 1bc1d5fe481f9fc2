import { plural } from "@/lib/content/plural";
import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/lib/server/auth";
import { adminSetList } from "@/lib/server/authoring";
import { adminOverview } from "@/lib/server/catalog";
import { pendingClaimCount } from "@/lib/server/interviews";
import { ScrollRegion } from "@/app/_components/scroll-region";
import { StatusControls } from "./_components/status-controls";

export const metadata: Metadata = { title: "Admin" };

const EXPORTS = [
  ["markdown", "Markdown"],
  ["json", "JSON"],
  ["csv", "CSV"],
  ["anki", "Anki TSV"],
] as const;

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  // checked again here: layouts and pages render in parallel, so a page never relies on its layout alone
  const user = await requireAdmin("/admin");
  const [sets, overview, claims, params] = await Promise.all([
    adminSetList(user),
    adminOverview(),
    pendingClaimCount(user),
    searchParams,
  ]);
  return (
    <>
      <h1>Admin</h1>
      <p className="muted">
        {overview.users} accounts ({plural(overview.admins, "admin")}) · {overview.reviews} reviews recorded
      </p>
      {params.deleted ? (
        <p className="notice" role="status">
          The set was deleted.
        </p>
      ) : null}
      <nav aria-label="Admin">
        <p>
          <Link href="/admin/claims" data-testid="claims-link">
            Grade claims to review ({claims})
          </Link>
        </p>
      </nav>
      <h2>Question sets</h2>
      <p className="inline-actions">
        <Link className="button" href="/admin/sets/new">
          New set
        </Link>
        <Link className="button secondary" href="/admin/import">
          Import a set
        </Link>
      </p>
      <ScrollRegion label="Question sets">
        <table data-testid="admin-sets">
          <caption className="visually-hidden">Every question set with its status, item counts and actions</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">Flashcards</th>
              <th scope="col">Free-form</th>
              <th scope="col">Scenario</th>
              <th scope="col">Learner cards</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {sets.map((set) => (
              <tr key={set.id} data-testid={`set-row-${set.slug}`}>
                <td id={`title-${set.slug}`}>
                  <Link href={`/admin/sets/${set.slug}`}>{set.title}</Link>
                  <br />
                  <code className="muted">{set.slug}</code>
                </td>
                <td>
                  <span className={`badge ${set.status}`}>{set.status}</span>
                </td>
                <td>{set.version}</td>
                <td>{set.counts.flashcard}</td>
                <td>{set.counts.freeform}</td>
                <td>{set.counts.scenario}</td>
                <td>{set.learners}</td>
                <td>
                  <div className="inline-actions">
                    <Link href={`/admin/sets/${set.slug}`} aria-describedby={`title-${set.slug}`}>
                      Edit
                    </Link>
                    <Link href={`/sets/${set.slug}`} aria-describedby={`title-${set.slug}`}>
                      Preview
                    </Link>
                    <Link href={`/admin/sets/${set.slug}/delete`} aria-describedby={`title-${set.slug}`}>
                      Delete
                    </Link>
                  </div>
                  <p className="inline-actions">
                    Export:
                    {EXPORTS.map(([format, label]) => (
                      <a
                        key={format}
                        href={`/api/admin/sets/${set.slug}/export?format=${format}`}
                        download
                        aria-describedby={`title-${set.slug}`}
                      >
                        {label}
                      </a>
                    ))}
                  </p>
                  <StatusControls slug={set.slug} status={set.status} describedBy={`title-${set.slug}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
