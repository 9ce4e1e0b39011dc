import type { ApiClient } from '@storefleet/web-client';
import type { Analytics, AnalyticsQuery } from '@storefleet/contracts';
import type { DayRange } from './dashboard-stats.js';

/** The time zone the dashboard counts days in: the admin's own, so "today" is their today. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The dashboard's figures: the orders service computes them (GET /api/orders/analytics), whatever the number of orders. */
export function fetchDashboardStats(api: ApiClient, range: DayRange, channel: string, tz = browserTimeZone()): Promise<Analytics> {
  const query: AnalyticsQuery = { from: range.from, to: range.to, tz, channel: channel || undefined };
  return api.get<Analytics>('/api/orders/analytics', query);
}
