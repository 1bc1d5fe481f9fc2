"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import type { FormState } from "@/lib/schemas/auth";
import { saveSettingsAction } from "./actions";
import styles from "../study.module.css";

export interface SettingsValues {
  readonly desiredRetention: string;
  readonly learningSteps: string;
  readonly relearningSteps: string;
  readonly enableFuzz: boolean;
  readonly maximumInterval: string;
  readonly newPerDay: string;
  readonly reviewsPerDay: string;
  readonly timeZone: string;
  readonly dayStartHour: string;
}

export function SettingsForm({ initial }: { initial: SettingsValues }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveSettingsAction, {});
  const value = (name: Exclude<keyof SettingsValues, "enableFuzz">) => state.values?.[name] ?? initial[name];
  const fuzz = state.values ? state.values.enableFuzz === "on" : initial.enableFuzz;
  const errors = state.fieldErrors ?? {};
  const saved = state.message === "Settings saved.";
  return (
    <form action={action} className={`stack card ${styles.settingsForm}`} noValidate>
      <fieldset className="stack">
        <legend>Scheduler (FSRS)</legend>
        <Field
          name="desiredRetention"
          label="Desired retention (0.70–0.99)"
          type="text"
          inputMode="decimal"
          defaultValue={value("desiredRetention")}
          errors={errors.desiredRetention}
        />
        <Field
          name="learningSteps"
          label="Learning steps (e.g. 1m 10m)"
          type="text"
          defaultValue={value("learningSteps")}
          errors={errors.learningSteps}
        />
        <Field
          name="relearningSteps"
          label="Relearning steps (e.g. 10m)"
          type="text"
          defaultValue={value("relearningSteps")}
          errors={errors.relearningSteps}
        />
        <Field
          name="maximumInterval"
          label="Maximum interval (days)"
          type="text"
          inputMode="numeric"
          defaultValue={value("maximumInterval")}
          errors={errors.maximumInterval}
        />
        <div>
          <label className={styles.checkbox}>
            <input type="checkbox" name="enableFuzz" defaultChecked={fuzz} /> Fuzz intervals
          </label>
          <p className={styles.hint}>Spreads reviews a little so cards learnt together do not stay together.</p>
        </div>
      </fieldset>
      <fieldset className="stack">
        <legend>Daily limits and the study day</legend>
        <Field
          name="newPerDay"
          label="New cards per day"
          type="text"
          inputMode="numeric"
          defaultValue={value("newPerDay")}
          errors={errors.newPerDay}
        />
        <Field
          name="reviewsPerDay"
          label="Reviews per day"
          type="text"
          inputMode="numeric"
          defaultValue={value("reviewsPerDay")}
          errors={errors.reviewsPerDay}
        />
        <Field
          name="timeZone"
          label="Time zone (IANA, e.g. Europe/Berlin)"
          type="text"
          defaultValue={value("timeZone")}
          errors={errors.timeZone}
        />
        <Field
          name="dayStartHour"
          label="Next day starts at (hour, 0–23)"
          type="text"
          inputMode="numeric"
          defaultValue={value("dayStartHour")}
          errors={errors.dayStartHour}
        />
      </fieldset>
      <div aria-live="polite">
        {state.message ? (
          <p className={saved ? "notice" : "form-error"} role={saved ? "status" : "alert"}>
            {state.message}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
