import { randomUUID } from 'node:crypto';
import { AppError } from '@storefleet/kit';
import { TEST_CARDS } from '@storefleet/contracts';
import type { ReservationLine, ReservationStatus } from '@storefleet/contracts/internal';
import type { CatalogClient, CatalogProduct, InventoryClient, PaymentChange, PaymentResult, PaymentsClient } from '../src/app.js';

const down = (service: string) => new AppError('unavailable', `The ${service} service is unavailable`);

/** A catalog of a few products; `down` makes every lookup fail as an unreachable service would. */
export function createFakeCatalog(products: CatalogProduct[]) {
  const state = { products: [...products], down: false };
  const client: CatalogClient = {
    async lookup({ skus = [], ids = [] }) {
      if (state.down) throw down('catalog');
      return state.products.filter((p) => skus.includes(p.sku) || ids.includes(p.id));
    },
  };
  return Object.assign(state, client);
}

interface Reservation {
  status: ReservationStatus;
  lines: ReservationLine[];
  expires: boolean;
}

/**
 * Inventory that really counts: on_hand and reserved per SKU, reservations by order id with the
 * semantics of the spec (idempotent reserve, all lines or none; commit; release or restock).
 */
export function createFakeInventory(stock: Record<string, number>) {
  const levels = new Map(Object.entries(stock).map(([sku, onHand]) => [sku, { on_hand: onHand, reserved: 0 }]));
  const reservations = new Map<string, Reservation>();
  /** Every reserve call that created a hold, by order id: a second hold for one order would show here twice. */
  const holds: string[] = [];
  const state = { down: false, reservations, holds };
  const level = (sku: string) => levels.get(sku) ?? { on_hand: 0, reserved: 0 };
  const move = (r: Reservation, field: 'on_hand' | 'reserved', sign: 1 | -1) => {
    for (const line of r.lines) {
      const l = level(line.sku);
      l[field] += sign * line.quantity;
      levels.set(line.sku, l);
    }
  };

  const client: InventoryClient = {
    async reserve({ order_id, lines, expires = true }) {
      if (state.down) throw down('inventory');
      const existing = reservations.get(order_id);
      if (existing && (existing.status === 'held' || existing.status === 'committed')) return { status: 'held' };
      const shortages = lines
        .map((l) => ({ sku: l.sku, requested: l.quantity, available: level(l.sku).on_hand - level(l.sku).reserved }))
        .filter((s) => s.available < s.requested);
      if (shortages.length) return { status: 'out_of_stock', shortages };
      const reservation: Reservation = { status: 'held', lines, expires };
      move(reservation, 'reserved', 1);
      reservations.set(order_id, reservation);
      holds.push(order_id);
      return { status: 'held' };
    },
    async commit(orderId) {
      if (state.down) throw down('inventory');
      const r = reservations.get(orderId);
      if (!r) return 'missing';
      if (r.status === 'committed') return 'committed';
      if (r.status !== 'held') return 'released';
      move(r, 'reserved', -1);
      move(r, 'on_hand', -1);
      r.status = 'committed';
      return 'committed';
    },
    async release(orderId) {
      if (state.down) throw down('inventory');
      const r = reservations.get(orderId);
      if (!r) return 'missing';
      if (r.status === 'held') {
        move(r, 'reserved', -1);
        r.status = 'released';
      } else if (r.status === 'committed') {
        move(r, 'on_hand', 1);
        r.status = 'restocked';
      }
      return 'released';
    },
  };
  return Object.assign(state, client, {
    level: (sku: string) => ({ ...level(sku), available: level(sku).on_hand - level(sku).reserved }),
  });
}

type FakePayment = PaymentResult & { order_id: string; amount: number };

/** Payments whose outcome the test card decides; `down` makes every call fail; `gate` holds authorizations. */
export function createFakePayments() {
  const payments = new Map<string, FakePayment>();
  const state = { down: false, payments, gate: undefined as Promise<void> | undefined, authorizations: 0 };
  const statusOf = (p: FakePayment): PaymentChange => ({ ok: true, status: p.status });

  const client: PaymentsClient = {
    async authorize(input) {
      if (state.down) throw down('payments');
      await state.gate;
      const existing = payments.get(input.order_id);
      if (existing) return existing;
      state.authorizations++;
      const outcome: Pick<PaymentResult, 'status' | 'failure_reason'> =
        input.card_number === TEST_CARDS.declined ? { status: 'declined', failure_reason: 'card_declined' }
        : input.card_number === TEST_CARDS.processorError ? { status: 'failed', failure_reason: 'processor_error' }
        : { status: 'authorized', failure_reason: null };
      const payment = { id: randomUUID(), order_id: input.order_id, amount: input.amount, ...outcome };
      payments.set(input.order_id, payment);
      return payment;
    },
    async capture(orderId) {
      if (state.down) throw down('payments');
      const p = payments.get(orderId);
      if (!p) return { ok: false, reason: 'missing' };
      if (p.status === 'authorized') p.status = 'captured';
      return p.status === 'captured' ? statusOf(p) : { ok: false, reason: 'conflict', detail: `the payment is ${p.status}` };
    },
    async void(orderId) {
      if (state.down) throw down('payments');
      const p = payments.get(orderId);
      if (!p) {
        // A tombstone, so a late authorization does not happen.
        payments.set(orderId, { id: randomUUID(), order_id: orderId, amount: 0, status: 'voided', failure_reason: null });
        return { ok: true, status: 'voided' };
      }
      if (p.status === 'captured' || p.status === 'refunded') return { ok: false, reason: 'conflict' };
      if (p.status === 'authorized' || p.status === 'pending') p.status = 'voided';
      return statusOf(p);
    },
    async refund(orderId) {
      if (state.down) throw down('payments');
      const p = payments.get(orderId);
      if (!p) return { ok: false, reason: 'missing' };
      if (p.status === 'captured') p.status = 'refunded';
      return p.status === 'refunded' ? statusOf(p) : { ok: false, reason: 'conflict' };
    },
  };
  return Object.assign(state, client, { statusOf: (orderId: string) => payments.get(orderId)?.status });
}

export type FakeCatalog = ReturnType<typeof createFakeCatalog>;
export type FakeInventory = ReturnType<typeof createFakeInventory>;
export type FakePayments = ReturnType<typeof createFakePayments>;
