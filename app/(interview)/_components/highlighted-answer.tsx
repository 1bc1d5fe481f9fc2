import type { AnswerSegment } from "@/lib/server/interviews-scoring";

/**
 * The learner's answer with the grader's evidence spans marked. Every piece is a React text node (never
 * HTML), so whatever the learner typed is shown, not interpreted. The kind of each mark is also written out
 * for screen readers, so colour is not the only signal.
 */
export function HighlightedAnswer({ segments }: { segments: readonly AnswerSegment[] }) {
  const empty = segments.every((s) => s.text.trim().length === 0);
  if (empty) return <p className="muted">(no answer)</p>;
  return (
    <pre className="answer-text" data-testid="highlighted-answer">
      {segments.map((segment, index) =>
        segment.mark === null ? (
          <span key={index}>{segment.text}</span>
        ) : (
          <mark key={index} className={segment.mark.kind} title={segment.mark.label}>
            <span className="visually-hidden">
              {segment.mark.kind === "concept" ? "[matched: " : "[misconception: "}
              {segment.mark.label}]{" "}
            </span>
            {segment.text}
          </mark>
        ),
      )}
    </pre>
  );
}
