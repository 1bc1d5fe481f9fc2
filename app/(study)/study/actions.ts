"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/server/auth";
import { studyMoreToday } from "@/lib/server/study";
import { slugSchema } from "@/lib/schemas/question-set";

/**
 * "Study more today" on the done screen: today's new-card limit goes up (studyMoreToday) and the set's next
 * card follows. A plain form post, so it works before the page's script has loaded. (Ratings and undo go
 * through /api/study/ratings and /api/study/undo, from the study screen's outbox.)
 */
export async function studyMoreAction(form: FormData): Promise<void> {
  const parsed = slugSchema.safeParse(form.get("slug"));
  if (!parsed.success) redirect("/sets");
  const slug = parsed.data;
  const user = await requireUser(`/study/${slug}`);
  const result = await studyMoreToday(user, slug, new Date());
  redirect(result.ok ? `/study/${slug}` : "/sets");
}
