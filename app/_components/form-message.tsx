/**
 * A form's overall result, announced to screen readers: errors as an alert, successes as a status.
 * The live region stays mounted so a message appearing in it is read out.
 */
export function FormMessage({
  message,
  ok = false,
  testId,
}: {
  readonly message: string | null | undefined;
  readonly ok?: boolean;
  readonly testId?: string;
}) {
  return (
    <div aria-live="polite">
      {message ? (
        <p className={ok ? "notice" : "form-error"} role={ok ? "status" : "alert"} data-testid={testId}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
