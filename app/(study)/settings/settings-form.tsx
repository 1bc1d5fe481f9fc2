"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SETTINGS_SAVED } from "./messages";
import type { FormState } from "@/lib/schemas/form-state";
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

type TextSetting = Exclude<keyof SettingsValues, "enableFuzz">;

interface SettingField {
  readonly name: TextSetting;
  readonly label: string;
  readonly inputMode?: "decimal" | "numeric";
}

const SCHEDULER_FIELDS: readonly SettingField[] = [
  { name: "desiredRetention", label: "Desired retention (0.70–0.99)", inputMode: "decimal" },
  { name: "learningSteps", label: "Learning steps (e.g. 1m 10m)" },
  { name: "relearningSteps", label: "Relearning steps (e.g. 10m)" },
  { name: "maximumInterval", label: "Maximum interval (days)", inputMode: "numeric" },
];

const DAY_FIELDS: readonly SettingField[] = [
  { name: "newPerDay", label: "New cards per day", inputMode: "numeric" },
  { name: "reviewsPerDay", label: "Reviews per day", inputMode: "numeric" },
  { name: "timeZone", label: "Time zone (IANA, e.g. Europe/Berlin)" },
  { name: "dayStartHour", label: "Next day starts at (hour, 0–23)", inputMode: "numeric" },
];

export function SettingsForm({ initial }: { initial: SettingsValues }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveSettingsAction, {});
  const fuzz = state.values ? state.values.enableFuzz === "on" : initial.enableFuzz;
  const errors = state.fieldErrors ?? {};
  const fields = (list: readonly SettingField[]) =>
    list.map(({ name, label, inputMode }) => (
      <Field
        key={name}
        name={name}
        label={label}
        type="text"
        inputMode={inputMode}
        defaultValue={state.values?.[name] ?? initial[name]}
        errors={errors[name]}
      />
    ));
  return (
    <form action={action} className={`stack card ${styles.settingsForm}`} noValidate>
      <fieldset className="stack">
        <legend>Scheduler (FSRS)</legend>
        {fields(SCHEDULER_FIELDS)}
        <div>
          <label className={styles.checkbox}>
            <input type="checkbox" name="enableFuzz" defaultChecked={fuzz} /> Fuzz intervals
          </label>
          <p className={styles.hint}>Spreads reviews a little so cards learnt together do not stay together.</p>
        </div>
      </fieldset>
      <fieldset className="stack">
        <legend>Daily limits and the study day</legend>
        {fields(DAY_FIELDS)}
      </fieldset>
      <FormMessage message={state.message} ok={state.message === SETTINGS_SAVED} />
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
