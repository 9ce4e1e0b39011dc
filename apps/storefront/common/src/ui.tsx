import type { ReactNode } from 'react';
import { ApiError } from '@storefleet/web-client';

/** A spinner with words, so a screen reader says what is happening too. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

/** A failed call as the shopper should read it: the problem's detail, and each field's message. */
export function ErrorNote({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const detail = error instanceof ApiError ? error.problem.detail ?? error.problem.title : error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <div className="error-note" role="alert">
      {title && <strong>{title} </strong>}
      {detail}
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field}>
              {f.field.replace(/^\//, '')}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function StockBadge({ inStock, available }: { inStock: boolean; available?: number }) {
  if (!inStock) return <span className="badge badge-out">Out of stock</span>;
  if (available !== undefined && available <= 5) return <span className="badge badge-low">Only {available} left</span>;
  return <span className="badge badge-in">In stock</span>;
}

/** A labelled form field whose error (from the API's `errors[]`) is tied to its input for screen readers. */
export function Field({ label, id, error, children }: { label: string; id: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
