import Link from "next/link";
import { plural } from "@/lib/content/plural";
import type { StudyDone } from "@/lib/server/study";
import { studyMoreAction } from "../study/actions";

function formatWhen(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

/**
 * What the study screen shows when no card is left for today. When a daily limit is what stops, it says so,
 * with the cards that wait, and offers what Anki offers: study more today (new cards) and the settings.
 */
export function DoneForToday({ slug, done, timeZone }: { slug: string; done: StudyDone; timeZone: string }) {
  const newLimitReached = done.newWaiting > 0;
  const reviewLimitReached = done.reviewsWaiting > 0;
  const title = newLimitReached
    ? "Today's new-card limit is reached"
    : reviewLimitReached
      ? "Today's review limit is reached"
      : "Done for today";
  return (
    <section className="card stack" aria-labelledby="done-title" data-testid="done">
      <h2 id="done-title">{title}</h2>
      {newLimitReached ? (
        <p data-testid="new-limit">
          {done.newLimit === 0
            ? "Your settings allow no new cards a day."
            : `Today's limit of ${plural(done.newLimit, "new card")} is used up (it counts across all your sets).`}{" "}
          <strong data-testid="new-waiting">{plural(done.newWaiting, "new card")}</strong>{" "}
          {done.newWaiting === 1 ? "waits" : "wait"} in this set.
        </p>
      ) : null}
      {reviewLimitReached ? (
        <p data-testid="review-limit">
          <strong>{plural(done.reviewsWaiting, "review")}</strong> due today in this set{" "}
          {done.reviewsWaiting === 1 ? "waits" : "wait"}: today&rsquo;s review limit is used up.
        </p>
      ) : null}
      {!newLimitReached && !reviewLimitReached ? <p>You have studied every card this set has for you today.</p> : null}
      {newLimitReached ? (
        <form action={studyMoreAction}>
          <input type="hidden" name="slug" value={slug} />
          <button type="submit">Study {plural(done.raiseBy, "more new card")} today</button>
        </form>
      ) : null}
      {newLimitReached || reviewLimitReached ? (
        <p>
          To change the daily limits for every day, open <Link href="/settings">Study settings</Link>.
        </p>
      ) : null}
      <ul>
        <li>
          Tomorrow: <strong data-testid="tomorrow-count">{done.tomorrow}</strong>{" "}
          {done.tomorrow === 1 ? "card" : "cards"}
        </li>
        {done.nextDue || (!newLimitReached && !reviewLimitReached) ? (
          <li>
            Next card due: <strong>{done.nextDue ? formatWhen(done.nextDue, timeZone) : "none scheduled"}</strong>
          </li>
        ) : null}
      </ul>
      <p>
        <Link href="/sets">Back to the question sets</Link> · <Link href="/stats">Statistics</Link> ·{" "}
        <Link href="/cram">Cram for an interview</Link>
      </p>
    </section>
  );
}
