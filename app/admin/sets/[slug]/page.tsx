import { plural } from "@/lib/content/plural";
import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/app/_components/back-link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/server/auth";
import { setEditorView } from "@/lib/server/authoring";
import { slugSchema } from "@/lib/schemas/question-set";
import { ItemControls } from "../../_components/item-controls";
import { SetMetaForm } from "../../_components/set-meta-form";
import { StatusControls } from "../../_components/status-controls";

export const metadata: Metadata = { title: "Edit question set" };

const KIND_LABEL: Record<string, string> = {
  flashcard: "Flashcard",
  freeform: "Free-form question",
  scenario: "Scenario question",
};

const EXPORTS = [
  ["markdown", "Markdown"],
  ["json", "JSON"],
  ["csv", "CSV"],
  ["tsv", "TSV"],
  ["anki", "Anki TSV (HTML)"],
] as const;

export default async function EditSetPage({ params }: { params: Promise<{ slug: string }> }) {
  const slug = slugSchema.safeParse((await params).slug);
  const user = await requireAdmin(slug.success ? `/admin/sets/${slug.data}` : "/admin");
  if (!slug.success) notFound();
  const view = await setEditorView(user, slug.data);
  if (!view) notFound();
  return (
    <>
      <BackLink href="/admin">Admin</BackLink>
      <h1>{view.title}</h1>
      <p className="inline-actions">
        <span className={`badge ${view.status}`} data-testid="set-status">
          {view.status}
        </span>
        <span>version {view.version}</span>
        <code className="muted">{view.slug}</code>
        <Link href={`/sets/${view.slug}`}>Preview as learners see it</Link>
        <Link href={`/admin/sets/${view.slug}/delete`}>Delete…</Link>
      </p>
      {view.failingTests > 0 ? (
        <p className="form-error" data-testid="failing-tests">
          {plural(view.failingTests, "rubric test")} failing: publishing is blocked until they pass.
        </p>
      ) : null}
      {view.problems.length > 0 ? (
        <div className="form-error" role="alert" data-testid="stored-problems">
          <p>
            Saved before the current limits on Markdown, so learners see these texts as plain text; saving and
            publishing are refused until they are fixed:
          </p>
          <ul>
            {view.problems.map((problem, index) => (
              <li key={index}>
                {problem.itemId ? (
                  <Link href={`/admin/sets/${view.slug}/items/${problem.itemId}`}>{problem.message}</Link>
                ) : (
                  problem.message
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <StatusControls slug={view.slug} status={view.status} />
      <p className="inline-actions">
        Export:
        {EXPORTS.map(([format, label]) => (
          <a key={format} href={`/api/admin/sets/${view.slug}/export?format=${format}`} download>
            {label}
          </a>
        ))}
      </p>

      <h2>Items ({view.items.length})</h2>
      <p className="inline-actions">
        <Link className="button secondary" href={`/admin/sets/${view.slug}/items/new?kind=flashcard`}>
          Add a flashcard
        </Link>
        <Link className="button secondary" href={`/admin/sets/${view.slug}/items/new?kind=freeform`}>
          Add a free-form question
        </Link>
        <Link className="button secondary" href={`/admin/sets/${view.slug}/items/new?kind=scenario`}>
          Add a scenario question
        </Link>
      </p>
      {view.retiredCount > 0 ? (
        <p className="muted">
          {view.retiredCount} removed item{view.retiredCount === 1 ? " is" : "s are"} kept for learners’ history.
        </p>
      ) : null}
      <ol className="admin-items stack" aria-label="Items in order">
        {view.items.map(({ item, frontHtml, rubricTests }, index) => {
          const failing = rubricTests.filter((test) => !test.pass).length;
          return (
            <li key={item.id} className="card stack" data-testid="admin-item">
              <div className="item-head">
                <span className="badge">{KIND_LABEL[item.kind] ?? item.kind}</span>
                <code>{item.id}</code>
                {item.kind === "freeform" ? (
                  <span className={failing > 0 ? "form-error" : "muted"}>
                    {rubricTests.length === 0
                      ? "no rubric tests"
                      : failing > 0
                        ? `${failing} of ${rubricTests.length} rubric tests failing`
                        : `${rubricTests.length} rubric tests pass`}
                  </span>
                ) : null}
                <Link href={`/admin/sets/${view.slug}/items/${item.id}`}>
                  Edit<span className="visually-hidden"> {item.id}</span>
                </Link>
              </div>
              <div className="markdown" dangerouslySetInnerHTML={{ __html: frontHtml }} />
              <ItemControls
                slug={view.slug}
                itemId={item.id}
                first={index === 0}
                last={index === view.items.length - 1}
              />
            </li>
          );
        })}
      </ol>

      <h2>Set details</h2>
      <SetMetaForm
        mode="edit"
        values={{
          slug: view.slug,
          title: view.title,
          description: view.description,
          tags: view.tags,
          interviewMinutes: view.interviewMinutes,
        }}
      />

      <h2>Versions</h2>
      {view.versions.length === 0 ? (
        <p className="muted">Not published yet.</p>
      ) : (
        <ul>
          {view.versions.map((version) => (
            <li key={version.version}>
              Version {version.version}, published {version.createdAt.slice(0, 16).replace("T", " ")} UTC
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
