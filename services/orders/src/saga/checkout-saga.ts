import { AppError, type KitLogger } from '@storefleet/kit';
import type { CallContext } from '../clients/upstream.js';
import type { InventoryClient } from '../clients/inventory-client.js';
import type { PaymentsClient } from '../clients/payments-client.js';
import type { SagaStep } from '../config.js';
import { cancelReason, type SagaFailure } from '../domain/checkout-outcome.js';
import type { Compensation } from '../domain/order-status.js';
import { stepKey } from '../domain/step-key.js';
import type { OrderRecord } from '../store/order-rows.js';
import type { OrdersStore } from '../store/orders-store.js';
import type { SagaStore } from '../store/saga-store.js';
import type { Compensations } from './compensations.js';

export interface CheckoutSagaDeps {
  sagas: SagaStore;
  orders: OrdersStore;
  inventory: InventoryClient;
  payments: PaymentsClient;
  compensations: Compensations;
  log: KitLogger;
  /** Test-only fault point: after this step the process "dies" (onCrash), compensating nothing. */
  crashAfter?: SagaStep;
  onCrash: (step: SagaStep) => unknown;
}

export interface SagaResult {
  order: OrderRecord;
  failure?: SagaFailure;
}

/** What the request that started a checkout knows and the resumer does not: the card. */
export interface LiveCheckout {
  cardNumber: string;
  context?: CallContext;
}

function unavailable(service: 'inventory' | 'payments', error: unknown): SagaFailure {
  return { kind: 'unavailable', service, detail: error instanceof Error ? error.message : String(error) };
}

/**
 * The checkout saga of ARCHITECTURE.md, persisted step by step in `orders.saga_state`:
 *   reserve (inventory, by order id) → authorize (payments, by order id) → commit (inventory) and complete
 *   (processing + order.created + the cart emptied).
 * A failure cancels the order with its reason and runs the compensations the steps before it need.
 *
 * `drive` continues an order from wherever its saga stands. The request that started a checkout drives it
 * with the card (`live`). The resumer drives orders left unfinished without one: the card number is never
 * stored, so an order that had not been authorized yet is compensated (released, voided) and cancelled as
 * `checkout_interrupted`, while an order already reserved and authorized is completed.
 *
 * So the saga records what changes that decision: `reserve` when the order is created, `commit` once the
 * payment is authorized (before inventory commits), `done` at the end. A finished reservation is not
 * recorded on its own: an order interrupted before its authorization was recorded gets both the release
 * and the void whether it reached inventory and payments or not (both are idempotent by order id, and
 * harmless where nothing happened: a void with no authorization forbids a late one).
 * @example const result = await saga.drive(order.id, owner, { cardNumber })
 */
