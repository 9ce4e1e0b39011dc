import type { HttpClient } from '@storefleet/kit';
import { unexpected, type ChangeOptions, type UpstreamProblem } from './upstream.js';

export interface ReservationLine {
  sku: string;
  quantity: number;
}

export interface Shortage {
  sku: string;
  requested: number;
  available: number;
}

export type ReserveOutcome = { status: 'held' } | { status: 'out_of_stock'; shortages: Shortage[] };

export interface InventoryClient {
  /** Holds every line or none; idempotent by order id (a held or committed reservation answers as is). */
  reserve(input: { order_id: string; lines: ReservationLine[]; expires?: boolean }, options: ChangeOptions): Promise<ReserveOutcome>;
  /** held → committed; `released` when the hold was released or expired before, `missing` when there is none. */
  commit(orderId: string, options: ChangeOptions): Promise<'committed' | 'released' | 'missing'>;
  /** held → released, committed → restocked; `missing` when the order never reserved anything. */
  release(orderId: string, options: ChangeOptions): Promise<'released' | 'missing'>;
}

/**
 * Inventory's `/internal/reservations...` over `http` (HTTP, or in-process in embedded mode); a call it
 * cannot answer throws AppError('unavailable').
 * @example const inventory = createInventoryClient(createHttpClient({ name: 'inventory', urls: parseUrls(config.INVENTORY_URLS) }))
 */
export function createInventoryClient(http: HttpClient): InventoryClient {
  const post = <T>(path: string, body: unknown, { key, context }: ChangeOptions) =>
    http.call<T>({ method: 'POST', path, body, idempotencyKey: key, context });

  return {
    async reserve(input, options) {
      const result = await post<UpstreamProblem>('/internal/reservations', input, options);
      if (result.status === 200 || result.status === 201) return { status: 'held' };
      if (result.status === 409 && result.body.code === 'out_of_stock') {
        return { status: 'out_of_stock', shortages: (result.body.shortages as Shortage[] | undefined) ?? [] };
      }
      throw unexpected('inventory', 'a reservation', result);
    },
    async commit(orderId, options) {
      const result = await post(`/internal/reservations/${orderId}/commit`, {}, options);
      if (result.status === 200) return 'committed';
      if (result.status === 409) return 'released';
      if (result.status === 404) return 'missing';
      throw unexpected('inventory', 'a reservation commit', result);
    },
    async release(orderId, options) {
      const result = await post(`/internal/reservations/${orderId}/release`, {}, options);
      if (result.status === 200) return 'released';
      if (result.status === 404) return 'missing';
      throw unexpected('inventory', 'a reservation release', result);
    },
  };
}
