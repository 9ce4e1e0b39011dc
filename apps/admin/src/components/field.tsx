import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from '@storefleet/web-client';

/** The API's message for one field of a failed call, if it named that field or a part of it (`allowed_origins/1`). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fieldMessage(field) ?? error.problem.errors?.find((e) => e.field.replace(/^\//, '').startsWith(`${field}/`))?.message;
}

type FieldProps = { label: string; name: string; error?: unknown; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>;

/** A labelled input with the API's message for its field beside it (and announced to screen readers). */
export function Field({ label, name, error, hint, ...input }: FieldProps) {
  const id = useId();
  const message = fieldError(error, name);
  return (
    <div className={message ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={message ? true : undefined} aria-describedby={message ? `${id}-error` : undefined} {...input} />
      {message ? (
        <span id={`${id}-error`} className="field-error">
          {message}
        </span>
      ) : hint ? (
        <span className="hint">{hint}</span>
      ) : null}
    </div>
  );
}
