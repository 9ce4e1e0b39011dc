import { describe, expect, it } from 'vitest';
import { safeNext } from './auth-pages.js';

describe('safeNext', () => {
  it('goes back to a page of this site, never to another site', () => {
    expect(safeNext('/checkout')).toBe('/checkout');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
