import Link from "next/link";
import type { RubricTestFailure } from "@/lib/content";

/**
 * The questions whose rubric tests fail, each failing sample with why (what the grader missed, put out of
 * order or found wrong). Publishing and an import's preview show the same list; items that exist link to
 * their editor, items of a file name their line.
 */
export function RubricFailureList({
  failures,
  slug,
  lines,
  testId,
}: {
  readonly failures: readonly RubricTestFailure[];
  /** link each question to its editor in this set */
  readonly slug?: string;
  /** each question's line in the imported file */
  readonly lines?: Readonly<Record<string, number>>;
  readonly testId: string;
}) {
  return (
    <ul className="failures" data-testid={testId}>
      {failures.map((failure) => {
        const line = lines?.[failure.itemId];
        return (
          <li key={failure.itemId}>
            {slug ? (
              <Link href={`/admin/sets/${slug}/items/${failure.itemId}`}>{failure.itemId}</Link>
            ) : (
              <code>{failure.itemId}</code>
            )}
            {line ? `, line ${line}` : ""}:{" "}
            <ul>
              {failure.results
                .filter((result) => !result.pass)
                .map((result) => (
                  <li key={result.index}>
                    Sample {result.index + 1} (“{result.answer.slice(0, 60)}
                    {result.answer.length > 60 ? "…" : ""}”): {result.reason}
                  </li>
                ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}
