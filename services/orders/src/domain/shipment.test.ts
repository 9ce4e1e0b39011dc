import { describe, expect, it } from 'vitest';
import { generateSerial, planSerials, shipmentOf } from './shipment.js';
import { appErrorOf, fieldsOf, thrownFields } from '../../../../test/support/problems.js';

const ITEMS = [
  { sku: 'LAP-A', quantity: 2, serials: [] as string[] },
  { sku: 'RAM-B', quantity: 1, serials: [] as string[] },
];

/** A generator that answers the given serials in turn, to see collisions handled. */
const sequence = (...serials: string[]) => () => serials.shift()!;

describe('shipment serials', () => {
  it('keeps the given serials and generates the missing ones', () => {
    const planned = planSerials(ITEMS, { 'lap-a': ['SN1'] }, sequence('G1', 'G2'));
    expect(planned).toEqual({ 'LAP-A': ['SN1', 'G1'], 'RAM-B': ['G2'] });
  });

  it('never generates a serial already in the shipment', () => {
    expect(planSerials(ITEMS, { 'LAP-A': ['SN1'] }, sequence('SN1', 'G1', 'G1', 'G2'))).toEqual({ 'LAP-A': ['SN1', 'G1'], 'RAM-B': ['G2'] });
  });

  it('reuses the serials of an earlier shipment of the same order for the units not given', () => {
    const reshipped = planSerials([{ sku: 'LAP-A', quantity: 2, serials: ['OLD1', 'OLD2'] }], { 'LAP-A': ['NEW1'] }, sequence('G1'));
    expect(reshipped).toEqual({ 'LAP-A': ['NEW1', 'OLD1'] });
  });

  it('refuses more serials than units, an unknown SKU and a serial given twice, naming each field', () => {
    const error = appErrorOf(() => planSerials(ITEMS, { 'LAP-A': ['S1', 'S2', 'S3'], 'NOPE-1': ['S4'], 'RAM-B': ['S4'] }));
    expect(error.status).toBe(400);
    expect(fieldsOf(error)).toEqual(['serials.LAP-A', 'serials.NOPE-1', 'serials.RAM-B.0']);
    expect(thrownFields(() => planSerials(ITEMS, { 'lap-a': ['S1'], 'LAP-A': ['S2'] }))).toEqual(['serials.LAP-A']);
  });

  it('generates readable serials that differ', () => {
    const serials = new Set(Array.from({ length: 1000 }, generateSerial));
    expect(serials.size).toBe(1000);
    for (const serial of serials) expect(serial).toMatch(/^SF-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('tells who bought what, with each line’s guarantee and serials', () => {
    const items = [{ sku: 'LAP-A', product_id: 'p', name: 'Laptop', quantity: 1, unit_price: 1, line_total: 1, warranty_months: 36, serials: ['SN1'] }];
    expect(shipmentOf({ email: 'a@b.c', user_id: null, items, updated_at: '2026-12-07T10:00:00.000Z' })).toEqual({
      shipped_at: '2026-12-07T10:00:00.000Z', email: 'a@b.c', user_id: null,
      lines: [{ sku: 'LAP-A', product_id: 'p', name: 'Laptop', quantity: 1, warranty_months: 36, serials: ['SN1'] }],
    });
  });
});
