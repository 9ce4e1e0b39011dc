import type { KitLogger } from '@storefleet/kit';
import type { CallContext } from '../clients/upstream.js';
import type { InventoryClient } from '../clients/inventory-client.js';
import type { PaymentsClient } from '../clients/payments-client.js';
import type { Compensation } from '../domain/order-status.js';
import { stepKey } from '../domain/step-key.js';
import type { OrderRecord } from '../store/order-rows.js';
import type { OrdersStore } from '../store/orders-store.js';
import type { SagaStore } from '../store/saga-store.js';

export interface CompensationDeps {
  sagas: SagaStore;
  orders: OrdersStore;
  inventory: InventoryClient;
  payments: PaymentsClient;
  log: KitLogger;
}

/**
 * Runs an order's pending compensations (release the reservation, void or refund the payment). Each is
 * idempotent on the other side, so running one twice is harmless; each success is recorded at once. One
 * that cannot run now (its service is down) stays pending, the others still run, and the lease is given
 * up, so the resumer retries what is left on its next pass until it is done.
 * @example const compensations = createCompensations({ sagas, orders, inventory, payments, log })
 */
export function createCompensations({ sagas, orders, inventory, payments, log }: CompensationDeps) {
  /** Does one compensation; returns the payment's status when it touched the payment. */
  async function perform(order: OrderRecord, step: Compensation, context?: CallContext): Promise<string | undefined> {
    if (step === 'release') {
      await inventory.release(order.id, { key: stepKey(order, 'release'), context });
      return undefined;
    }
    if (step === 'void') {
      const voided = await payments.void(order.id, { key: stepKey(order, 'void'), context });
      if (voided.ok) return voided.status;
      // Captured meanwhile: the money is taken, so it goes back as a refund.
      if (voided.reason === 'conflict') return perform(order, 'refund', context);
      return undefined;
    }
    const refunded = await payments.refund(order.id, { reason: order.cancel_reason ?? 'order cancelled' }, { key: stepKey(order, 'refund'), context });
    return refunded.ok ? refunded.status : undefined;
  }

  return {
    /** Runs what is pending for `order` while `owner` holds its lease; answers the order as it is afterwards. */
    async run(order: OrderRecord, owner: string, context?: CallContext): Promise<OrderRecord> {
      let waiting = false;
      // Each compensation is independent: a payment is voided even while inventory is down.
      for (const step of order.saga.pending as Compensation[]) {
        let paymentStatus: string | undefined;
        try {
          paymentStatus = await perform(order, step, context);
        } catch (error) {
          log.warn({ err: error, order_id: order.id, step }, 'compensation could not run now; the resumer will retry it');
          waiting = true;
          continue;
        }
        if (!(await sagas.compensated(order.id, owner, step, paymentStatus))) return (await orders.get(order.id))!;
      }
      if (waiting) {
        await sagas.releaseLease(order.id, owner);
        return (await orders.get(order.id))!;
      }
      return (await sagas.finish(order.id, owner)) ?? (await orders.get(order.id))!;
    },
  };
}

export type Compensations = ReturnType<typeof createCompensations>;
