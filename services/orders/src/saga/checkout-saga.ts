import { AppError, type KitLogger } from '@storefleet/kit';
import type { CallContext } from '../clients/upstream.js';
import type { InventoryClient } from '../clients/inventory-client.js';
import type { PaymentsClient } from '../clients/payments-client.js';
import type { CheckoutStep, SagaStep } from '../config.js';
import { cancelReason, type SagaFailure } from '../domain/checkout-outcome.js';
import type { Compensation } from '../domain/order-status.js';
import { stepKey } from '../domain/step-key.js';
import type { OrderRecord } from '../store/order-rows.js';
import type { OrdersStore } from '../store/orders-store.js';
import type { SagaStore } from '../store/saga-store.js';
import type { Compensations } from './compensations.js';
import { StepFailed, StepPaused, runSaga, type SagaJournal, type SagaStep as Step } from './saga-runner.js';

export interface CheckoutSagaDeps {
  sagas: SagaStore;
  orders: OrdersStore;
  inventory: InventoryClient;
  payments: PaymentsClient;
  compensations: Compensations;
  log: KitLogger;
  /** Called once the order is created and after each step is done and recorded; tests inject crashes here (SAGA_CRASH_AFTER). */
  afterStep?: (step: SagaStep) => unknown;
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

/** One run of an order's saga: the order as this run knows it, the lease it holds, and the request, if it is the one that started it. */
interface CheckoutRun {
  order: OrderRecord;
  owner: string;
  live?: LiveCheckout;
}

/** A payment as the order records it. */
interface RecordedPayment {
  id: string;
  status: string;
}

function unavailable(service: 'inventory' | 'payments', error: unknown): SagaFailure {
  return { kind: 'unavailable', service, detail: error instanceof Error ? error.message : String(error) };
}

/**
 * The checkout saga of ARCHITECTURE.md, persisted step by step in `orders.saga_state`:
 *   reserve (inventory, by order id) → authorize (payments, by order id) → commit (inventory) and complete
 *   (processing + order.created + the cart emptied).
 * A failure cancels the order with its reason and runs the compensations of the steps before it, last first
 * (and the failing step's own when its call may have happened without an answer).
 *
 * `drive` continues an order from wherever its saga stands. The request that started a checkout drives it
 * with the card (`live`). The resumer drives orders left unfinished without one: the card number is never
 * stored, so an order that had not been authorized yet is compensated (void, release) and cancelled as
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
  const afterStep = async (step: SagaStep): Promise<void> => {
    await deps.afterStep?.(step);
  };

  /** The steps in order; the persisted `saga_state` names the step a resumed run starts at. */
  const steps: Step<CheckoutRun, CheckoutStep, Compensation>[] = [
    {
      name: 'reserve',
      // A resumed run has no card, so it could not go past the authorization: it undoes instead of reserving.
      resumable: false,
      async run({ order, live }) {
        const lines = order.items.map((l) => ({ sku: l.sku, quantity: l.quantity }));
        let outcome;
        try {
          outcome = await inventory.reserve({ order_id: order.id, lines }, { key: stepKey(order, 'reserve'), context: live?.context });
        } catch (error) {
          // The hold may exist although the answer was lost: release it.
          throw new StepFailed(unavailable('inventory', error), { mayHaveRun: true });
        }
        if (outcome.status === 'out_of_stock') throw new StepFailed<SagaFailure>({ kind: 'out_of_stock', shortages: outcome.shortages });
      },
      // No record: until the authorization is recorded, an interrupted checkout is undone in full either way.
      compensate: 'release',
    },
    {
      name: 'authorize',
      resumable: false,
      async run({ order, live }): Promise<RecordedPayment> {
        let payment;
        try {
          payment = await payments.authorize(
            { order_id: order.id, amount: order.total, currency: order.currency, card_number: live!.cardNumber, user_id: order.user_id, email: order.email },
            { key: stepKey(order, 'authorize'), context: live!.context },
          );
        } catch (error) {
          // An authorization may have happened without an answer; the void cancels it, or forbids a late one.
          throw new StepFailed(unavailable('payments', error), { mayHaveRun: true });
        }
        const recorded = { id: payment.id, status: payment.status };
        if (payment.status === 'authorized') return recorded;
        if (payment.status === 'declined') throw new StepFailed<SagaFailure>({ kind: 'payment_declined', detail: payment.failure_reason }, { result: recorded });
        if (payment.status === 'failed') throw new StepFailed<SagaFailure>({ kind: 'payment_failed', detail: payment.failure_reason }, { result: recorded });
        // Neither authorized nor refused: an authorization may still come, so it is voided too.
        throw new StepFailed(unavailable('payments', new Error(`the payment ended ${payment.status}`)), { mayHaveRun: true, result: recorded });
      },
      // The authorization changes what a resumed run does (complete the order instead of undoing it).
      async record(run, result, next) {
        const payment = result as RecordedPayment;
        if (!(await sagas.authorized(run.order.id, run.owner, payment, next!))) return false;
        run.order = { ...run.order, payment: { ...run.order.payment, ...payment }, saga: { state: next!, pending: [] } };
        return true;
      },
      compensate: 'void',
    },
    {
      name: 'commit',
      async run({ order, live }) {
        let committed;
        try {
          committed = await inventory.commit(order.id, { key: stepKey(order, 'commit'), context: live?.context });
        } catch (error) {
          if (live) throw new StepFailed(unavailable('inventory', error));
          // Forward recovery: reserved and authorized, so the resumer keeps trying to commit.
          log.warn({ err: error, order_id: order.id }, 'commit could not run now; the resumer will retry it');
          throw new StepPaused(unavailable('inventory', error));
        }
        if (committed !== 'committed') throw new StepFailed<SagaFailure>({ kind: 'reservation_expired' });
      },
      // No record: a resumed run commits again (idempotent by order id), and completing the order records the end.
    },
  ];

