import { describe, expect, it } from 'vitest';
import { planListing } from './product-listing.js';
import { listingKey, productKey, summaryKey } from './read-keys.js';

describe('listingKey', () => {
  it('is the same for the same listing asked in another order, case or with defaults spelled out', () => {
    const a = listingKey(planListing({ q: 'ThinkPad', brand: ['HP,Dell'], category: ['Memory', 'storage'] }));
    const b = listingKey(planListing({ q: ' thinkpad ', brand: ['dell', 'hp'], category: ['storage,memory'], page: 1, limit: 20, sort: 'relevance' }));
    expect(a).toBe(b);
  });

  it('differs for another filter, sort, page, limit or view', () => {
    const base = listingKey(planListing({}));
    expect(new Set([base, listingKey(planListing({ brand: ['hp'] })), listingKey(planListing({ sort: 'price_asc' })), listingKey(planListing({ page: 2 })), listingKey(planListing({ limit: 5 })), listingKey(planListing({}, 'laptops'))]).size).toBe(6);
  });
});

describe('summaryKey', () => {
  it('is shared by every page and sort of one filter, not by another filter', () => {
    const first = summaryKey(planListing({ brand: ['hp'] }));
    expect(summaryKey(planListing({ brand: ['HP'], page: 7, sort: 'price_desc', limit: 5 }))).toBe(first);
    expect(summaryKey(planListing({ brand: ['dell'] }))).not.toBe(first);
  });
});

describe('productKey', () => {
  it('folds the id’s case and names the view', () => {
    expect(productKey('ABC')).toBe(productKey('abc'));
    expect(productKey('abc', 'laptops')).not.toBe(productKey('abc'));
  });
});
