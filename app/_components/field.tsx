import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

type Errors = readonly string[] | undefined;

/** The id of a control's error message, for aria-describedby. */
export const errorIdOf = (controlId: string) => `${controlId}-error`;

/** The id of a control's hint, for aria-describedby. */
export const hintIdOf = (controlId: string) => `${controlId}-hint`;

/** What a control with errors says about itself: invalid, and described by its message (and its hint). */
export function errorAttributes(controlId: string, errors: Errors, hint = false) {
  const invalid = errors !== undefined && errors.length > 0;
  const described = [invalid ? errorIdOf(controlId) : null, hint ? hintIdOf(controlId) : null].filter(Boolean);
  return {
    "aria-invalid": invalid || undefined,
    "aria-describedby": described.length > 0 ? described.join(" ") : undefined,
  };
}

/** A control's errors, announced and tied to it (render it after the control). */
export function FieldError({ controlId, errors }: { readonly controlId: string; readonly errors: Errors }) {
  if (errors === undefined || errors.length === 0) return null;
  return (
    <p id={errorIdOf(controlId)} className="field-error">
      {errors.join(" ")}
    </p>
  );
}

interface Labelled {
  readonly name: string;
  readonly label: string;
  readonly errors?: Errors;
  /** shown under the control */
  readonly hint?: ReactNode;
}

function Labelled({
  id,
  label,
  errors,
  hint,
  children,
}: Omit<Labelled, "name"> & { readonly id: string; readonly children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <p className="muted hint" id={hintIdOf(id)}>
          {hint}
        </p>
      ) : null}
      <FieldError controlId={id} errors={errors} />
    </div>
  );
}

/** A labelled input whose errors are announced and tied to it with aria-describedby. */
export function Field({ name, label, errors, hint, id, ...input }: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  const inputId = id ?? `field-${name}`;
  return (
    <Labelled id={inputId} label={label} errors={errors} hint={hint}>
      <input id={inputId} name={name} {...errorAttributes(inputId, errors, Boolean(hint))} {...input} />
    </Labelled>
  );
}

/** The same for a textarea. */
export function TextAreaField({
  name,
  label,
  errors,
  hint,
  id,
  ...textarea
}: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const textareaId = id ?? `field-${name}`;
  return (
    <Labelled id={textareaId} label={label} errors={errors} hint={hint}>
      <textarea id={textareaId} name={name} {...errorAttributes(textareaId, errors, Boolean(hint))} {...textarea} />
    </Labelled>
  );
}

/**
 * The same for a select of `options` (value, label). React applies a select's defaultValue only when it mounts,
 * and a form's action resets the form to its defaults: keyed by its default, a select whose default changed
 * (the values a refused save sent back) is mounted afresh with it.
 */
export function SelectField({
  name,
  label,
  errors,
  hint,
  id,
  options,
  ...select
}: Labelled & SelectHTMLAttributes<HTMLSelectElement> & { readonly options: readonly (readonly [string, string])[] }) {
  const selectId = id ?? `field-${name}`;
  return (
    <Labelled id={selectId} label={label} errors={errors} hint={hint}>
      <select
        key={select.defaultValue === undefined ? undefined : String(select.defaultValue)}
        id={selectId}
        name={name}
        {...errorAttributes(selectId, errors, Boolean(hint))}
        {...select}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** A fieldset of checkboxes (or radio buttons) that post their values under one name. */
export function ChoiceGroup({
  name,
  legend,
  type = "checkbox",
  choices,
  checked,
}: {
  readonly name: string;
  readonly legend: string;
  readonly type?: "checkbox" | "radio";
  readonly choices: readonly string[];
  readonly checked: readonly string[];
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <div key={choice} className="checkbox">
          <input
            id={`${name}-${choice}`}
            type={type}
            name={name}
            value={choice}
            defaultChecked={checked.includes(choice)}
          />
          <label htmlFor={`${name}-${choice}`}>{choice}</label>
        </div>
      ))}
    </fieldset>
  );
}
