import type { FormEvent, ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Query } from '@storefleet/web-client';
import { useApi } from '../session.js';
import { ExportButton, ImportButton } from './csv.js';
import { Pager, QueryState } from './status.js';
import type { CsvResource } from '../logic/csv-import.js';
import { filtersSearch, pageSearch, readListParams, type Filters } from '../logic/list-params.js';

/** How many rows a list page shows at a time. */
export const LIST_LIMIT = 20;

/** One column of a list: its header, and its cell for each row (`className`, e.g. `num wide-only`, on both). */
export interface Column<Row> {
  header: ReactNode;
  className?: string;
  cell: (row: Row) => ReactNode;
}

export interface ListPageProps<Row, Name extends string> {
  /** The page's heading (h1). */
  title: string;
  /** What the rows are, in the plural ("orders"): in the loading and error messages and the filter form's name. */
  what: string;
  /** The first part of the list's query key (['orders', …]): what a change on the page or a CSV import invalidates. */
  queryKey: string;
  /** The API's list (GET, answering `{ items, total }`), asked with `query(filters)` plus `page` and `limit`. */
  path: string;
  /** The filters' names in the query string. */
  filters: readonly Name[];
  /** A filter's value when the query string has none (left out of the query string when chosen). */
  defaults?: Partial<Filters<Name>>;
  /** Query-string parameters that are not filters but stay when the filters change (e.g. the open panel's SKU). */
  keep?: readonly string[];
  /** The API query for the filters (also what Export CSV sends). */
  query: (filters: Filters<Name>) => Query;
  /** The filter form's fields, uncontrolled, each `name`d after its filter and showing its value. */
  fields: (filters: Filters<Name>) => ReactNode;
  /** The form's button. */
  submit?: 'Filter' | 'Search';
  /** The resource's CSV export (of what the list shows: the same query) and import, beside the heading. */
  csv?: CsvResource;
  /** More buttons beside the heading. */
  actions?: ReactNode;
  /** Under the heading: what the page is about. */
  intro?: ReactNode;
  /** Between the form and the list: a confirmation or the error of an action on a row. */
  notice?: ReactNode;
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  rowClassName?: (row: Row) => string | undefined;
  /** Said when no row matches. */
  empty: string;
  /** Beside the list (a split view): the panel of the row chosen. */
  aside?: ReactNode;
}

/**
 * A filtered, paged list of an admin API: the filters form → the query string → the query → the table →
 * the pager, with its loading state and the API's problem when it fails. The query string holds the
 * filters and the page, so a filtered list can be linked and reloaded.
 */
export function ListPage<Row, Name extends string>(props: ListPageProps<Row, Name>) {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const { filters, page } = readListParams(params, props.filters, props.defaults);
  const query = props.query(filters);
  const list = useQuery({
    queryKey: [props.queryKey, query, page],
    queryFn: () => api.get<{ items: Row[]; total: number }>(props.path, { ...query, page, limit: LIST_LIMIT }),
    placeholderData: keepPreviousData,
  });

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setParams(filtersSearch(params, new FormData(event.currentTarget), props.filters, { defaults: props.defaults, keep: props.keep }));
  }

  const content = (
    <QueryState query={list} what={props.what}>
      {(data) => (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  {props.columns.map((column, index) => (
                    <th key={index} className={column.className}>{column.header}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.items.map((row) => (
                  <tr key={props.rowKey(row)} className={props.rowClassName?.(row)}>
                    {props.columns.map((column, index) => (
                      <td key={index} className={column.className}>{column.cell(row)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {data.items.length === 0 ? <p className="muted">{props.empty}</p> : null}
          </div>
          <Pager page={page} limit={LIST_LIMIT} total={data.total} onPage={(next) => setParams(pageSearch(params, next))} />
        </>
      )}
    </QueryState>
  );

  return (
    <section>
      {props.csv || props.actions ? (
        <div className="heading">
          <h1>{props.title}</h1>
          <div className="actions">
            {props.csv ? (
              <>
                <ExportButton resource={props.csv} query={query} />
                <ImportButton resource={props.csv} />
              </>
            ) : null}
            {props.actions}
          </div>
        </div>
      ) : (
        <h1>{props.title}</h1>
      )}
      {props.intro}
      {/* Keyed by the filters: when the query string changes from outside (Back, a link), the fields show it. */}
      <form key={JSON.stringify(filters)} className="filters" role="search" aria-label={`Filter ${props.what}`} onSubmit={apply}>
        {props.fields(filters)}
        <button type="submit">{props.submit ?? 'Filter'}</button>
      </form>
      {props.notice}
      {props.aside ? (
        <div className="split">
          <div>{content}</div>
          {props.aside}
        </div>
      ) : (
        content
      )}
    </section>
  );
}

/** A filter chosen from a list (or "Any"): `label` names it, `format` says a value in words. */
export function ChoiceFilter({ label, name, value, choices, format = (choice) => choice }: { label: string; name: string; value: string; choices: readonly string[]; format?: (choice: string) => string }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value}>
        <option value="">Any</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>{format(choice)}</option>
        ))}
      </select>
    </label>
  );
}

/** The From and To days of a list filtered by date (both included; see dayRangeQuery). */
export function DayRangeFilter({ from, to }: { from: string; to: string }) {
  return (
    <>
      <label>
        From <input name="from" type="date" defaultValue={from} />
      </label>
      <label>
        To <input name="to" type="date" defaultValue={to} />
      </label>
    </>
  );
}
