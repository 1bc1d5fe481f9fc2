"use server";

import { redirect } from "next/navigation";
import { currentUser, requireUser } from "@/lib/server/auth";
import { rateCard, studyMoreToday, undoLastRating } from "@/lib/server/study";
import { slugSchema } from "@/lib/schemas/question-set";
import { rateActionSchema, undoActionSchema, type StudyReturn } from "@/lib/schemas/study";

export type StudyActionResult =
  | { readonly ok: true; readonly duplicate: boolean }
  | {
      readonly ok: false;
      readonly message: string;
      /** the card moved on (rated in another tab): the client reloads the screen */
      readonly stale?: boolean;
    };

function returnPath(back: StudyReturn, cardId?: string): string {
  if (back.mode === "set") {
    return `/study/${back.slug}${cardId ? `?card=${encodeURIComponent(cardId)}` : ""}`;
  }
  const params = new URLSearchParams();
  for (const set of back.sets) params.append("sets", set);
  params.set("date", back.date);
  return `/cram?${params.toString()}`;
}

/**
 * Records a rating (one transaction, idempotent by key). It answers as soon as the rating is stored; the
 * client then loads the next card (router refresh), so a slow render never holds up the submit.
 */
export async function rateAction(input: unknown): Promise<StudyActionResult> {
  const user = await currentUser();
  if (!user) return { ok: false, message: "Your session has ended: sign in again to keep studying." };
  const parsed = rateActionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "That rating could not be read. Reload the page and try again." };
  const result = await rateCard(user, parsed.data.rating, new Date());
  if (!result.ok) return { ok: false, message: result.message, stale: result.code === "STALE" };
  return { ok: true, duplicate: result.duplicate };
}

/** Undoes the last rating (ts-fsrs rollback, log deleted) and shows that card again. */
export async function undoAction(input: unknown): Promise<StudyActionResult> {
  const user = await currentUser();
  if (!user) return { ok: false, message: "Your session has ended: sign in again to keep studying." };
  const parsed = undoActionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "That request could not be read." };
  const source = parsed.data.back.mode === "cram" ? "cram" : "flashcard";
  const result = await undoLastRating(user, source, parsed.data.back.mode === "set" ? parsed.data.back.slug : null);
  if (!result.ok) return { ok: false, message: result.message };
  redirect(returnPath(parsed.data.back, source === "flashcard" ? result.cardId : undefined));
}

/**
 * "Study more today" on the done screen: today's new-card limit goes up (studyMoreToday) and the set's next
 * card follows. A plain form post, so it works before the page's script has loaded.
 */
export async function studyMoreAction(form: FormData): Promise<void> {
  const parsed = slugSchema.safeParse(form.get("slug"));
  if (!parsed.success) redirect("/sets");
  const slug = parsed.data;
  const user = await requireUser(`/study/${slug}`);
  const result = await studyMoreToday(user, slug, new Date());
  redirect(result.ok ? `/study/${slug}` : "/sets");
}
