import { AppError } from '@storefleet/kit';
import type { ProductKind, ProductListQuery, ProductSort } from '@storefleet/contracts';
import { decodeCursor, type CursorKey } from './cursor.js';

/** What a product list asks for, resolved from the query string: every filter, the sort and the window. */
export interface ListingPlan {
  q?: string;
  /** `q` as prefix terms (`thinkp:*`) for the 'simple' text search config; absent when q uses operators. */
  prefix?: string;
  /** Storefront view: only products under this top-level category. */
  kind?: ProductKind;
  categories?: string[];
  /** Lower-cased. */
  brands?: string[];
  minPrice?: number;
  maxPrice?: number;
  sort: ProductSort;
  page: number;
  limit: number;
  offset: number;
  after?: CursorKey;
}

const MAX_PREFIX_TERMS = 8;

/**
 * Deepest offset a numbered page may start at: OFFSET reads and drops every row before it, so a deep
 * page would cost as much as the catalog is large. Past it, next_cursor pages at the same cost at any depth.
 */
export const MAX_OFFSET = 10_000;

/** The default order: by relevance when searching, else by name; relevance without a search means name. */
export function resolveSort(sort: ProductSort | undefined, searching: boolean): ProductSort {
  if (!sort) return searching ? 'relevance' : 'name';
  return sort === 'relevance' && !searching ? 'name' : sort;
}

/** Splits `a,b` and repeated parameters into one list of distinct, trimmed values. */
export function splitList(values: string[] | undefined, normalize: (v: string) => string = (v) => v): string[] | undefined {
  const items = (values ?? []).flatMap((v) => v.split(',')).map((v) => normalize(v.trim())).filter(Boolean);
  return items.length ? [...new Set(items)] : undefined;
}

/**
 * Turns a plain search into prefix terms so "thinkp" finds ThinkPad: `thinkp:* & carb:*`.
 * Searches using web-search operators (quotes, -exclusion, or) are left to websearch_to_tsquery alone.
 */
export function prefixQuery(q: string): string | undefined {
  if (/["]/.test(q) || /(^|\s)-\S/.test(q) || /(^|\s)or(\s|$)/i.test(q)) return undefined;
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words)].slice(0, MAX_PREFIX_TERMS);
  return terms.length ? terms.map((t) => `${t}:*`).join(' & ') : undefined;
}

/** Validates and resolves a list query; `kind` restricts it to a storefront view. */
export function planListing(query: ProductListQuery, kind?: ProductKind): ListingPlan {
  const q = query.q?.trim() || undefined;
  const sort = resolveSort(query.sort, q !== undefined);
  if (query.min_price !== undefined && query.max_price !== undefined && query.min_price > query.max_price) {
    throw new AppError('validation', 'min_price is above max_price', {
      fields: [{ field: 'max_price', message: `must be >= min_price (${query.min_price})` }],
    });
  }
  const page = query.page ?? 1;
  const limit = query.limit ?? 20;
  const after = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
  if (!after && (page - 1) * limit > MAX_OFFSET) {
    throw new AppError('validation', `page ${page} starts past the first ${MAX_OFFSET} products; follow next_cursor to read further`, {
      fields: [{ field: 'page', message: `must start within the first ${MAX_OFFSET} products (page * limit); use cursor beyond` }],
    });
  }
  return {
    ...(q ? { q, prefix: prefixQuery(q) } : {}),
    ...(kind ? { kind } : {}),
    categories: splitList(query.category, (v) => v.toLowerCase()),
    brands: splitList(query.brand, (v) => v.toLowerCase()),
    minPrice: query.min_price,
    maxPrice: query.max_price,
    sort,
    page,
    limit,
    // A cursor replaces the offset: the page starts right after the cursor's product.
    offset: after ? 0 : (page - 1) * limit,
    ...(after ? { after } : {}),
  };
}
