import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/server/auth";
import { setHeader } from "@/lib/server/authoring";
import { slugSchema } from "@/lib/schemas/question-set";
import { DeleteForm } from "../../../_components/delete-form";

export const metadata: Metadata = { title: "Delete question set" };

export default async function DeleteSetPage({ params }: { params: Promise<{ slug: string }> }) {
  const slug = slugSchema.safeParse((await params).slug);
  const user = await requireAdmin(slug.success ? `/admin/sets/${slug.data}/delete` : "/admin");
  if (!slug.success) notFound();
  const set = await setHeader(user, slug.data);
  if (!set) notFound();
  return (
    <>
      <p>
        <Link href={`/admin/sets/${set.slug}`}>← {set.title}</Link>
      </p>
      <h1>Delete “{set.title}”?</h1>
      <p>
        Deleting removes the set, its items and versions for good. It is refused while learners have cards or interviews
        from it: <strong>archive</strong> it instead, which hides it from learners and keeps their history.
      </p>
      <DeleteForm slug={set.slug} />
    </>
  );
}
