import { rangeQuery } from './dashboard-stats.js';

/**
 * A list page's state lives in its query string (so a filtered list can be linked, reloaded and gone back
 * to): each filter by its name, and `page`. These turn one into the other.
 */

/** Every filter of a page by name, as text ('' when not set). */
export type Filters<Name extends string> = Record<Name, string>;

/** What a list page reads from its query string: its filters (their defaults where absent) and the page (1 unless a whole number above 1). */
export function readListParams<Name extends string>(
  params: URLSearchParams,
  names: readonly Name[],
  defaults: Partial<Filters<Name>> = {},
): { filters: Filters<Name>; page: number } {
  const filters = Object.fromEntries(names.map((name) => [name, params.get(name) ?? defaults[name] ?? ''])) as Filters<Name>;
  const page = Number(params.get('page'));
  return { filters, page: Number.isInteger(page) && page > 1 ? page : 1 };
}

/**
 * The query string after the filters form is sent: the filters typed (trimmed; empty ones and defaults left
 * out, for short links), back on the first page, keeping the parameters named in `keep` (not filters, such as
 * the SKU whose panel is open).
 */
export function filtersSearch<Name extends string>(
  current: URLSearchParams,
  form: FormData,
  names: readonly Name[],
  options: { defaults?: Partial<Filters<Name>>; keep?: readonly string[] } = {},
): URLSearchParams {
  const next = new URLSearchParams();
  for (const name of names) {
    const value = String(form.get(name) ?? '').trim();
    if (value && value !== options.defaults?.[name]) next.set(name, value);
  }
  for (const name of options.keep ?? []) {
    const value = current.get(name);
    if (value) next.set(name, value);
  }
  return next;
}

/** The query string showing another page of the same list (page 1 is the default, so it is left out). */
export function pageSearch(current: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(current);
  if (page > 1) next.set('page', String(page));
  else next.delete('page');
  return next;
}

/** A filter by calendar days (`from`, `to`, both included) as the APIs take it: instants, `to` exclusive (rangeQuery); each only when set. */
export function dayRangeQuery(from: string, to: string): { from?: string; to?: string } {
  const range = rangeQuery({ from: from || '1970-01-01', to: to || '9999-12-30' });
  return { from: from ? range.from : undefined, to: to ? range.to : undefined };
}
