import { randomUUID } from 'node:crypto';
import { createPeriodic, type KitLogger } from '@storefleet/kit';
import type { SagaStore } from '../store/saga-store.js';
import type { CheckoutSaga } from './checkout-saga.js';
import type { LeaseKeeper } from './lease-keeper.js';

/**
 * Finishes sagas nobody is running any more: at start-up and every `intervalMs`, it takes the lease of
 * unfinished orders whose lease expired (`FOR UPDATE SKIP LOCKED`, so replicas share the work and never
 * drive one order twice) and drives each to rest: complete when already authorized, else compensate;
 * pending compensations are retried until they succeed.
 * @example const resumer = createSagaResumer({ sagas, saga, intervalMs: 5000, log }); resumer.start()
 */
export function createSagaResumer(options: { sagas: SagaStore; saga: CheckoutSaga; leases: LeaseKeeper; intervalMs: number; log: KitLogger; batch?: number }) {
  const { sagas, saga, leases, log } = options;
  async function pass(): Promise<number> {
    const owner = randomUUID();
    const ids = await sagas.claimStale(owner, options.batch ?? 20, leases.activeIds(), new Date());
    await Promise.all(
      ids.map(async (id) => {
        try {
          const { order, failure } = await leases.during(id, owner, () => saga.drive(id, owner));
          log.info({ order_id: id, status: order.status, saga_state: order.saga.state, failure: failure?.kind }, 'saga resumed');
        } catch (err) {
          log.warn({ err, order_id: id }, 'resuming a saga failed; it will be retried');
          await sagas.releaseLease(id, owner).catch(() => undefined);
        }
      }),
    );
    return ids.length;
  }

  const periodic = createPeriodic({ intervalMs: options.intervalMs, log, failed: 'saga resumer pass failed', idle: 0, run: pass });
  return {
    /** One pass now (or the one already running); resolves with how many orders it took over. */
    runOnce: periodic.runOnce,
    start(): void {
      void periodic.runOnce();
      periodic.start();
    },
    stop: periodic.stop,
  };
}

export type SagaResumer = ReturnType<typeof createSagaResumer>;
