import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/lib/server/auth";
import { SetMetaForm } from "../../_components/set-meta-form";

export const metadata: Metadata = { title: "New question set" };

export default async function NewSetPage() {
  await requireAdmin("/admin/sets/new");
  return (
    <>
      <p>
        <Link href="/admin">← Admin</Link>
      </p>
      <h1>New question set</h1>
      <p className="muted">The set starts as a draft: learners see it once you publish it.</p>
      <SetMetaForm mode="create" values={{ title: "", description: "", tags: [], interviewMinutes: 20 }} />
    </>
  );
}
