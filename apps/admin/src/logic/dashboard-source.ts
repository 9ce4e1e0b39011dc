import type { ApiClient } from '@storefleet/web-client';
import type { Order, OrderPage } from '@storefleet/contracts';
import { rangeQuery, statsFromOrders, type DashboardStats, type DayRange } from './dashboard-stats.js';

/** Orders read for the figures at most (10 pages of 100); past that the dashboard says its figures are partial. */
export const MAX_ORDERS = 1_000;

/**
 * Where the dashboard's figures come from: the orders of the range, summed here. When the orders service's
 * GET /api/orders/analytics lands, this function asks it instead (mapping its answer to DashboardStats) and
 * nothing else in the dashboard changes.
 */
export async function fetchDashboardStats(api: ApiClient, range: DayRange): Promise<DashboardStats & { partial: boolean }> {
  const orders: Order[] = [];
  let total = 0;
  for (let page = 1; orders.length < MAX_ORDERS; page++) {
    const answer = await api.get<OrderPage>('/api/orders', { ...rangeQuery(range), page, limit: 100 });
    orders.push(...answer.items);
    total = answer.total;
    if (answer.items.length === 0 || orders.length >= answer.total) break;
  }
  return { ...statsFromOrders(orders, range), partial: total > orders.length };
}