  async function reload(id: string): Promise<OrderRecord> {
    const order = await orders.get(id);
    if (!order) throw new AppError('internal', `Order ${id} disappeared during its checkout`);
    return order;
  }

  return {
    /** The fault-injection hook, for the checkout to call once the order is created (the step before the saga's first). */
    afterStep,

    /**
     * Drives an order's saga until it rests (done) or waits for the resumer; `owner` must hold its lease.
     * `current` is the order as just written by this owner (a new checkout's), saving a read.
     */
    async drive(id: string, owner: string, live?: LiveCheckout, current?: OrderRecord): Promise<SagaResult> {
      const order = current ?? (await reload(id));
      const state = order.saga.state;
      if (state === 'done') return { order };
      if (state === 'compensate' || state === 'transition') return { order: await compensations.run(order, owner, live?.context) };

      const run: CheckoutRun = { order, owner, live };
      /** The order as this run last wrote it. */
      let written = order;
      const journal: SagaJournal<SagaFailure, Compensation> = {
        async complete() {
          const completed = await sagas.complete(run.order, owner);
          if (completed) written = completed;
          return completed !== undefined;
        },
        async fail(failure, pending, payment) {
          const detail = 'detail' in failure ? failure.detail : undefined;
          log.info({ order_id: id, reason: cancelReason(failure), detail, pending }, 'checkout failed; cancelling the order');
          const failed = await sagas.fail(id, owner, { reason: cancelReason(failure), pending, payment: payment as RecordedPayment | undefined });
          if (failed) written = failed;
          return failed !== undefined;
        },
        async compensate() {
          if (written.saga.state === 'compensate') written = await compensations.run(written, owner, live?.context);
        },
        async pause() {
          await sagas.releaseLease(id, owner);
        },
      };
      const outcome = await runSaga(steps, { from: state, resumed: !live, ctx: run, journal, interrupted: { kind: 'interrupted' }, afterStep });
      switch (outcome.kind) {
        case 'completed':
          return { order: written };
        case 'failed':
          return { order: written, failure: outcome.failure };
        case 'paused':
          return { order: await reload(id), failure: outcome.failure };
        case 'lost':
          return { order: await reload(id), failure: { kind: 'lease_lost' } };
      }
    },
  };
}

export type CheckoutSaga = ReturnType<typeof createCheckoutSaga>;
