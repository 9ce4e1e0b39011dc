import { describe, expect, it } from 'vitest';
import { AppError } from '@storefleet/kit';
import { ORDER_STATUSES, type OrderStatus } from '@storefleet/contracts';
import { allowedTargets, assertCustomerMayChange, assertTransition, planTransition } from './order-status.js';
import { appErrorOf } from '../../../../test/support/problems.js';

const LEGAL: [OrderStatus, OrderStatus][] = [
  ['pending', 'processing'],
  ['pending', 'cancelled'],
  ['processing', 'shipped'],
  ['processing', 'cancelled'],
  ['shipped', 'delivered'],
  ['shipped', 'cancelled'],
  ['cancelled', 'pending'],
];

describe('order status machine', () => {
  it('allows exactly the transitions of the architecture', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const legal = LEGAL.some(([f, t]) => f === from && t === to);
        if (legal) expect(() => assertTransition(from, to)).not.toThrow();
        else expect(appErrorOf(() => assertTransition(from, to)).status, `${from} → ${to}`).toBe(409);
      }
    }
  });

  it('names the allowed targets when refusing', () => {
    const error = appErrorOf(() => assertTransition('processing', 'pending'));
    expect(error.extensions).toMatchObject({ code: 'illegal_transition', from: 'processing', to: 'pending', allowed: ['shipped', 'cancelled'] });
    expect(appErrorOf(() => assertTransition('delivered', 'cancelled')).extensions?.allowed).toEqual([]);
    expect(allowedTargets('cancelled')).toEqual(['pending']);
  });

  it('lets customers cancel only pending or processing orders', () => {
    expect(() => assertCustomerMayChange('pending', 'cancelled')).not.toThrow();
    expect(() => assertCustomerMayChange('processing', 'cancelled')).not.toThrow();
    expect(appErrorOf(() => assertCustomerMayChange('shipped', 'cancelled')).status).toBe(403);
    expect(appErrorOf(() => assertCustomerMayChange('processing', 'shipped')).status).toBe(403);
    expect(appErrorOf(() => assertCustomerMayChange('cancelled', 'pending')).status).toBe(403);
  });

  it('plans the side effects of each transition', () => {
    expect(planTransition('pending', 'cancelled')).toEqual({ undo: [], after: ['release', 'void'] });
    expect(planTransition('processing', 'cancelled')).toEqual({ undo: [], after: ['release', 'void'] });
    expect(planTransition('shipped', 'cancelled')).toEqual({ undo: [], after: ['release', 'refund'] });
    expect(planTransition('cancelled', 'pending')).toEqual({ before: 'reserve', undo: ['release'], after: [] });
    expect(planTransition('pending', 'processing')).toEqual({ before: 'commit', undo: [], after: [] });
    expect(planTransition('processing', 'shipped')).toEqual({ before: 'capture', undo: [], after: [] });
    expect(planTransition('shipped', 'delivered')).toEqual({ undo: [], after: [] });
    expect(() => planTransition('delivered', 'shipped')).toThrow(AppError);
  });
});
