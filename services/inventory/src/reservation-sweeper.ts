import { createPeriodic, type KitLogger } from '@storefleet/kit';
import type { ReservationsStore } from './store/reservations-store.js';

export interface ReservationSweeper {
  /** Releases every reservation expired now; answers how many. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, releases held reservations past their expiry, one transaction each, so a
 * failure leaves the others done and replicas can sweep side by side.
 * @example const sweeper = createReservationSweeper({ reservations, intervalMs: 10_000, log })
 */
export function createReservationSweeper(options: { reservations: ReservationsStore; intervalMs: number; log: KitLogger; batch?: number }): ReservationSweeper {
  const { reservations, log } = options;
  const sweeper = createPeriodic({
    intervalMs: options.intervalMs,
    log,
    failed: 'reservation sweep failed; will retry',
    idle: 0,
    async run(stopping) {
      let released = 0;
      while (!stopping.aborted && released < (options.batch ?? 500)) {
        const expired = await reservations.expireOne();
        if (!expired) break;
        released++;
        log.info({ order_id: expired.order_id }, 'reservation expired and released');
      }
      return released;
    },
  });
  sweeper.start();
  return { sweep: sweeper.runOnce, stop: sweeper.stop };
}
