import { describe, expect, it } from 'vitest';
import { canSeeOrder, guestMayLookUp } from './order-access.js';

const order = { user_id: 'a', email: 'ada@example.com', deleted: false };

describe('who sees an order', () => {
  it('shows an order to its owner and admins, never once deleted', () => {
    expect(canSeeOrder(order, { id: 'a', role: 'customer' })).toBe(true);
    expect(canSeeOrder(order, { id: 'b', role: 'customer' })).toBe(false);
    expect(canSeeOrder(order, { id: 'b', role: 'admin' })).toBe(true);
    expect(canSeeOrder({ ...order, deleted: true }, { id: 'b', role: 'admin' })).toBe(false);
    expect(canSeeOrder({ ...order, user_id: null }, { id: 'a', role: 'customer' })).toBe(false);
  });

  it('lets a guest look an order up by its email only', () => {
    expect(guestMayLookUp(order, ' ADA@example.com ')).toBe(true);
    expect(guestMayLookUp(order, 'eve@example.com')).toBe(false);
    expect(guestMayLookUp({ ...order, deleted: true }, 'ada@example.com')).toBe(false);
  });
});
