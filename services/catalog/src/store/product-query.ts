import type { ProductSort } from '@storefleet/contracts';
import type { ListingPlan } from '../domain/product-listing.js';

export interface SqlQuery {
  text: string;
  values: unknown[];
}

/**
 * The product columns every reader sees (the search vector stays inside), with `available` from the
 * stock read model (0 until inventory reports the SKU). A scalar subquery, so it also works in RETURNING.
 */
export const PRODUCT_COLUMNS =
  'p.id, p.sku, p.name, p.description, p.brand, p.category, p.price, p.currency, p.image_url, p.attributes, p.warranty_months, p.created_at, p.updated_at, ' +
  'COALESCE((SELECT sl.available FROM stock_levels sl WHERE sl.sku = p.sku), 0) AS available';

interface SortSpec {
  key: string;
  direction: 'ASC' | 'DESC';
  /** Type the cursor's key value is cast to, so the comparison matches the column exactly. */
  cast: string;
}

function sortSpec(sort: ProductSort, tsquery: string | undefined): SortSpec {
  switch (sort) {
    case 'relevance':
      return tsquery ? { key: `ts_rank(p.search, ${tsquery})`, direction: 'DESC', cast: 'real' } : sortSpec('name', undefined);
    case 'price_asc':
      return { key: 'p.price', direction: 'ASC', cast: 'numeric' };
    case 'price_desc':
      return { key: 'p.price', direction: 'DESC', cast: 'numeric' };
    case 'newest':
      return { key: 'p.created_at', direction: 'DESC', cast: 'timestamptz' };
    case 'name':
      // Case-insensitive and byte-ordered, so the order (and the cursor) is the same on any server locale.
      return { key: 'lower(p.name) COLLATE "C"', direction: 'ASC', cast: 'text' };
  }
}

/** Collects positional parameters while a statement is written. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The WHERE clause of a listing (every filter, no window) and the tsquery expression when searching. */
function filters(plan: ListingPlan, params: Params): { where: string; tsquery?: string } {
  const conditions: string[] = [];
  let tsquery: string | undefined;
  if (plan.q) {
    const words = `websearch_to_tsquery('english', ${params.add(plan.q)})`;
    tsquery = plan.prefix ? `(${words} || to_tsquery('simple', ${params.add(plan.prefix)}))` : words;
    conditions.push(`p.search @@ ${tsquery}`);
  }
  if (plan.kind) conditions.push(`p.category IN (SELECT slug FROM category_subtree(ARRAY[${params.add(plan.kind)}::text]))`);
  if (plan.categories) conditions.push(`p.category IN (SELECT slug FROM category_subtree(${params.add(plan.categories)}::text[]))`);
  if (plan.brands) conditions.push(`lower(p.brand) = ANY (${params.add(plan.brands)}::text[])`);
  if (plan.minPrice !== undefined) conditions.push(`p.price >= ${params.add(plan.minPrice)}`);
  if (plan.maxPrice !== undefined) conditions.push(`p.price <= ${params.add(plan.maxPrice)}`);
  return { where: conditions.length ? conditions.join(' AND ') : 'TRUE', tsquery };
}

/**
 * A timestamp as the API writes it (`toISOString`: UTC, milliseconds, `Z`). The colons are quoted
 * literals so that no `:name` appears in the text, which pgbench (bench/catalog) would take for a variable.
 */
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.MS"Z"')`;

/**
 * A product record (no availability) as compact JSON text, built by PostgreSQL in the API's field order
 * and formats: a listing's records go into its body as they come, never parsed and written again.
 */
const RECORD_JSON = `(SELECT row_to_json(r)::text FROM (SELECT p.id, p.sku, p.name, p.description, p.brand, p.category, p.price,
  p.currency, p.image_url, p.attributes, p.warranty_months, ${isoText('p.created_at')} AS created_at, ${isoText('p.updated_at')} AS updated_at) r)`;

/**
 * Separates the records in a listing's `records` text: chr(30), a control character, which JSON text never
 * holds unescaped (PostgreSQL writes it as \u001e inside strings).
 */
export const RECORD_SEPARATOR = '\x1e';

/**
 * One window of a listing, one row more than the limit to tell whether another page follows, and with
 * `summary` its total and facets (counted over every matching product, whatever the window), in one
 * statement: one round trip per search. It answers one row: `records`, the window's records in order as
 * JSON texts joined by RECORD_SEPARATOR (null when none); `keys`, each one's `[sku, sort key, id]` (the
 * SKU to merge its availability, the rest for the next cursor); and the summary's columns.
 */
export function buildListingQuery(plan: ListingPlan, { summary }: { summary: boolean }): SqlQuery {
  const params = new Params();
  const { where, tsquery } = filters(plan, params);
  const sort = sortSpec(plan.sort, tsquery);
  const conditions = [where];
  if (plan.after) {
    const [value, id] = plan.after;
    const op = sort.direction === 'ASC' ? '>' : '<';
    conditions.push(`(${sort.key}, p.id) ${op} (${params.add(value)}::${sort.cast}, ${params.add(id)}::uuid)`);
  }
  const order = `sort_key ${sort.direction}, id ${sort.direction}`;
  const facet = (column: string) =>
    `COALESCE((SELECT json_agg(json_build_object('value', f.value, 'count', f.count) ORDER BY f.count DESC, f.value)
       FROM (SELECT ${column} AS value, count(*)::int AS count FROM filtered GROUP BY ${column}) f), '[]'::json)`;
  const text = [
    'WITH page AS (',
    `  SELECT ${RECORD_JSON} AS record, p.sku, ${sort.key} AS sort_key, p.id`,
    '  FROM products p',
    `  WHERE ${conditions.join(' AND ')}`,
    `  ORDER BY ${sort.key} ${sort.direction}, p.id ${sort.direction}`,
    `  LIMIT ${params.add(plan.limit + 1)} OFFSET ${params.add(plan.offset)}`,
    ')',
    ...(summary ? [`, filtered AS (SELECT p.brand, p.category, p.price FROM products p WHERE ${where})`] : []),
    `SELECT (SELECT string_agg(record, chr(30) ORDER BY ${order}) FROM page) AS records`,
    `  , COALESCE((SELECT json_agg(json_build_array(sku, sort_key, id) ORDER BY ${order}) FROM page), '[]'::json) AS keys`,
    ...(summary
      ? [
          '  , (SELECT count(*)::int FROM filtered) AS total',
          '  , (SELECT min(price) FROM filtered) AS min_price',
          '  , (SELECT max(price) FROM filtered) AS max_price',
          `  , ${facet('brand')} AS brand`,
          `  , ${facet('category')} AS category`,
        ]
      : []),
  ].join('\n');
  return { text, values: params.values };
}

/** Every product a listing's filters match (no window), by SKU: what a CSV export reads through its cursor. */
export function buildExportQuery(plan: ListingPlan): SqlQuery {
  const params = new Params();
  const { where } = filters(plan, params);
  return { text: `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE ${where} ORDER BY p.sku`, values: params.values };
}
