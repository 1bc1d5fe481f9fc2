"use client";

import { useActionState } from "react";
import { Field, TextAreaField } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { textValue, type FormState } from "@/lib/schemas/form-state";
import { MAX_CLAIM_PHRASE_CHARS, MAX_REVIEW_REASON_CHARS } from "@/lib/schemas/interview";
import { acceptClaimAction, rejectClaimAction } from "../claims/actions";

/** Accept (with the phrase to add as a synonym, trimmable) or reject (with a reason) one pending claim. */
export function ClaimReviewForms({ claimId, phrase }: { readonly claimId: string; readonly phrase: string }) {
  const [accepted, accept, accepting] = useActionState<FormState, FormData>(acceptClaimAction, {});
  const [rejected, reject, rejecting] = useActionState<FormState, FormData>(rejectClaimAction, {});
  const busy = accepting || rejecting;
  return (
    <div className="claim-review">
      <form action={accept} className="stack" noValidate data-testid="accept-claim">
        <input type="hidden" name="claimId" value={claimId} />
        <Field
          id={`phrase-${claimId}`}
          name="phrase"
          label="Synonym to add to the set's rubric"
          hint="Trim it to the words that state the concept; it must stay in the answer."
          defaultValue={accepted.values ? textValue(accepted.values, "phrase") : phrase}
          maxLength={MAX_CLAIM_PHRASE_CHARS}
          required
          errors={accepted.fieldErrors?.phrase}
        />
        <FormMessage message={accepted.message} ok={accepted.ok} />
        <button type="submit" disabled={busy}>
          {accepting ? "Accepting and regrading…" : "Accept and regrade"}
        </button>
      </form>
      <form action={reject} className="stack" noValidate data-testid="reject-claim">
        <input type="hidden" name="claimId" value={claimId} />
        <TextAreaField
          id={`reason-${claimId}`}
          name="reason"
          label="Reason for rejecting (the learner reads it)"
          rows={2}
          maxLength={MAX_REVIEW_REASON_CHARS}
          required
          defaultValue={rejected.values ? textValue(rejected.values, "reason") : ""}
          errors={rejected.fieldErrors?.reason}
        />
        <FormMessage message={rejected.message} ok={rejected.ok} />
        <button type="submit" className="secondary" disabled={busy}>
          {rejecting ? "Rejecting…" : "Reject"}
        </button>
      </form>
    </div>
  );
}
