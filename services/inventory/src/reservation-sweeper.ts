import type { KitLogger } from '@storefleet/kit';
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
  let running: Promise<number> | undefined;
  let stopped = false;

  async function pass(): Promise<number> {
    let released = 0;
    while (!stopped && released < (options.batch ?? 500)) {
      const expired = await reservations.expireOne();
      if (!expired) break;
      released++;
      log.info({ order_id: expired.order_id }, 'reservation expired and released');
    }
    return released;
  }

  function sweep(): Promise<number> {
    running ??= pass()
      .catch((err: unknown) => {
        if (!stopped) log.warn({ err }, 'reservation sweep failed; will retry');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  const timer = setInterval(() => void sweep(), options.intervalMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
