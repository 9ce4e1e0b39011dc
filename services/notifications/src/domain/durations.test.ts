import { describe, expect, it } from 'vitest';
import { nextRetryDelay, parseDurationMs, parseSchedule, retryAfterMs } from './durations.js';

describe('retry schedules', () => {
  it('reads durations with units, a bare number as seconds', () => {
    expect(parseSchedule('0,5s,5m,30m,2h,5h,10h,10h')).toEqual([0, 5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('5d')).toBe(432_000_000);
    expect(parseDurationMs('7')).toBe(7000);
    expect(() => parseDurationMs('soon')).toThrow(/not a duration/);
  });

  it('gives the delay of the next attempt, jittered by at most 10%, until the schedule is used up', () => {
    const schedule = [0, 5000, 300_000];
    expect(nextRetryDelay(schedule, 1, { random: () => 0 })).toBe(4500);
    expect(nextRetryDelay(schedule, 1, { random: () => 1 })).toBe(5500);
    expect(nextRetryDelay(schedule, 2, { random: () => 0.5 })).toBe(300_000);
    expect(nextRetryDelay(schedule, 3)).toBeUndefined();
  });

  it('honours a longer Retry-After, in seconds or as a date', () => {
    expect(nextRetryDelay([0, 1000], 1, { retryAfterMs: 60_000, random: () => 0.5 })).toBe(60_000);
    expect(nextRetryDelay([0, 120_000], 1, { retryAfterMs: 60_000, random: () => 0.5 })).toBe(120_000);
    expect(retryAfterMs('30')).toBe(30_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('whenever')).toBeUndefined();
  });
});
