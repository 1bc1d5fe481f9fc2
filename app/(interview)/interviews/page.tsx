import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/server/auth";
import { historyView, type HistoryEntry } from "@/lib/server/interviews";
import { formatRemaining } from "@/lib/interview";
import { ScrollRegion } from "@/app/_components/scroll-region";
import { formatMoment, zoneLabel } from "@/app/_components/learner-locale";
import { learnerTime } from "@/app/_components/learner-time";
import { TrendChart } from "../_components/trend-chart";

export const metadata: Metadata = { title: "Your mock interviews" };

export default async function InterviewHistoryPage() {
  const user = await requireUser("/interviews");
  const [history, time] = await Promise.all([historyView(user.id, new Date()), learnerTime(user.id)]);
  const bySet = new Map<string, { title: string; entries: HistoryEntry[] }>();
  for (const entry of history) {
    if (entry.status !== "submitted" || entry.score === null) continue;
    const group = bySet.get(entry.setSlug) ?? { title: entry.setTitle, entries: [] };
    group.entries.push(entry);
    bySet.set(entry.setSlug, group);
  }
  return (
    <>
      <h1>Your mock interviews</h1>
      <p>
        <Link href="/interviews/new" className="button">
          Start a mock interview
        </Link>
      </p>
      {history.length === 0 ? (
        <p className="notice">No interviews yet. Start one to see your scores here.</p>
      ) : (
        <>
          <h2>Trend per question set</h2>
          <div className="grid">
            {[...bySet.entries()].map(([slug, group]) => (
              <figure key={slug} className="card">
                <figcaption>
                  <strong>{group.title}</strong>
                </figcaption>
                <TrendChart
                  title={group.title}
                  points={group.entries.map((e) => ({
                    at: e.startedAt,
                    label: formatMoment(e.startedAt, time.locale, time.timeZone, "day"),
                    name: formatMoment(e.startedAt, time.locale, time.timeZone, "long"),
                    score: Math.round(e.score ?? 0),
                  }))}
                />
              </figure>
            ))}
          </div>
          <h2>All interviews</h2>
          <ScrollRegion label="Past interviews">
            <table>
              <caption className="visually-hidden">Past interviews, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started ({zoneLabel(time.timeZone)})</th>
                  <th scope="col">Question set</th>
                  <th scope="col">Questions</th>
                  <th scope="col">Score</th>
                  <th scope="col">Time used</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {history.map((entry) => (
                  <tr key={entry.id} data-testid="history-row">
                    <td>
                      <time dateTime={entry.startedAt}>
                        {formatMoment(entry.startedAt, time.locale, time.timeZone, "long")}
                      </time>
                    </td>
                    <td>{entry.setTitle}</td>
                    <td>{entry.questions}</td>
                    <td>
                      {entry.score === null ? "—" : `${Math.round(entry.score)} / 100`}
                      {entry.verdict ? <span className={`verdict ${entry.verdict}`}> {entry.verdict}</span> : null}
                    </td>
                    <td>
                      {entry.timeUsedSec === null
                        ? "in progress"
                        : `${formatRemaining(entry.timeUsedSec * 1000)} of ${formatRemaining(entry.durationSec * 1000)}`}
                      {entry.submittedBy === "deadline" ? " (time ran out)" : ""}
                    </td>
                    <td>
                      {entry.status === "submitted" ? (
                        <Link href={`/interviews/${entry.id}/results`}>Results</Link>
                      ) : (
                        <Link href={`/interviews/${entry.id}`}>Continue</Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </>
  );
}
