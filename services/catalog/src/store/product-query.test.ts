import { describe, expect, it } from 'vitest';
import type { ListingPlan } from '../domain/product-listing.js';
import { buildListingQuery, type SqlQuery } from './product-query.js';

const base: ListingPlan = { sort: 'name', page: 1, limit: 20, offset: 0 };
const id = '0b6f1c1e-3f3a-4d7c-9a55-2a7f4d0e9b11';

/** Every placeholder has a value and every value a placeholder. */
function placeholders(query: SqlQuery): number[] {
  const used = new Set([...query.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  return [...used].sort((a, b) => a - b);
}

const buildListQuery = (plan: ListingPlan) => buildListingQuery(plan, { summary: false });

describe('buildListingQuery', () => {
  it('lists everything by name, one row past the limit', () => {
    const query = buildListQuery(base);
    expect(query.text).toContain('WHERE TRUE');
    expect(query.text).toContain('ORDER BY lower(p.name) COLLATE "C" ASC, p.id ASC');
    expect(query.values).toEqual([21, 0]);
  });

  it('binds every filter as a parameter, never into the text', () => {
    const plan: ListingPlan = {
      ...base,
      q: "x1'; DROP TABLE products; --",
      prefix: 'x1:* & drop:*',
      kind: 'laptops',
      categories: ['memory'],
      brands: ['lenovo', 'dell'],
      minPrice: 100,
      maxPrice: 2000,
      sort: 'relevance',
      offset: 40,
    };
    const query = buildListQuery(plan);
    expect(query.text).not.toContain('DROP');
    expect(query.values).toEqual([plan.q, plan.prefix, 'laptops', ['memory'], ['lenovo', 'dell'], 100, 2000, 21, 40]);
    expect(placeholders(query)).toEqual(query.values.map((_, i) => i + 1));
    expect(query.text).toContain("websearch_to_tsquery('english', $1) || to_tsquery('simple', $2)");
    expect(query.text).toMatch(/ORDER BY ts_rank\(p\.search, .*\) DESC, p\.id DESC/);
  });

  it('continues after a cursor in the direction of the sort', () => {
    const asc = buildListQuery({ ...base, sort: 'price_asc', after: [99.5, id] });
    expect(asc.text).toContain('(p.price, p.id) > ($1::numeric, $2::uuid)');
    expect(asc.values).toEqual([99.5, id, 21, 0]);
    const desc = buildListQuery({ ...base, sort: 'newest', after: ['2025-01-01T00:00:00+00:00', id] });
    expect(desc.text).toContain('(p.created_at, p.id) < ($1::timestamptz, $2::uuid)');
    expect(desc.text).toContain('ORDER BY p.created_at DESC, p.id DESC');
  });

  it('falls back to name order when asked for relevance without a search', () => {
    expect(buildListQuery({ ...base, sort: 'relevance' }).text).toContain('ORDER BY lower(p.name) COLLATE "C" ASC');
  });
});

describe('buildListingQuery with the summary', () => {
  it('counts over the same filters, in the same statement, without the page window or cursor', () => {
    const plan: ListingPlan = { ...base, brands: ['hp'], minPrice: 10, offset: 40, after: ['HP', id] };
    const query = buildListingQuery(plan, { summary: true });
    expect(query.values).toEqual([['hp'], 10, 'HP', id, 21, 40]);
    expect(placeholders(query)).toEqual([1, 2, 3, 4, 5, 6]);
    const counted = query.text.slice(query.text.indexOf(', filtered AS'));
    expect(counted).toContain('WHERE lower(p.brand) = ANY ($1::text[]) AND p.price >= $2)');
    expect(counted).not.toMatch(/LIMIT|OFFSET|\$[3-6]/);
    expect(counted).toContain('GROUP BY brand');
    expect(counted).toContain('GROUP BY category');
    expect(buildListQuery(plan).text).not.toContain('filtered');
  });
});
