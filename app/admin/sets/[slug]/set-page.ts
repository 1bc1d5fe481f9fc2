import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/server/auth";
import { setHeader } from "@/lib/server/authoring";
import { slugSchema } from "@/lib/schemas/question-set";

/**
 * An admin page about one set (`/admin/sets/<slug><subpath>`): the admin (an anonymous visitor signs in and
 * comes back here) and the set's header; a slug that cannot be a set, or no such set, is the 404 page.
 */
export async function adminSetPage(params: Promise<{ slug: string }>, subpath: string) {
  const slug = slugSchema.safeParse((await params).slug);
  const user = await requireAdmin(slug.success ? `/admin/sets/${slug.data}${subpath}` : "/admin");
  if (!slug.success) notFound();
  const set = await setHeader(user, slug.data);
  if (!set) notFound();
  return { user, set };
}
