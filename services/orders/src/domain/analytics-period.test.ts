import { describe, expect, it } from 'vitest';
import { AppError } from '@storefleet/kit';
import { analyticsPeriod } from './analytics-period.js';

const fieldOf = (query: Parameters<typeof analyticsPeriod>[0]) => {
  try {
    analyticsPeriod(query);
  } catch (error) {
    return (error as AppError).fields?.[0]?.field;
  }
  return undefined;
};

describe('analyticsPeriod', () => {
  it('gives every day of the period and the period of the same length before it', () => {
    expect(analyticsPeriod({ from: '2026-02-27', to: '2026-03-01', tz: 'Europe/Paris' })).toEqual({
      from: '2026-02-27', to: '2026-03-01', tz: 'Europe/Paris',
      days: ['2026-02-27', '2026-02-28', '2026-03-01'],
      previous: { from: '2026-02-24', to: '2026-02-26', days: ['2026-02-24', '2026-02-25', '2026-02-26'] },
    });
  });

  it('defaults to the 30 days up to today in the time zone', () => {
    const period = analyticsPeriod({ tz: 'Pacific/Kiritimati' }, new Date('2026-12-07T12:00:00Z'));
    expect(period).toMatchObject({ from: '2026-11-09', to: '2026-12-08' });
    expect(period.days).toHaveLength(30);
  });

  it.each([
    [{ tz: 'Mars/Olympus' }, 'tz'],
    [{ to: '2026-02-30' }, 'to'],
    [{ from: '2026-13-01', to: '2026-12-01' }, 'from'],
    [{ from: '2026-12-02', to: '2026-12-01' }, 'from'],
    [{ from: '2020-01-01', to: '2026-12-01' }, 'from'],
  ])('refuses %j naming %s', (query, field) => {
    expect(fieldOf(query)).toBe(field);
  });
});
