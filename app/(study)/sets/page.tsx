import { plural } from "@/lib/content/plural";
import type { Metadata } from "next";
import Link from "next/link";
import { listPublishedSets } from "@/lib/server/catalog";
import { currentUser } from "@/lib/server/auth";
import { setCounts } from "@/lib/server/study";
import { QueueCounts } from "../_components/queue-counts";
import styles from "../study.module.css";

export const metadata: Metadata = { title: "Question sets" };

export default async function SetsPage() {
  const sets = await listPublishedSets();
  const user = await currentUser();
  const counts = user ? await setCounts(user, sets, new Date()) : null;
  return (
    <>
      <h1>Question sets</h1>
      {sets.length === 0 ? (
        <p>No question set is published yet.</p>
      ) : (
        <ul className="grid" aria-label="Published question sets">
          {sets.map((set) => (
            <li key={set.id} className="card">
              <h2>
                <Link href={`/sets/${set.slug}`}>{set.title}</Link>
              </h2>
              <p className="muted">
                {plural(set.counts.flashcard, "flashcard")} · {plural(set.counts.freeform, "free-form question")}
                {set.counts.scenario > 0 ? ` · ${plural(set.counts.scenario, "scenario question")}` : ""}
              </p>
              {counts ? (
                <div className={styles.setActions}>
                  <QueueCounts
                    counts={counts.get(set.id) ?? { newCards: 0, learning: 0, due: 0 }}
                    label={`Cards left today in ${set.title}`}
                  />
                  <Link href={`/study/${set.slug}`} className="button" aria-label={`Study ${set.title}`}>
                    Study
                  </Link>
                </div>
              ) : (
                <p>
                  <Link href={`/sign-in?next=${encodeURIComponent(`/study/${set.slug}`)}`}>Sign in to study</Link>
                </p>
              )}
              <p>
                {set.tags.map((tag) => (
                  <span key={tag} className="badge">
                    {tag}
                  </span>
                ))}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
