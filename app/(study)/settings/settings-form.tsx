"use client";

import { useActionState, useState } from "react";
import { errorAttributes, Field, FieldError } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { useBrowserTimeZone } from "@/app/_components/browser-time-zone";
import type { TimeZoneChoice } from "@/app/_components/learner-locale";
import { textValue, type FormState } from "@/lib/schemas/form-state";
import { SETTING_LIMITS, settingRange, type NumericSetting } from "@/lib/schemas/study-limits";
import { SETTINGS_SAVED } from "./messages";
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

type TextSetting = Exclude<keyof SettingsValues, "enableFuzz" | "timeZone">;

interface SettingField {
  readonly name: TextSetting;
  readonly label: string;
  readonly hint?: string;
}

const SCHEDULER_FIELDS: readonly SettingField[] = [
  { name: "desiredRetention", label: "Desired retention", hint: "The share of reviews you want to recall." },
  { name: "learningSteps", label: "Learning steps", hint: "For example 1m 10m: minutes (m), hours (h) or days (d)." },
  { name: "relearningSteps", label: "Relearning steps", hint: "For example 10m." },
  { name: "maximumInterval", label: "Maximum interval (days)" },
];

const DAY_FIELDS: readonly SettingField[] = [
  { name: "newPerDay", label: "New cards per day", hint: "Across all your sets." },
  { name: "reviewsPerDay", label: "Reviews per day" },
  { name: "dayStartHour", label: "Next day starts at (hour)", hint: "In your time zone, as Anki's default of 4 a.m." },
];

const isNumeric = (name: TextSetting): name is NumericSetting => name in SETTING_LIMITS;

/** The time zone: every zone of the runtime by region, and the browser's own a click away. */
function TimeZonePicker({
  value,
  onChange,
  choices,
  errors,
}: {
  readonly value: string;
  readonly onChange: (zone: string) => void;
  readonly choices: readonly { readonly region: string; readonly zones: readonly TimeZoneChoice[] }[];
  readonly errors: readonly string[] | undefined;
}) {
  const browser = useBrowserTimeZone();
  const id = "field-timeZone";
  const known = choices.some((group) => group.zones.some((zone) => zone.value === browser));
  return (
    <div>
      <label htmlFor={id}>Time zone</label>
      <select
        id={id}
        name="timeZone"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...errorAttributes(id, errors, true)}
      >
        {browser && !known ? (
          // a zone this server's runtime names differently ("Asia/Kolkata" for "Asia/Calcutta")
          <optgroup label="This device">
            <option value={browser}>{browser.replaceAll("_", " ")}</option>
          </optgroup>
        ) : null}
        {choices.map((group) => (
          <optgroup key={group.region} label={group.region}>
            {group.zones.map((zone) => (
              <option key={zone.value} value={zone.value}>
                {zone.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p className={styles.hint} id={`${id}-hint`}>
        Your study day, history and results follow it.
        {browser && browser !== value ? (
          <>
            {" "}
            <button type="button" className="link" onClick={() => onChange(browser)}>
              Use this device&rsquo;s zone ({browser.replaceAll("_", " ")})
            </button>
          </>
        ) : null}
      </p>
      <FieldError controlId={id} errors={errors} />
    </div>
  );
}

export function SettingsForm({
  initial,
  timeZones,
}: {
  initial: SettingsValues;
  timeZones: readonly { readonly region: string; readonly zones: readonly TimeZoneChoice[] }[];
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveSettingsAction, {});
  const [zone, setZone] = useState(initial.timeZone);
  // the browser's zone adopted while this page was open (TimeZoneDetector refreshes it): show that one
  const [initialZone, setInitialZone] = useState(initial.timeZone);
  if (initial.timeZone !== initialZone) {
    setInitialZone(initial.timeZone);
    setZone(initial.timeZone);
  }
  const fuzz = state.values ? state.values.enableFuzz === "on" : initial.enableFuzz;
  const errors = state.fieldErrors ?? {};
  const fields = (list: readonly SettingField[]) =>
    list.map(({ name, label, hint }) => {
      const shown = state.values ? textValue(state.values, name) : initial[name];
      if (!isNumeric(name)) {
        return (
          <Field
            key={name}
            name={name}
            label={label}
            type="text"
            defaultValue={shown}
            errors={errors[name]}
            hint={hint}
          />
        );
      }
      const { min, max, step } = SETTING_LIMITS[name];
      return (
        <Field
          key={name}
          name={name}
          label={label}
          type="number"
          inputMode={step < 1 ? "decimal" : "numeric"}
          min={min}
          max={max}
          step={step}
          defaultValue={shown}
          errors={errors[name]}
          hint={`${hint ? `${hint} ` : ""}${settingRange(name).replace(/^./, (c) => c.toUpperCase())}.`}
        />
      );
    });
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
        <TimeZonePicker value={zone} onChange={setZone} choices={timeZones} errors={errors.timeZone} />
      </fieldset>
      <FormMessage message={state.message} ok={state.message === SETTINGS_SAVED} />
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
