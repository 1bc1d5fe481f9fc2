"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Field, SelectField } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { plural } from "@/lib/content/plural";
import { repeatNotice } from "@/lib/interview/repeats";
import { MAX_MINUTES, MAX_QUESTIONS, MIN_MINUTES, MIN_QUESTIONS } from "@/lib/schemas/interview-limits";

export interface StartSetOption {
  readonly slug: string;
  readonly title: string;
  readonly defaultMinutes: number;
  readonly interviewItems: number;
}

type Errors = Partial<Record<"set" | "questions" | "minutes" | "form", string>>;

/** Questions asked unless the learner chooses: three, or fewer when the set has fewer to offer. */
const USUAL_QUESTIONS = 3;
const defaultQuestions = (option: StartSetOption | undefined) =>
  String(Math.max(MIN_QUESTIONS, Math.min(USUAL_QUESTIONS, option?.interviewItems ?? USUAL_QUESTIONS)));

/** Start a mock interview through POST /api/interviews; field errors from the API are shown next to fields. */
export function StartForm({ sets }: { sets: readonly StartSetOption[] }) {
  const router = useRouter();
  const id = useId();
  const first = sets[0];
  const [set, setSet] = useState(first?.slug ?? "");
  const [questions, setQuestions] = useState(defaultQuestions(first));
  const [questionsTouched, setQuestionsTouched] = useState(false);
  const [minutes, setMinutes] = useState(String(first?.defaultMinutes ?? 20));
  const [minutesTouched, setMinutesTouched] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const chosen = sets.find((s) => s.slug === set);
  const notice = chosen ? repeatNotice(Number(questions), chosen.interviewItems) : null;

  function chooseSet(slug: string) {
    setSet(slug);
    const option = sets.find((s) => s.slug === slug);
    if (option && !minutesTouched) setMinutes(String(option.defaultMinutes));
    if (option && !questionsTouched) setQuestions(defaultQuestions(option));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    try {
      const response = await fetch("/api/interviews", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ set, questions: Number(questions), minutes: Number(minutes) }),
      });
      const body = (await response.json()) as {
        url?: string;
        error?: { message: string; errors?: { path: string; message: string }[] };
      };
      if (response.ok && body.url) {
        router.push(body.url);
        return;
      }
      const next: Errors = {};
      for (const e of body.error?.errors ?? []) {
        if (e.path === "set" || e.path === "questions" || e.path === "minutes") next[e.path] = e.message;
      }
      if (Object.keys(next).length === 0) next.form = body.error?.message ?? "The interview could not be started.";
      setErrors(next);
      setPending(false);
    } catch {
      setErrors({ form: "The server could not be reached. Check your connection and try again." });
      setPending(false);
    }
  }

  const errorsOf = (field: keyof Errors) => (errors[field] ? [errors[field]] : undefined);

  return (
    <form className="stack card" onSubmit={submit} noValidate>
      <SelectField
        id={`${id}-set`}
        name="set"
        label="Question set"
        value={set}
        onChange={(e) => chooseSet(e.target.value)}
        options={sets.map((s) => [s.slug, `${s.title} (${plural(s.interviewItems, "interview question")})`])}
        errors={errorsOf("set")}
      />
      <Field
        id={`${id}-questions`}
        name="questions"
        label={`Number of questions (${MIN_QUESTIONS}–${MAX_QUESTIONS})`}
        type="number"
        inputMode="numeric"
        min={MIN_QUESTIONS}
        max={MAX_QUESTIONS}
        value={questions}
        onChange={(e) => {
          setQuestionsTouched(true);
          setQuestions(e.target.value);
        }}
        errors={errorsOf("questions")}
        hint={notice ? <span data-testid="repeat-notice">{notice}</span> : undefined}
      />
      <Field
        id={`${id}-minutes`}
        name="minutes"
        label={`Total time in minutes (${MIN_MINUTES}–${MAX_MINUTES})`}
        type="number"
        inputMode="numeric"
        min={MIN_MINUTES}
        max={MAX_MINUTES}
        value={minutes}
        onChange={(e) => {
          setMinutesTouched(true);
          setMinutes(e.target.value);
        }}
        errors={errorsOf("minutes")}
      />
      <FormMessage message={errors.form} />
      <button type="submit" disabled={pending || sets.length === 0}>
        {pending ? "Starting…" : "Start the interview"}
      </button>
    </form>
  );
}
