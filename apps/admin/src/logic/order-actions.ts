import type { OrderStatus } from '@storefleet/contracts';
import { ORDER_TRANSITIONS } from '@storefleet/contracts/order-transitions';

/** What the button for a change to each status says. */
const ACTION_LABEL: Record<OrderStatus, string> = {
  pending: 'Reopen',
  processing: 'Start processing',
  shipped: 'Ship',
  delivered: 'Mark delivered',
  cancelled: 'Cancel order',
};

export interface StatusAction {
  to: OrderStatus;
  label: string;
  /** Cancelling asks for a reason; shipping may carry serial numbers. */
  asks: 'reason' | 'serials' | 'nothing';
}

/** The legal changes of an order in this status, as the orders service enforces them. */
export function statusActions(from: OrderStatus): StatusAction[] {
  return ORDER_TRANSITIONS[from].map((to) => ({
    to,
    label: ACTION_LABEL[to],
    asks: to === 'cancelled' ? 'reason' : to === 'shipped' ? 'serials' : 'nothing',
  }));
}

/** Serial numbers as typed: one per line or separated by commas, blanks dropped, each once, in order. */
export function parseSerials(text: string): string[] {
  const serials = text.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean);
  return [...new Set(serials)];
}
