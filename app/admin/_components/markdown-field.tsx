"use client";

import { useEffect, useId, useState } from "react";
import { previewMarkdownAction } from "../actions";

/**
 * A Markdown textarea with a live preview. The preview HTML comes from the server (renderMarkdown: sanitised,
 * raw HTML dropped); the browser never turns the author's text into HTML itself.
 */
export function MarkdownField({
  name,
  label,
  defaultValue,
  errors,
  rows = 6,
  required,
  hint,
}: {
  name: string;
  label: string;
  defaultValue: string;
  errors?: readonly string[] | undefined;
  rows?: number;
  required?: boolean;
  hint?: string;
}) {
  const id = useId();
  const [value, setValue] = useState(defaultValue);
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void previewMarkdownAction(value).then((rendered) => {
        if (current) setHtml(rendered);
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value]);
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div className="markdown-field">
      <div>
        <label htmlFor={id}>{label}</label>
        {hint ? (
          <p className="muted hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        <textarea
          id={id}
          name={name}
          rows={rows}
          value={value}
          required={required}
          onChange={(event) => setValue(event.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={
            [invalid ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined
          }
        />
        {invalid ? (
          <p id={`${id}-error`} className="field-error">
            {errors.join(" ")}
          </p>
        ) : null}
      </div>
      <section className="preview" aria-label={`Preview of ${label}`} data-testid={`preview-${name}`}>
        {html === null ? (
          <p className="muted">Rendering preview…</p>
        ) : (
          <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
        )}
      </section>
    </div>
  );
}
