import { describe, expect, it } from 'vitest';
import { dayRangeQuery, filtersSearch, pageSearch, readListParams } from './list-params.js';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe('a list page\'s query string', () => {
  it('gives every filter (its default, or empty, when absent) and the page, 1 unless a whole number above 1', () => {
    const names = ['q', 'show'] as const;
    expect(readListParams(new URLSearchParams('q=T14&page=3'), names, { show: 'all' })).toEqual({ filters: { q: 'T14', show: 'all' }, page: 3 });
    expect(readListParams(new URLSearchParams('show=low'), names).filters).toEqual({ q: '', show: 'low' });
    for (const page of ['', '0', '-2', '1.5', 'two']) expect(readListParams(new URLSearchParams({ page }), names).page).toBe(1);
  });

  it('after the form is sent holds the typed filters (trimmed; empty ones and defaults left out), back on page 1, keeping the parameters to keep', () => {
    const current = new URLSearchParams('q=old&show=low&page=4&sku=LAP-1&other=x');
    const next = filtersSearch(current, form({ q: '  T14 ', show: 'all' }), ['q', 'show'], { defaults: { show: 'all' }, keep: ['sku'] });
    expect(next.toString()).toBe('q=T14&sku=LAP-1');
    expect(filtersSearch(current, form({ q: '', show: '' }), ['q', 'show']).toString()).toBe('');
  });

  it('moves to another page keeping the filters; page 1 is left out', () => {
    const current = new URLSearchParams('email=a%40b.c&page=2');
    expect(pageSearch(current, 3).toString()).toBe('email=a%40b.c&page=3');
    expect(pageSearch(current, 1).toString()).toBe('email=a%40b.c');
    expect(current.get('page')).toBe('2');
  });

  it('sends a range of days as instants, from the start of `from` to the end of `to`, each only when chosen', () => {
    expect(dayRangeQuery('2026-03-01', '2026-03-31')).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    expect(dayRangeQuery('', '2026-12-31')).toEqual({ from: undefined, to: '2027-01-01T00:00:00.000Z' });
    expect(dayRangeQuery('', '')).toEqual({ from: undefined, to: undefined });
  });
});
