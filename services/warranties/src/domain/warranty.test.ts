import { describe, expect, it } from 'vitest';
import { CLAIM_STATUSES } from '@storefleet/contracts';
import { CLAIM_TRANSITIONS, assertClaimTransition, assertClaimable, canView, guestProves, planWarrantyChange, warrantyUnitsOf } from './warranty.js';
import { appErrorOf } from '../../../../test/support/problems.js';

const P1 = '0b8f6a2e-1c1d-4c55-9a1e-000000000001';
const P2 = '0b8f6a2e-1c1d-4c55-9a1e-000000000002';

describe('warranties from a shipment', () => {
  it('gives every unit of a product with a warranty its own, and none to a product without', () => {
    const units = warrantyUnitsOf({
      shipped_at: '2026-12-07T10:00:00.000Z', email: 'a@b.c', user_id: null,
      lines: [
        { sku: 'LAP-1', product_id: P1, name: 'Book 14', quantity: 2, warranty_months: 36, serials: ['SN1', 'SN2'] },
        { sku: 'CBL-1', product_id: P2, name: 'Cable', quantity: 3, warranty_months: 0, serials: ['C1', 'C2', 'C3'] },
      ],
    });
    expect(units).toEqual([
      { serial: 'SN1', sku: 'LAP-1', product_id: P1, product_name: 'Book 14', months: 36 },
      { serial: 'SN2', sku: 'LAP-1', product_id: P1, product_name: 'Book 14', months: 36 },
    ]);
  });
});

describe('admin changes', () => {
  const active = { status: 'active' as const, ends_on: '2028-12-07' };

  it('extends to a later end date, or voids', () => {
    expect(planWarrantyChange(active, { ends_on: '2029-06-30', reason: 'goodwill' })).toEqual({ action: 'extended', ends_on: '2029-06-30' });
    expect(planWarrantyChange(active, { status: 'void', reason: 'stolen' })).toEqual({ action: 'voided' });
  });

  it('refuses an end date not after the current one (422 naming ends_on), both or neither (400), and any change of a void warranty (409)', () => {
    const earlier = appErrorOf(() => planWarrantyChange(active, { ends_on: '2028-12-07', reason: 'x' }));
    expect([earlier.status, earlier.fields?.[0]?.field]).toEqual([422, 'ends_on']);
    expect(appErrorOf(() => planWarrantyChange(active, { reason: 'x' })).fields?.[0]?.field).toBe('ends_on');
    expect(appErrorOf(() => planWarrantyChange(active, { ends_on: '2030-01-01', status: 'void', reason: 'x' })).status).toBe(400);
    expect(appErrorOf(() => planWarrantyChange({ ...active, status: 'void' }, { ends_on: '2030-01-01', reason: 'x' })).status).toBe(409);
  });
});

describe('claims', () => {
  it('are opened on active warranties only', () => {
    expect(() => assertClaimable({ status: 'active', ends_on: '2030-01-01' })).not.toThrow();
    expect(appErrorOf(() => assertClaimable({ status: 'expired', ends_on: '2020-01-01' })).status).toBe(409);
    expect(appErrorOf(() => assertClaimable({ status: 'void', ends_on: '2030-01-01' })).status).toBe(409);
  });

  it('move open → in repair → resolved, and never out of resolved or rejected', () => {
    expect(() => assertClaimTransition('open', 'in_repair')).not.toThrow();
    expect(() => assertClaimTransition('in_repair', 'resolved')).not.toThrow();
    for (const to of CLAIM_STATUSES) {
      expect(appErrorOf(() => assertClaimTransition('resolved', to)).extensions).toMatchObject({ code: 'illegal_transition', allowed: [] });
      expect(appErrorOf(() => assertClaimTransition('rejected', to)).status).toBe(409);
    }
    expect(appErrorOf(() => assertClaimTransition('open', 'open')).extensions).toMatchObject({ allowed: CLAIM_TRANSITIONS.open });
  });
});

describe('access', () => {
  it('lets the buyer and admins see a warranty, and a guest prove it with email and serial', () => {
    expect(canView({ user_id: 'u1' }, { id: 'u1', role: 'customer' })).toBe(true);
    expect(canView({ user_id: 'u1' }, { id: 'u2', role: 'customer' })).toBe(false);
    expect(canView({ user_id: null }, { id: 'u2', role: 'admin' })).toBe(true);
    const warranty = { email: 'ada@example.com', serial: 'SN-1' };
    expect(guestProves(warranty, { email: ' Ada@Example.com', serial: 'sn-1' })).toBe(true);
    expect(guestProves(warranty, { email: 'eve@example.com', serial: 'SN-1' })).toBe(false);
    expect(guestProves(warranty, { email: 'ada@example.com' })).toBe(false);
  });
});
