"use client";

import { useActionState, type InputHTMLAttributes, type ReactNode } from "react";
import type { FormState } from "@/lib/schemas/form-state";
import { Field } from "./field";
import { FormMessage } from "./form-message";

export interface FieldSpec extends Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "defaultValue"> {
  readonly name: string;
  readonly label: string;
  /** show the value the action sent back (never for passwords) */
  readonly keep?: boolean;
}

/**
 * A form of plain fields posted to a server action (useActionState): each field's errors next to it, the
 * message announced under them. The forms that are only fields (sign-in, sign-up, password, delete) are a
 * list of FieldSpecs.
 */
export function ActionForm<State extends FormState>({
  action,
  fields,
  hidden = {},
  submit,
  pending: pendingLabel,
  danger = false,
  messageIsStatus = false,
  children,
}: {
  action: (state: Awaited<State>, form: FormData) => Promise<State>;
  fields: readonly FieldSpec[];
  hidden?: Readonly<Record<string, string>>;
  submit: string;
  /** the button's text while the action runs */
  pending?: string;
  danger?: boolean;
  /** the message reports success (errors are all field errors) */
  messageIsStatus?: boolean;
  /** more controls, after the fields (inputs the browser fills in) */
  children?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState<State, FormData>(action, {} as Awaited<State>);
  return (
    <form action={formAction} className="stack card" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map(({ keep = false, ...field }) => (
        <Field
          key={field.name}
          {...field}
          defaultValue={keep ? state.values?.[field.name] : undefined}
          errors={state.fieldErrors?.[field.name]}
        />
      ))}
      {children}
      <FormMessage message={state.message} ok={messageIsStatus || state.ok} />
      <button type="submit" className={danger ? "danger" : undefined} disabled={pending}>
        {pending && pendingLabel ? pendingLabel : submit}
      </button>
    </form>
  );
}
