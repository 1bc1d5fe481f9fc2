import type { Metadata } from "next";
import { headers } from "next/headers";
import { formatStudyDay, localeFromAcceptLanguage } from "@/app/_components/learner-locale";
import { BackLink } from "@/app/_components/back-link";
import { errorAttributes, Field, FieldError } from "@/app/_components/field";
import { requireUser } from "@/lib/server/auth";
import { listPublishedSets } from "@/lib/server/catalog";
import { cramSnapshot } from "@/lib/server/study";
import { StudyScreen } from "../_components/study-screen";

export const metadata: Metadata = { title: "Cram" };

type SearchParams = Promise<{ sets?: string | string[]; date?: string | string[] }>;

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(",")).filter(Boolean);
}

export default async function CramPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("/cram");
  const params = await searchParams;
  const chosen = list(params.sets);
  const date = typeof params.date === "string" ? params.date : "";
  const asked = chosen.length > 0 || date !== "";
  const result = asked ? await cramSnapshot(user, { sets: chosen, date }, new Date()) : null;
  const locale = localeFromAcceptLanguage((await headers()).get("accept-language"));

  if (result?.ok) {
    const { snapshot } = result;
    return (
      <>
        <BackLink href="/cram">Change sets or date</BackLink>
        <h1>
          Cram for your interview on <time dateTime={snapshot.date}>{formatStudyDay(snapshot.date, locale)}</time>
        </h1>
        <StudyScreen snapshot={snapshot} userId={user.id} />
      </>
    );
  }

  const sets = await listPublishedSets();
  const errors = (result && !result.ok ? result.fieldErrors : undefined) ?? {};
  return (
    <>
      <h1>Cram for an interview</h1>
      <p className="lead">
        Review the cards you are most likely to have forgotten by your interview, weakest first. Cramming never moves
        your long-term schedule.
      </p>
      <form method="get" action="/cram" className="stack card" style={{ maxWidth: "32rem" }} noValidate>
        <fieldset {...errorAttributes("cram-sets", errors.sets)}>
          <legend>Question sets</legend>
          {sets.map((set) => (
            <label key={set.id} style={{ fontWeight: 400, display: "flex", gap: "0.5rem" }}>
              <input
                type="checkbox"
                name="sets"
                value={set.slug}
                defaultChecked={chosen.includes(set.slug) || sets.length === 1}
              />
              {set.title}
            </label>
          ))}
          <FieldError controlId="cram-sets" errors={errors.sets} />
        </fieldset>
        <Field
          id="cram-date"
          name="date"
          label="My interview is on"
          type="date"
          defaultValue={date}
          required
          errors={errors.date}
        />
        <button type="submit">Start cramming</button>
      </form>
    </>
  );
}