export function createCheckoutSaga(deps: CheckoutSagaDeps) {
  const { sagas, orders, inventory, payments, compensations, log } = deps;

  /** The fault-injection point; in production onCrash kills the process, in tests it throws. */
  async function crashPoint(step: SagaStep): Promise<void> {
    if (deps.crashAfter !== step) return;
    log.warn({ step }, 'SAGA_CRASH_AFTER reached: stopping as if the process died');
    await deps.onCrash(step);
  }

  async function reload(id: string): Promise<OrderRecord> {
    const order = await orders.get(id);
    if (!order) throw new AppError('internal', `Order ${id} disappeared during its checkout`);
    return order;
  }

  async function fail(order: OrderRecord, owner: string, failure: SagaFailure, pending: Compensation[], payment?: { id: string; status: string }) {
    const detail = 'detail' in failure ? failure.detail : undefined;
    log.info({ order_id: order.id, reason: cancelReason(failure), detail, pending }, 'checkout failed; cancelling the order');
    const failed = await sagas.fail(order.id, owner, { reason: cancelReason(failure), pending, payment });
    return failed ?? { ...(await reload(order.id)), lostLease: true as const };
  }

  async function reserve(order: OrderRecord, owner: string, live: LiveCheckout): Promise<{ next?: OrderRecord; failure?: SagaFailure }> {
    const lines = order.items.map((l) => ({ sku: l.sku, quantity: l.quantity }));
    let outcome;
    try {
      outcome = await inventory.reserve({ order_id: order.id, lines }, { key: stepKey(order, 'reserve'), context: live.context });
    } catch (error) {
      const failure = unavailable('inventory', error);
      // The hold may exist although the answer was lost: release it.
      return { next: await fail(order, owner, failure, ['release']), failure };
    }
    if (outcome.status === 'out_of_stock') {
      const failure: SagaFailure = { kind: 'out_of_stock', shortages: outcome.shortages };
      return { next: await fail(order, owner, failure, []), failure };
    }
    // Not recorded: until the authorization is, an interrupted checkout is undone in full either way.
    await crashPoint('reserve');
    return { next: { ...order, saga: { state: 'authorize', pending: [] } } };
  }

  async function authorize(order: OrderRecord, owner: string, live: LiveCheckout): Promise<{ next?: OrderRecord; failure?: SagaFailure }> {
    let payment;
    try {
      payment = await payments.authorize(
        { order_id: order.id, amount: order.total, currency: order.currency, card_number: live.cardNumber, user_id: order.user_id, email: order.email },
        { key: stepKey(order, 'authorize'), context: live.context },
      );
    } catch (error) {
      const failure = unavailable('payments', error);
      // An authorization may have happened without an answer; the void cancels it, or forbids a late one.
      return { next: await fail(order, owner, failure, ['release', 'void']), failure };
    }
    const recorded = { id: payment.id, status: payment.status };
    if (payment.status === 'authorized') {
      if (!(await sagas.authorized(order.id, owner, recorded))) return { failure: { kind: 'lease_lost' } };
      await crashPoint('authorize');
      return { next: { ...order, payment: { ...order.payment, ...recorded }, saga: { state: 'commit', pending: [] } } };
    }
    const failure: SagaFailure =
      payment.status === 'declined' ? { kind: 'payment_declined', detail: payment.failure_reason }
      : payment.status === 'failed' ? { kind: 'payment_failed', detail: payment.failure_reason }
      : unavailable('payments', new Error(`the payment ended ${payment.status}`));
    const pending: Compensation[] = payment.status === 'declined' || payment.status === 'failed' ? ['release'] : ['release', 'void'];
    return { next: await fail(order, owner, failure, pending, recorded), failure };
  }

  async function commit(order: OrderRecord, owner: string, live?: LiveCheckout): Promise<{ next?: OrderRecord; failure?: SagaFailure; done?: boolean }> {
    let committed;
    try {
      committed = await inventory.commit(order.id, { key: stepKey(order, 'commit'), context: live?.context });
    } catch (error) {
      if (!live) {
        // Forward recovery: reserved and authorized, so the resumer keeps trying to commit.
        log.warn({ err: error, order_id: order.id }, 'commit could not run now; the resumer will retry it');
        await sagas.releaseLease(order.id, owner);
        return { next: await reload(order.id), done: true, failure: unavailable('inventory', error) };
      }
      const failure = unavailable('inventory', error);
      return { next: await fail(order, owner, failure, ['release', 'void']), failure };
    }
    if (committed !== 'committed') {
      const failure: SagaFailure = { kind: 'reservation_expired' };
      return { next: await fail(order, owner, failure, ['release', 'void']), failure };
    }
    if (live) await crashPoint('commit');
    const completed = await sagas.complete(order, owner);
    if (!completed) return { failure: { kind: 'lease_lost' } };
    return { next: completed, done: true };
  }

  return {
    crashPoint,

    /**
     * Drives an order's saga until it rests (done) or waits for the resumer; `owner` must hold its lease.
     * `current` is the order as just written by this owner (a new checkout's), saving a read.
     */
    async drive(id: string, owner: string, live?: LiveCheckout, current?: OrderRecord): Promise<SagaResult> {
      let order = current ?? (await reload(id));
      let failure: SagaFailure | undefined;
      for (;;) {
        const state = order.saga.state;
        if (state === 'done') return { order, failure };
        if (state === 'compensate' || state === 'transition') {
          return { order: await compensations.run(order, owner, live?.context), failure };
        }
        let step: { next?: OrderRecord & { lostLease?: true }; failure?: SagaFailure; done?: boolean };
        if (state === 'commit') step = await commit(order, owner, live);
        else if (!live) {
          failure = { kind: 'interrupted' };
          step = { next: await fail(order, owner, failure, ['release', 'void']) };
        } else step = state === 'reserve' ? await reserve(order, owner, live) : await authorize(order, owner, live);
        failure = step.failure ?? failure;
        if (!step.next || step.next.lostLease) return { order: step.next ?? (await reload(id)), failure: { kind: 'lease_lost' } };
        order = step.next;
        if (step.done) return { order, failure };
      }
    },
  };
}

export type CheckoutSaga = ReturnType<typeof createCheckoutSaga>;
