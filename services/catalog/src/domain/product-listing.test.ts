import { describe, expect, it } from 'vitest';
import { AppError } from '@storefleet/kit';
import { encodeCursor } from './cursor.js';
import { MAX_OFFSET, planListing, prefixQuery, resolveSort, splitList } from './product-listing.js';

const id = '0b6f1c1e-3f3a-4d7c-9a55-2a7f4d0e9b11';

describe('resolveSort', () => {
  it('sorts by relevance when searching and by name otherwise', () => {
    expect(resolveSort(undefined, true)).toBe('relevance');
    expect(resolveSort(undefined, false)).toBe('name');
    expect(resolveSort('relevance', false)).toBe('name');
    expect(resolveSort('price_desc', true)).toBe('price_desc');
  });
});

describe('splitList', () => {
  it('accepts comma-separated and repeated values, trimmed and distinct', () => {
    expect(splitList(['Dell, HP', 'dell', ' '], (v) => v.toLowerCase())).toEqual(['dell', 'hp']);
    expect(splitList(undefined)).toBeUndefined();
    expect(splitList([' , '])).toBeUndefined();
  });
});

describe('prefixQuery', () => {
  it('makes every word a prefix term', () => {
    expect(prefixQuery('thinkp')).toBe('thinkp:*');
    expect(prefixQuery('ThinkPad  X1-carbon!')).toBe('thinkpad:* & x1:* & carbon:*');
  });

  it('keeps only letters and digits, so nothing reaches to_tsquery as an operator', () => {
    expect(prefixQuery("a & b | !c:* ('d')")).toBe('a:* & b:* & c:* & d:*');
    expect(prefixQuery('&&& ||')).toBeUndefined();
  });

  it('leaves operator searches to websearch_to_tsquery', () => {
    expect(prefixQuery('"x1 carbon"')).toBeUndefined();
    expect(prefixQuery('laptop -apple')).toBeUndefined();
    expect(prefixQuery('dell or hp')).toBeUndefined();
    expect(prefixQuery('oracle orbit')).toBe('oracle:* & orbit:*');
  });
});

describe('planListing', () => {
  it('resolves defaults, page offset and lower-cased filters', () => {
    expect(planListing({ q: '  xps ', brand: ['Dell,HP'], category: ['Memory'], page: 3, limit: 10 }, 'laptops')).toEqual({
      q: 'xps',
      prefix: 'xps:*',
      kind: 'laptops',
      categories: ['memory'],
      brands: ['dell', 'hp'],
      minPrice: undefined,
      maxPrice: undefined,
      sort: 'relevance',
      page: 3,
      limit: 10,
      offset: 20,
    });
  });

  it('treats a blank search as no search', () => {
    const plan = planListing({ q: '   ' });
    expect(plan.q).toBeUndefined();
    expect(plan.sort).toBe('name');
  });

  it('starts after the cursor instead of at an offset', () => {
    const plan = planListing({ sort: 'price_asc', page: 4, limit: 5, cursor: encodeCursor('price_asc', [99.5, id]) });
    expect(plan.after).toEqual([99.5, id]);
    expect(plan.offset).toBe(0);
  });

  it('refuses a numbered page that starts past MAX_OFFSET, naming page, but not the same depth by cursor', () => {
    expect(planListing({ page: MAX_OFFSET / 20 + 1, limit: 20 }).offset).toBe(MAX_OFFSET);
    const error = (() => {
      try {
        planListing({ page: 5000, limit: 20 });
      } catch (caught) {
        return caught as AppError;
      }
    })();
    expect(error?.fields?.map((f) => f.field)).toEqual(['page']);
    expect(planListing({ page: 5000, cursor: encodeCursor('name', ['x', id]) }).after).toEqual(['x', id]);
  });

  it('refuses a price range that is upside down, naming max_price', () => {
    try {
      planListing({ min_price: 500, max_price: 100 });
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fields?.map((f) => f.field)).toEqual(['max_price']);
    }
  });
});
