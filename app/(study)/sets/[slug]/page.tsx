import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/app/_components/back-link";
import { notFound } from "next/navigation";
import { currentUser } from "@/lib/server/auth";
import { getSetView } from "@/lib/server/catalog";
import { slugSchema } from "@/lib/schemas/question-set";

type Params = Promise<{ slug: string }>;

const KIND_LABEL: Record<string, string> = {
  flashcard: "Flashcard",
  freeform: "Free-form question",
  scenario: "Scenario question",
};

async function load(params: Params) {
  const { slug } = await params;
  const parsed = slugSchema.safeParse(slug);
  if (!parsed.success) notFound();
  const view = await getSetView(parsed.data, await currentUser());
  if (!view) notFound();
  return view;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const view = await load(params);
  return { title: view.summary.title };
}

export default async function SetPage({ params }: { params: Params }) {
  const view = await load(params);
  return (
    <>
      <BackLink href="/sets">All question sets</BackLink>
      <h1>{view.summary.title}</h1>
      {view.summary.status === "published" ? (
        <p>
          <Link href={`/study/${view.summary.slug}`} className="button">
            Study this set
          </Link>
        </p>
      ) : null}
      {view.summary.status !== "published" ? (
        <p className={`badge ${view.summary.status}`}>{view.summary.status}</p>
      ) : null}
      <div className="markdown lead" dangerouslySetInnerHTML={{ __html: view.descriptionHtml }} />
      <h2>{view.items.length} questions</h2>
      <ol className="stack" aria-label="Questions in this set">
        {view.items.map((item) => (
          <li key={item.id} className="card" data-testid="set-item">
            <p className="badge">{KIND_LABEL[item.kind] ?? item.kind}</p>
            <div className="markdown" dangerouslySetInnerHTML={{ __html: item.frontHtml }} />
            <details className="item">
              <summary>{item.kind === "freeform" ? "Model answer" : "Answer"}</summary>
              <div className="markdown" dangerouslySetInnerHTML={{ __html: item.backHtml }} />
            </details>
          </li>
        ))}
      </ol>
    </>
  );
}
