"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { FormMessage } from "@/app/_components/form-message";

export interface StartSetOption {
  readonly slug: string;
  readonly title: string;
  readonly defaultMinutes: number;
  readonly interviewItems: number;
}

type Errors = Partial<Record<"set" | "questions" | "minutes" | "form", string>>;

/** Start a mock interview through POST /api/interviews; field errors from the API are shown next to fields. */
export function StartForm({ sets }: { sets: readonly StartSetOption[] }) {
  const router = useRouter();
  const id = useId();
  const first = sets[0];
  const [set, setSet] = useState(first?.slug ?? "");
  const [questions, setQuestions] = useState("3");
  const [minutes, setMinutes] = useState(String(first?.defaultMinutes ?? 20));
  const [minutesTouched, setMinutesTouched] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);

  function chooseSet(slug: string) {
    setSet(slug);
    const option = sets.find((s) => s.slug === slug);
    if (option && !minutesTouched) setMinutes(String(option.defaultMinutes));
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

  const described = (field: keyof Errors) => (errors[field] ? `${id}-${field}-error` : undefined);
  const fieldError = (field: keyof Errors) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="stack card" onSubmit={submit} noValidate>
      <div>
        <label htmlFor={`${id}-set`}>Question set</label>
        <select
          id={`${id}-set`}
          value={set}
          onChange={(e) => chooseSet(e.target.value)}
          aria-invalid={errors.set ? true : undefined}
          aria-describedby={described("set")}
        >
          {sets.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.title} ({s.interviewItems} interview question{s.interviewItems === 1 ? "" : "s"})
            </option>
          ))}
        </select>
        {fieldError("set")}
      </div>
      <div>
        <label htmlFor={`${id}-questions`}>Number of questions (1–10)</label>
        <input
          id={`${id}-questions`}
          type="number"
          inputMode="numeric"
          min={1}
          max={10}
          value={questions}
          onChange={(e) => setQuestions(e.target.value)}
          aria-invalid={errors.questions ? true : undefined}
          aria-describedby={described("questions")}
        />
        {fieldError("questions")}
      </div>
      <div>
        <label htmlFor={`${id}-minutes`}>Total time in minutes (5–60)</label>
        <input
          id={`${id}-minutes`}
          type="number"
          inputMode="numeric"
          min={5}
          max={60}
          value={minutes}
          onChange={(e) => {
            setMinutesTouched(true);
            setMinutes(e.target.value);
          }}
          aria-invalid={errors.minutes ? true : undefined}
          aria-describedby={described("minutes")}
        />
        {fieldError("minutes")}
      </div>
      <FormMessage message={errors.form} />
      <button type="submit" disabled={pending || sets.length === 0}>
        {pending ? "Starting…" : "Start the interview"}
      </button>
    </form>
  );
}
