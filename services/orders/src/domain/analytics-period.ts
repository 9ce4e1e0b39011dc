import { AppError } from '@storefleet/kit';
import { ANALYTICS_MAX_DAYS, type AnalyticsQuery } from '@storefleet/contracts';

/** A period of whole days in a time zone: `from` and `to` included, as YYYY-MM-DD. */
export interface AnalyticsPeriod {
  from: string;
  to: string;
  tz: string;
  /** Every day from `from` to `to`. */
  days: string[];
  previous: { from: string; to: string; days: string[] };
}

const DAY_MS = 86_400_000;
const invalid = (field: string, message: string) => new AppError('validation', `${field} ${message}`, { fields: [{ field, message }] });

/** A calendar date as days since 1970-01-01, or NaN when it does not exist (2026-02-30). */
function dayNumber(date: string): number {
  const time = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === date ? time / DAY_MS : NaN;
}
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => dateOf(first + i));

/** The IANA name as given when the runtime knows it (PostgreSQL reads the same tz database names). */
function checkTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    throw invalid('tz', 'must be an IANA time zone, e.g. Europe/Paris or UTC');
  }
}

/** Today's date in `tz`. */
function today(tz: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The period an analytics request asks for, and the one of the same length just before it. Each
 * wrong parameter is a 400 naming it.
 * @example analyticsPeriod({ from: '2026-12-01', to: '2026-12-07', tz: 'Europe/Paris' })
 */
export function analyticsPeriod(query: AnalyticsQuery, now = new Date()): AnalyticsPeriod {
  const tz = checkTimeZone(query.tz ?? 'UTC');
  const last = dayNumber(query.to ?? today(tz, now));
  if (Number.isNaN(last)) throw invalid('to', 'must be a date that exists (YYYY-MM-DD)');
  const first = query.from === undefined ? last - 29 : dayNumber(query.from);
  if (Number.isNaN(first)) throw invalid('from', 'must be a date that exists (YYYY-MM-DD)');
  if (first > last) throw invalid('from', 'must not be after to');
  const length = last - first + 1;
  if (length > ANALYTICS_MAX_DAYS) throw invalid('from', `must be at most ${ANALYTICS_MAX_DAYS} days before to`);
  return {
    from: dateOf(first),
    to: dateOf(last),
    tz,
    days: range(first, last),
    previous: { from: dateOf(first - length), to: dateOf(first - 1), days: range(first - length, first - 1) },
  };
}
