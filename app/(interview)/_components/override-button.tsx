"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";

/**
 * "I was right": the learner quotes the words of the answer that state the concept; the claim then waits for
 * an admin's review (it changes no score until accepted). A waiting claim can be withdrawn.
 */
export function OverrideButton(props: {
  interviewId: string;
  position: number;
  conceptId: string;
  conceptLabel: string;
  pending: boolean;
}) {
  const router = useRouter();
  const inputId = useId();
  const [open, setOpen] = useState(false);
  const [phrase, setPhrase] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const url = `/api/interviews/${props.interviewId}/questions/${props.position}/overrides/${encodeURIComponent(props.conceptId)}`;

  async function send(method: "PUT" | "DELETE") {
    setBusy(true);
    setError("");
    try {
      const response = await fetch(url, {
        method,
        headers: method === "PUT" ? { "content-type": "application/json" } : undefined,
        body: method === "PUT" ? JSON.stringify({ phrase }) : undefined,
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as {
          error?: { message?: string; fieldErrors?: Record<string, string[]> };
        };
        const field = body.error?.fieldErrors?.phrase?.[0];
        setError(field ? `The quote ${field}.` : (body.error?.message ?? "The claim could not be saved."));
      } else {
        setOpen(false);
        router.refresh();
      }
    } catch {
      setError("The server could not be reached.");
    } finally {
      setBusy(false);
    }
  }

  if (props.pending) {
    return (
      <button
        type="button"
        className="secondary"
        disabled={busy}
        aria-label={`Withdraw your claim about: ${props.conceptLabel}`}
        onClick={() => void send("DELETE")}
      >
        Withdraw claim
      </button>
    );
  }
  if (!open) {
    return (
      <button
        type="button"
        className="secondary"
        aria-label={`I was right about: ${props.conceptLabel}`}
        onClick={() => setOpen(true)}
      >
        I was right
      </button>
    );
  }
  return (
    <form
      className="claim-form"
      onSubmit={(event) => {
        event.preventDefault();
        void send("PUT");
      }}
    >
      <label htmlFor={inputId}>Quote the words of your answer that say this</label>
      <input
        id={inputId}
        name="phrase"
        value={phrase}
        maxLength={200}
        required
        onChange={(event) => setPhrase(event.target.value)}
      />
      <span className="inline-actions">
        <button type="submit" disabled={busy || phrase.trim().length === 0}>
          Send for review
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </span>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
