"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** "I was right": records (or withdraws) a claim that the grader missed this concept, then re-renders. */
export function OverrideButton(props: {
  interviewId: string;
  position: number;
  conceptId: string;
  conceptLabel: string;
  overridden: boolean;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState("");
  async function toggle() {
    setPending(true);
    setError("");
    try {
      const response = await fetch(
        `/api/interviews/${props.interviewId}/questions/${props.position}/overrides/${encodeURIComponent(props.conceptId)}`,
        { method: props.overridden ? "DELETE" : "PUT" },
      );
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        setError(body.error?.message ?? "The override could not be saved.");
      } else router.refresh();
    } catch {
      setError("The server could not be reached.");
    } finally {
      setPending(false);
    }
  }
  return (
    <span>
      <button
        type="button"
        className="secondary"
        aria-pressed={props.overridden}
        aria-label={`${props.overridden ? "Withdraw “I was right” for" : "I was right about"}: ${props.conceptLabel}`}
        disabled={pending}
        onClick={() => void toggle()}
      >
        {props.overridden ? "Withdraw “I was right”" : "I was right"}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {" "}
          {error}
        </span>
      ) : null}
    </span>
  );
}
