const INVENTORY_STEPS = new Set(['reserve', 'commit', 'release']);

/**
 * The idempotency key of a call a saga step makes: `<order id>:<step>`. A reactivated order reserves
 * again, so its inventory steps carry the reservation round (`<order id>:reserve-2`) and are not
 * mistaken for the first round's.
 */
export function stepKey(order: { id: string; reservation_round: number }, step: string): string {
  return INVENTORY_STEPS.has(step) && order.reservation_round > 1 ? `${order.id}:${step}-${order.reservation_round}` : `${order.id}:${step}`;
}
