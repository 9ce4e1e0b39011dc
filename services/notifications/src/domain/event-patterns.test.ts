import { describe, expect, it } from 'vitest';
import { checkEventPatterns } from './event-patterns.js';

describe('webhook event patterns', () => {
  it('accepts known types, prefixes ending in * and *', () => {
    expect(checkEventPatterns(['order.*', 'user.registered', '*', 'order.*'])).toEqual(['order.*', 'user.registered', '*']);
  });

  it.each([['ordr.*'], ['order.create'], ['or*der'], ['']])('refuses %j naming the field', (pattern) => {
    expect(() => checkEventPatterns([pattern])).toThrow(expect.objectContaining({ code: 'validation', fields: [expect.objectContaining({ field: 'events' })] }));
  });
});
