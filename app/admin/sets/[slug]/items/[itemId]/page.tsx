import type { Metadata } from "next";
import { BackLink } from "@/app/_components/back-link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/server/auth";
import { editorItem } from "@/lib/server/authoring";
import { itemFormValues } from "@/lib/schemas/authoring";
import { itemIdSchema, slugSchema } from "@/lib/schemas/question-set";
import { ItemEditor } from "../../../../_components/item-editor";
import { conceptIds, templates } from "../editor-props";

export const metadata: Metadata = { title: "Edit item" };

export default async function EditItemPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; itemId: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const raw = await params;
  const slug = slugSchema.safeParse(raw.slug);
  const itemId = itemIdSchema.safeParse(raw.itemId);
  const user = await requireAdmin(
    slug.success && itemId.success ? `/admin/sets/${slug.data}/items/${itemId.data}` : "/admin",
  );
  if (!slug.success || !itemId.success) notFound();
  const found = await editorItem(user, slug.data, itemId.data);
  if (!found) notFound();
  const created = (await searchParams).created;
  return (
    <>
      <BackLink href={`/admin/sets/${found.set.slug}`}>{found.set.title}</BackLink>
      <h1>
        Edit <code>{found.item.id}</code>
      </h1>
      {created ? (
        <p className="notice" role="status">
          Item added.
        </p>
      ) : null}
      {Object.keys(found.fieldErrors).length > 0 ? (
        <p className="form-error" role="alert" data-testid="stored-problems">
          This item was saved before the current limits on Markdown: learners see the marked fields as plain text. Fix
          them and save.
        </p>
      ) : null}
      {found.set.status === "published" ? (
        <p className="notice">This set is published: saving creates a new version; learners keep their progress.</p>
      ) : null}
      <ItemEditor
        key={found.item.id}
        slug={found.set.slug}
        isNew={false}
        kind={found.item.kind}
        values={itemFormValues(found.item)}
        tests={found.tests}
        conceptIds={conceptIds}
        templates={templates}
        storedErrors={Object.keys(found.fieldErrors).length > 0 ? found.fieldErrors : undefined}
      />
    </>
  );
}
