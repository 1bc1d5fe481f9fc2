import type { AnswerSegment } from "@/lib/interview";

/**
 * The learner's answer with the grader's evidence spans marked. Every piece is a React text node (never
 * HTML), so whatever the learner typed is shown, not interpreted. The text stays exactly the answer (it can
 * be copied); what each mark stands for is in its title, in the checklist and in the misconception list, and
 * the two kinds differ by underline style as well as colour.
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
          <mark
            key={index}
            className={segment.mark.kind}
            title={`${segment.mark.kind === "concept" ? "Matched" : "Misconception"}: ${segment.mark.label}`}
          >
            {segment.text}
          </mark>
        ),
      )}
    </pre>
  );
}
