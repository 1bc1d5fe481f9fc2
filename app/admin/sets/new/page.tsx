import type { Metadata } from "next";
import { BackLink } from "@/app/_components/back-link";
import { requireAdmin } from "@/lib/server/auth";
import { SetMetaForm } from "../../_components/set-meta-form";

export const metadata: Metadata = { title: "New question set" };

export default async function NewSetPage() {
  await requireAdmin("/admin/sets/new");
  return (
    <>
      <BackLink href="/admin">Admin</BackLink>
      <h1>New question set</h1>
      <p className="muted">The set starts as a draft: learners see it once you publish it.</p>
      <SetMetaForm mode="create" values={{ title: "", description: "", tags: [], interviewMinutes: 20 }} />
    </>
  );
}
