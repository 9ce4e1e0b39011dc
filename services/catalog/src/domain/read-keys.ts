import type { ProductKind } from '@storefleet/contracts';
import type { ListingPlan } from './product-listing.js';

const sorted = (values: string[] | undefined) => (values ? [...values].sort() : null);

/**
 * The response cache key of a listing: its resolved plan (defaults applied, filters lower-cased and in
 * one order), so `?brand=HP,Dell&limit=20` and `?brand=dell&brand=hp` share an entry. The search text
 * is lower-cased: every text search configuration folds case.
 */
export function listingKey(plan: ListingPlan): string {
  return `list:${JSON.stringify([
    plan.kind ?? null,
    plan.q?.toLowerCase() ?? null,
    sorted(plan.categories),
    sorted(plan.brands),
    plan.minPrice ?? null,
    plan.maxPrice ?? null,
    plan.sort,
    plan.page,
    plan.limit,
    plan.after ?? null,
  ])}`;
}

/** The key of a listing's total and facets: its filters without sort or window, shared by all its pages. */
export function summaryKey(plan: ListingPlan): string {
  return `summary:${JSON.stringify([plan.kind ?? null, plan.q?.toLowerCase() ?? null, sorted(plan.categories), sorted(plan.brands), plan.minPrice ?? null, plan.maxPrice ?? null])}`;
}

/** The response cache key of a product page, in one storefront view or none. */
export function productKey(id: string, kind?: ProductKind): string {
  return `product:${kind ?? '*'}:${id.toLowerCase()}`;
}

export const CATEGORIES_KEY = 'categories';
