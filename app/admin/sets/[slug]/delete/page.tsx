import type { Metadata } from "next";
import { BackLink } from "@/app/_components/back-link";
import { adminSetPage } from "../set-page";
import { DeleteForm } from "../../../_components/delete-form";

export const metadata: Metadata = { title: "Delete question set" };

export default async function DeleteSetPage({ params }: { params: Promise<{ slug: string }> }) {
  const { set } = await adminSetPage(params, "/delete");
  return (
    <>
      <BackLink href={`/admin/sets/${set.slug}`}>{set.title}</BackLink>
      <h1>Delete “{set.title}”?</h1>
      <p>
        Deleting removes the set, its items and versions for good. It is refused while learners have cards or interviews
        from it: <strong>archive</strong> it instead, which hides it from learners and keeps their history.
      </p>
      <DeleteForm slug={set.slug} />
    </>
  );
}
