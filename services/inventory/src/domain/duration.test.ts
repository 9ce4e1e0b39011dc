import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads seconds, minutes and hours; a bare number is seconds', () => {
    expect(parseDuration('900')).toBe(900);
    expect(parseDuration('45s')).toBe(45);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('1h')).toBe(3600);
  });

  it('refuses anything else', () => {
    expect(() => parseDuration('15 minutes')).toThrow(/not a duration/);
    expect(() => parseDuration('-5s')).toThrow(/not a duration/);
    expect(() => parseDuration('')).toThrow(/not a duration/);
  });
});
