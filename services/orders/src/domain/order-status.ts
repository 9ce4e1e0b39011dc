import { AppError } from '@storefleet/kit';
import { ORDER_TRANSITIONS, type OrderStatus } from '@storefleet/contracts';

// The status machine itself is declared once, in contracts (the admin panel offers the same changes).
export { ORDER_TRANSITIONS };

/** Undoing what a checkout or a status change did outside orders. */
export type Compensation = 'release' | 'void' | 'refund';

/** What a status change does in inventory and payments. */
export interface TransitionPlan {
  /** Runs before the status changes; when it fails, the status does not change. */
  before?: 'reserve' | 'commit' | 'capture';
  /** Undoes `before` if the change is abandoned midway (the process stopped). */
  undo: Compensation[];
  /** Runs once the status has changed; kept pending in the database until each succeeds. */
  after: Compensation[];
}

export function allowedTargets(from: OrderStatus): OrderStatus[] {
  return [...ORDER_TRANSITIONS[from]];
}

/** Refuses a transition the status machine does not have, naming the legal ones. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  const allowed = allowedTargets(from);
  if (allowed.includes(to)) return;
  const legal = allowed.length ? allowed.join(', ') : 'none, it is final';
  throw new AppError('conflict', `An order that is ${from} cannot become ${to} (allowed: ${legal})`, {
    extensions: { code: 'illegal_transition', from, to, allowed },
  });
}

/** A customer may only cancel their own order, and only before it ships. */
export function assertCustomerMayChange(from: OrderStatus, to: OrderStatus): void {
  if (to === 'cancelled' && (from === 'pending' || from === 'processing')) return;
  throw new AppError('forbidden', to === 'cancelled'
    ? `An order that is ${from} can no longer be cancelled by the customer`
    : 'Customers may only cancel their orders; other status changes are for admins');
}

/**
 * The side effects of a legal transition: shipping captures the payment, cancelling restocks (or releases)
 * and voids an unshipped payment or refunds a shipped one, reactivating re-reserves, and processing a
 * reactivated order commits its reservation.
 */
export function planTransition(from: OrderStatus, to: OrderStatus): TransitionPlan {
  assertTransition(from, to);
  if (to === 'cancelled') return { undo: [], after: ['release', from === 'shipped' ? 'refund' : 'void'] };
  if (to === 'pending') return { before: 'reserve', undo: ['release'], after: [] };
  if (to === 'processing') return { before: 'commit', undo: [], after: [] };
  if (to === 'shipped') return { before: 'capture', undo: [], after: [] };
  return { undo: [], after: [] };
}
