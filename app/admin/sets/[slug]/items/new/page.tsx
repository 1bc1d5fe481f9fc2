import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/server/auth";
import { setHeader } from "@/lib/server/authoring";
import { itemKindSchema } from "@/lib/schemas/authoring";
import { slugSchema } from "@/lib/schemas/question-set";
import { ItemEditor } from "../../../../_components/item-editor";
import { blankItem, conceptIds, templates } from "../editor-props";

export const metadata: Metadata = { title: "New item" };

export default async function NewItemPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ kind?: string }>;
}) {
  const slug = slugSchema.safeParse((await params).slug);
  const user = await requireAdmin(slug.success ? `/admin/sets/${slug.data}/items/new` : "/admin");
  if (!slug.success) notFound();
  const kind = itemKindSchema.catch("flashcard").parse((await searchParams).kind);
  const set = await setHeader(user, slug.data);
  if (!set) notFound();
  return (
    <>
      <p>
        <Link href={`/admin/sets/${set.slug}`}>← {set.title}</Link>
      </p>
      <h1>
        New {kind === "freeform" ? "free-form question" : kind === "scenario" ? "scenario question" : "flashcard"}
      </h1>
      <ItemEditor
        slug={set.slug}
        isNew
        item={blankItem(kind)}
        tests={[]}
        conceptIds={conceptIds}
        templates={templates}
      />
    </>
  );
}
