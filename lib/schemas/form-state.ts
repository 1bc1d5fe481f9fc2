/**
 * What a form's server action answers (useActionState): a form-level message (`ok` when it reports success),
 * errors by field shown next to each field, and the values to show again.
 */
export interface FormState {
  readonly ok?: boolean;
  readonly message?: string;
  readonly fieldErrors?: Readonly<Record<string, readonly string[] | undefined>>;
  readonly values?: Readonly<Record<string, string>>;
}
