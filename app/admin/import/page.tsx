import type { Metadata } from "next";
import { BackLink } from "@/app/_components/back-link";
import { requireAdmin } from "@/lib/server/auth";
import { ImportForm } from "../_components/import-form";

export const metadata: Metadata = { title: "Import a question set" };

export default async function ImportPage() {
  await requireAdmin("/admin/import");
  return (
    <>
      <BackLink href="/admin">Admin</BackLink>
      <h1>Import a question set</h1>
      <div className="stack">
        <p>
          <strong>Markdown</strong> in the Interview Series post format: front matter (<code>title</code>, optional{" "}
          <code>slug</code>, <code>description</code>, <code>tags</code>), then one <code>## heading</code> per question
          with its answer below. <code>{"{#id}"}</code> at the end of a heading fixes the item’s id (otherwise it is the
          heading’s slug); <code>```rubric</code> blocks make a free-form question; <code>```item</code> blocks set
          tags, kind and scenario options.
        </p>
        <p>
          <strong>JSON</strong> follows the question-set schema (
          <a href="/api/admin/schema/question-set.json">JSON Schema for editors</a>). <strong>CSV/TSV</strong>: columns
          front, back, tags (space-separated), optional id; Anki’s <code>#separator</code>/<code>#columns</code> headers
          are understood.
        </p>
        <p className="muted">
          Nothing is written until you confirm, and then all or nothing. A new set arrives as a draft.
        </p>
      </div>
      <ImportForm />
    </>
  );
}
