import { Type } from '@sinclair/typebox';
import { createCheck, type HttpClient } from '@storefleet/kit';
import { StockShortageSchema, type StockShortage } from '@storefleet/contracts';
import { ReservationSchema, type CreateReservation } from '@storefleet/contracts/internal';
import { unexpected, type ChangeOptions, type UpstreamProblem } from './upstream.js';

/** A line inventory could not hold. */
export type Shortage = StockShortage;

const isReservation = createCheck(ReservationSchema);
const isShortages = createCheck(Type.Array(StockShortageSchema));

export type ReserveOutcome = { status: 'held' } | { status: 'out_of_stock'; shortages: Shortage[] };

export interface InventoryClient {
  /** Holds every line or none; idempotent by order id (a held or committed reservation answers as is). */
  reserve(input: CreateReservation, options: ChangeOptions): Promise<ReserveOutcome>;
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
  const post = (path: string, body: unknown, { key, context }: ChangeOptions) => http.call({ method: 'POST', path, body, idempotencyKey: key, context });

  return {
    async reserve(input, options) {
      const result = await post('/internal/reservations', input, options);
      if ((result.status === 200 || result.status === 201) && isReservation(result.body)) return { status: 'held' };
      const problem = result.body as UpstreamProblem | undefined;
      if (result.status === 409 && problem?.code === 'out_of_stock') {
        const shortages = problem.shortages ?? [];
        if (isShortages(shortages)) return { status: 'out_of_stock', shortages };
      }
      throw unexpected('inventory', 'a reservation', result);
    },
    async commit(orderId, options) {
      const result = await post(`/internal/reservations/${orderId}/commit`, {}, options);
      if (result.status === 200 && isReservation(result.body)) return 'committed';
      if (result.status === 409) return 'released';
      if (result.status === 404) return 'missing';
      throw unexpected('inventory', 'a reservation commit', result);
    },
    async release(orderId, options) {
      const result = await post(`/internal/reservations/${orderId}/release`, {}, options);
      if (result.status === 200 && isReservation(result.body)) return 'released';
      if (result.status === 404) return 'missing';
      throw unexpected('inventory', 'a reservation release', result);
    },
  };
}
