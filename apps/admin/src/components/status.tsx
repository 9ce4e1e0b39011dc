import type { ReactNode } from 'react';
import { ApiError } from '@storefleet/web-client';

/** A failed call as the API explained it: the problem's detail, and each field's message when it named fields. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const detail = problem ? (problem.detail ?? problem.title) : error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="error">
      {title ? <strong>{title}: </strong> : null}
      {detail}
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              {e.field ? <code>{e.field.replace(/^\//, '')}</code> : null} {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

/** One query's three states in one place: loading, its error, or the content. */
export function QueryState<T>({ query, what, children }: { query: { isPending: boolean; error: unknown; data: T | undefined }; what: string; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading what={what} />;
  if (query.error) return <ErrorMessage error={query.error} title={`Could not load ${what}`} />;
  return <>{children(query.data as T)}</>;
}

/** Previous / next over a page-based list. */
export function Pager({ page, limit, total, onPage }: { page: number; limit: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {pages} ({total})
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
