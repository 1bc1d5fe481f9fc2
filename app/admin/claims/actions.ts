"use server";

import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { requireAdmin } from "@/lib/server/auth";
import { acceptClaim, rejectClaim } from "@/lib/server/interviews";
import { fieldErrorsOf, formField } from "@/lib/schemas/field-errors";
import { postedValues, type FormState } from "@/lib/schemas/form-state";
import { acceptClaimFormSchema, rejectClaimFormSchema } from "@/lib/schemas/interview";
import { plural } from "@/lib/content";

/**
 * The review of "I was right" claims. Each action checks the admin role itself (requireAdmin: anonymous →
 * sign-in, learners → 403), validates the form with zod, then calls lib/server/interviews/claims-review.ts,
 * which accepts (synonym, regrades, claim) or rejects in one transaction.
 */

const QUEUE = "/admin/claims";

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

const fieldErrors = (error: z.ZodError) => fieldErrorsOf(error, formField);

function reviewed(): void {
  revalidatePath(QUEUE);
  revalidatePath("/admin");
  // the learner's results and history show the new grade or the reason
  revalidatePath("/interviews", "layout");
}

export async function acceptClaimAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireAdmin(QUEUE);
  const values = postedValues(form);
  const parsed = acceptClaimFormSchema.safeParse({ claimId: text(form, "claimId"), phrase: text(form, "phrase") });
  if (!parsed.success)
    return { message: "Check the highlighted field.", fieldErrors: fieldErrors(parsed.error), values };
  const result = await acceptClaim(user, parsed.data.claimId, parsed.data.phrase, new Date());
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors, values };
  reviewed();
  return { ok: true, message: `Accepted: ${plural(result.regraded, "answer")} regraded.` };
}

export async function rejectClaimAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireAdmin(QUEUE);
  const values = postedValues(form);
  const parsed = rejectClaimFormSchema.safeParse({ claimId: text(form, "claimId"), reason: text(form, "reason") });
  if (!parsed.success)
    return { message: "Check the highlighted field.", fieldErrors: fieldErrors(parsed.error), values };
  const result = await rejectClaim(user, parsed.data.claimId, parsed.data.reason, new Date());
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors, values };
  reviewed();
  return { ok: true, message: "Rejected: the learner sees your reason." };
}
