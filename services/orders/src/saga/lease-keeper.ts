import type { KitLogger } from '@storefleet/kit';
import type { SagaStore } from '../store/saga-store.js';

/**
 * Keeps the leases of the sagas this process is running alive. A live checkout can take longer than
 * SAGA_LEASE_MS under load; without renewal, a resumer (of this process or a replica) would take it
 * over and compensate it while it is still working. Every leaseMs/3, one query renews the lease of every
 * order driven here, and this process's resumer never claims those orders at all.
 * @example const result = await leases.during(order.id, owner, () => saga.drive(order.id, owner, live))
 */
export function createLeaseKeeper(options: { sagas: SagaStore; leaseMs: number; log: KitLogger }) {
  const { sagas, log } = options;
  /** order id → owner token, for every saga run in progress in this process. */
  const active = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;

  async function renew(): Promise<void> {
    if (!active.size) return;
    await sagas.renewLeases([...active.values()]).catch((err: unknown) => log.warn({ err }, 'renewing saga leases failed'));
  }

  return {
    /** Runs `fn` with `id`'s lease renewed until it settles (or throws, as a simulated crash does). */
    async during<T>(id: string, owner: string, fn: () => Promise<T>): Promise<T> {
      active.set(id, owner);
      try {
        return await fn();
      } finally {
        if (active.get(id) === owner) active.delete(id);
      }
    },
    /** The orders driven here, which the resumer leaves alone. */
    activeIds: (): string[] => [...active.keys()],
    start(): void {
      timer = setInterval(() => void renew(), Math.max(10, Math.floor(options.leaseMs / 3)));
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
    },
  };
}

export type LeaseKeeper = ReturnType<typeof createLeaseKeeper>;
