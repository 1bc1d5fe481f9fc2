import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/server/auth";
import { studyStats } from "@/lib/server/study";
import { describeStudyTime } from "@/lib/srs/index";
import { plural } from "@/lib/content/plural";
import { headers } from "next/headers";
import { formatStudyDay, localeFromAcceptLanguage } from "@/app/_components/learner-locale";
import { ForecastChart, HeatMap, RetentionChart, StateChart } from "./_components/charts";
import styles from "../study.module.css";

export const metadata: Metadata = { title: "Statistics" };

export default async function StatsPage() {
  const user = await requireUser("/stats");
  const stats = await studyStats(user, new Date());
  const passed = stats.today.reviews - stats.today.again;
  const locale = localeFromAcceptLanguage((await headers()).get("accept-language"));
  const named = <T extends { day: string }>(days: readonly T[]) =>
    days.map((d) => ({
      ...d,
      label: formatStudyDay(d.day, locale, "short"),
      name: formatStudyDay(d.day, locale, "medium"),
    }));
  return (
    <>
      <h1>Statistics</h1>
      <p>
        <Link href="/sets">Study a set</Link> · <Link href="/cram">Cram for an interview</Link> ·{" "}
        <Link href="/settings">Study settings</Link>
      </p>
      <div className={styles.statsGrid}>
        <section className="card" aria-labelledby="today-title">
          <h2 id="today-title">Today</h2>
          <p>
            <span className={styles.big} data-testid="reviews-today">
              {stats.today.reviews}
            </span>{" "}
            {stats.today.reviews === 1 ? "review" : "reviews"}
            {stats.today.reviews > 0 ? ` in ${describeStudyTime(stats.today.durationMs)}` : ""}
          </p>
          <p className="muted">
            {stats.today.reviews > 0
              ? `${passed} passed, ${stats.today.again} rated Again (${Math.round((passed / stats.today.reviews) * 100)}% correct).`
              : "No reviews yet today."}
            {stats.today.cram > 0 ? ` Plus ${plural(stats.today.cram, "cram review")}.` : ""}{" "}
            {plural(stats.totalReviews, "review")} in all.
          </p>
        </section>
        <section className="card" aria-labelledby="states-title">
          <h2 id="states-title">Cards by state</h2>
          <StateChart data={stats.states} />
        </section>
      </div>
      <section className="card" aria-labelledby="forecast-title" style={{ marginTop: "1rem" }}>
        <h2 id="forecast-title">Due forecast</h2>
        <ForecastChart data={named(stats.forecast)} />
      </section>
      <section className="card" aria-labelledby="retention-title" style={{ marginTop: "1rem" }}>
        <h2 id="retention-title">Retention</h2>
        <p className="muted">Share of each day&rsquo;s first reviews (of cards studied before) not rated Again.</p>
        <RetentionChart data={named(stats.retention)} />
      </section>
      <section className="card" aria-labelledby="heatmap-title" style={{ marginTop: "1rem" }}>
        <h2 id="heatmap-title">Review calendar</h2>
        <HeatMap data={named(stats.heatmap)} />
      </section>
    </>
  );
}
