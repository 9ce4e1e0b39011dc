import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser } from '@storefleet/kit';
import type { OrderStatus, ShipmentSerials } from '@storefleet/contracts';
import type { CallContext } from '../clients/upstream.js';
import type { InventoryClient } from '../clients/inventory-client.js';
import type { PaymentsClient } from '../clients/payments-client.js';
import { assertCustomerMayChange, planTransition, type TransitionPlan } from '../domain/order-status.js';
import { planSerials } from '../domain/shipment.js';
import { stepKey } from '../domain/step-key.js';
import type { OrderRecord } from '../store/order-rows.js';
import type { SagaStore, StatusChange } from '../store/saga-store.js';
import type { Compensations } from './compensations.js';
import type { LeaseKeeper } from './lease-keeper.js';

export interface StatusChangeDeps {
  sagas: SagaStore;
  inventory: InventoryClient;
  payments: PaymentsClient;
  compensations: Compensations;
  leases: LeaseKeeper;
}

function busy(order: OrderRecord): AppError {
  return new AppError('conflict', `Order ${order.id} is still being processed (${order.saga.state}); retry in a moment`, {
    extensions: { code: 'order_busy', order_id: order.id, saga_state: order.saga.state },
  });
}

function changedMeanwhile(order: OrderRecord): AppError {
  return new AppError('conflict', `Order ${order.id} changed while this request ran; read it again`, { extensions: { code: 'order_changed', order_id: order.id } });
}

/** What the step before a status change found: the payment's new status, or a remark for the timeline. */
interface Effect {
  payment_status?: string;
  note?: string;
}

/**
 * Status changes with their side effects: cancelling restocks or releases and voids or refunds (recorded
 * first, compensated after, retried by the resumer if a service is down); reactivating re-reserves without
 * expiry; processing a reactivated order commits its reservation; shipping captures the payment.
 * @example const order = await statusChanges.change(order, 'shipped', admin, { reason: 'DHL 123', serials: { 'LAP-1': ['SN1'] } })
 */
export function createStatusChanges({ sagas, inventory, payments, compensations, leases }: StatusChangeDeps) {
  async function before(step: NonNullable<TransitionPlan['before']>, order: OrderRecord, context?: CallContext): Promise<Effect> {
    if (step === 'reserve') {
      const lines = order.items.map((l) => ({ sku: l.sku, quantity: l.quantity }));
      const reserved = await inventory.reserve({ order_id: order.id, lines, expires: false }, { key: stepKey(order, 'reserve'), context });
      if (reserved.status === 'out_of_stock') {
        throw new AppError('conflict', 'Not enough stock to reactivate this order', { extensions: { code: 'out_of_stock', shortages: reserved.shortages, order_id: order.id } });
      }
      return {};
    }
    if (step === 'commit') {
      const committed = await inventory.commit(order.id, { key: stepKey(order, 'commit'), context });
      if (committed !== 'committed') {
        throw new AppError('conflict', 'The reservation of this order was released; cancel and reactivate it to reserve again', {
          extensions: { code: 'reservation_released', order_id: order.id },
        });
      }
      return {};
    }
    const captured = await payments.capture(order.id, { key: stepKey(order, 'capture'), context });
    if (captured.ok) return { payment_status: captured.status };
    return { note: `payment not captured: no authorized payment (${captured.reason === 'missing' ? 'none exists' : captured.detail ?? 'not authorized'})` };
  }

  /** Applies a planned change while `owner` holds the order (the lease keeper renews it meanwhile). */
  async function run(order: OrderRecord, plan: TransitionPlan, change: Omit<StatusChange, 'payment_status' | 'note'>, owner: string, context?: CallContext): Promise<OrderRecord> {
    if (!plan.before) {
      const changed = await sagas.applyTransition(order.id, owner, change);
      if (!changed) throw changedMeanwhile(order);
      return changed.saga.pending.length ? compensations.run(changed, owner, context) : changed;
    }
    const begun = await sagas.beginTransition(order.id, change.from, owner, plan.undo, plan.before === 'reserve');
    if (!begun) throw changedMeanwhile(order);
    let effect: Effect;
    try {
      effect = await before(plan.before, begun, context);
    } catch (error) {
      // A refusal changed nothing; a call that may have happened without an answer leaves its undo to the resumer.
      const refused = error instanceof AppError && error.status < 500;
      if (refused || !plan.undo.length) await sagas.finish(order.id, owner);
      else await sagas.abandonTransition(order.id, owner);
      throw error;
    }
    const changed = await sagas.applyTransition(order.id, owner, { ...change, ...effect });
    if (!changed) throw changedMeanwhile(order);
    return changed;
  }

  return {
    /**
     * Moves `order` to `to` on behalf of `actor`: customers may only cancel their own pending or processing
     * orders (403), the status machine refuses illegal moves (409 naming the allowed ones), and an order whose
     * saga is still running refuses every change (409). Shipping records a serial for every unit: those
     * given in `serials`, the others generated (see planSerials).
     */
    async change(
      order: OrderRecord,
      to: OrderStatus,
      actor: AuthUser,
      request: { reason?: string; serials?: ShipmentSerials },
      context?: CallContext,
    ): Promise<OrderRecord> {
      const from = order.status;
      if (actor.role !== 'admin') assertCustomerMayChange(from, to);
      if (request.serials && to !== 'shipped') {
        throw new AppError('validation', 'Serials are given only when the order ships', { fields: [{ field: 'serials', message: 'give serials only with status shipped' }] });
      }
      const plan = planTransition(from, to);
      if (order.saga.state !== 'done') throw busy(order);
      const serials = to === 'shipped' ? planSerials(order.items, request.serials) : undefined;
      const owner = randomUUID();
      const reason = request.reason ?? (to === 'cancelled' ? `cancelled by ${actor.role}` : null);
      const change = { from, to, actor: actor.id, reason, after: plan.after, ...(serials ? { serials } : {}) };
      return leases.during(order.id, owner, () => run(order, plan, change, owner, context));
    },
  };
}

export type StatusChanges = ReturnType<typeof createStatusChanges>;
