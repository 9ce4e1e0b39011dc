import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { thrownFields } from '../../../../test/support/problems.js';

const id = '0b6f1c1e-3f3a-4d7c-9a55-2a7f4d0e9b11';

describe('cursor', () => {
  it('round-trips the sort key and id of each sort', () => {
    expect(decodeCursor(encodeCursor('price_asc', [1299.99, id]), 'price_asc')).toEqual([1299.99, id]);
    expect(decodeCursor(encodeCursor('name', ['Dell XPS 13', id]), 'name')).toEqual(['Dell XPS 13', id]);
    expect(decodeCursor(encodeCursor('newest', ['2025-01-02T03:04:05.123456+00:00', id]), 'newest')).toEqual([
      '2025-01-02T03:04:05.123456+00:00',
      id,
    ]);
    expect(decodeCursor(encodeCursor('relevance', [0.0607927, id]), 'relevance')).toEqual([0.0607927, id]);
  });

  it('is URL-safe', () => {
    expect(encodeCursor('name', ['Ünïcode ✓ / + =', id])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses a cursor made for another sort', () => {
    expect(thrownFields(() => decodeCursor(encodeCursor('price_asc', [10, id]), 'price_desc'))).toEqual(['cursor']);
  });

  it('refuses garbage and tampered cursors', () => {
    expect(thrownFields(() => decodeCursor('not-a-cursor', 'name'))).toEqual(['cursor']);
    const tampered = Buffer.from(JSON.stringify({ s: 'name', k: ['x', 'not-a-uuid'] })).toString('base64url');
    expect(thrownFields(() => decodeCursor(tampered, 'name'))).toEqual(['cursor']);
    const wrongType = Buffer.from(JSON.stringify({ s: 'price_asc', k: ['cheap', id] })).toString('base64url');
    expect(thrownFields(() => decodeCursor(wrongType, 'price_asc'))).toEqual(['cursor']);
  });
});
