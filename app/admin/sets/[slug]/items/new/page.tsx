import type { Metadata } from "next";
import { BackLink } from "@/app/_components/back-link";
import { adminSetPage } from "../../set-page";
import { itemFormValues, itemKindSchema } from "@/lib/schemas/authoring";
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
  const { set } = await adminSetPage(params, "/items/new");
  const kind = itemKindSchema.catch("flashcard").parse((await searchParams).kind);
  return (
    <>
      <BackLink href={`/admin/sets/${set.slug}`}>{set.title}</BackLink>
      <h1>
        New {kind === "freeform" ? "free-form question" : kind === "scenario" ? "scenario question" : "flashcard"}
      </h1>
      <ItemEditor
        slug={set.slug}
        isNew
        kind={kind}
        values={itemFormValues(blankItem(kind))}
        tests={[]}
        conceptIds={conceptIds}
        templates={templates}
      />
    </>
  );
}
