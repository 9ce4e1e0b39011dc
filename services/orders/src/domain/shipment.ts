import { randomInt } from 'node:crypto';
import { AppError, type FieldError } from '@storefleet/kit';
import type { Order, OrderItem, Shipment, ShipmentSerials } from '@storefleet/contracts';
import { normalizeSku } from './checkout-request.js';

// Crockford's base32: no I, L, O or U, so a serial read aloud or off a label is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A generated serial, `SF-XXXXX-XXXXX`: 50 random bits, so two units practically never share one, and
 * short enough to read over the phone.
 * @example generateSerial() // 'SF-7K2QM-9XD4P'
 */
export function generateSerial(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `SF-${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/**
 * The serial of every unit an order ships, by SKU. Given serials come first; the units not given keep
 * the serials of an earlier shipment of this order (a reshipment of the same units), then get generated
 * ones. Refuses (400, naming the field) a SKU the order does not have, more serials than units ordered,
 * and a serial given twice in the shipment.
 * @example planSerials(order.items, { 'LAP-1': ['SN1'] }) // { 'LAP-1': ['SN1', 'SF-7K2QM-9XD4P'] }
 */
export function planSerials(
  items: Pick<OrderItem, 'sku' | 'quantity' | 'serials'>[],
  given: ShipmentSerials = {},
  generate: () => string = generateSerial,
): Record<string, string[]> {
  const errors: FieldError[] = [];
  const quantities = new Map(items.map((item) => [item.sku, item.quantity]));
  const bySku = new Map<string, string[]>();
  const seen = new Map<string, string>();
  for (const [key, serials] of Object.entries(given)) {
    const sku = normalizeSku(key);
    const quantity = quantities.get(sku);
    if (quantity === undefined) errors.push({ field: `serials.${key}`, message: `${key} is not a SKU of this order` });
    else if (bySku.has(sku)) errors.push({ field: `serials.${key}`, message: `names ${sku} again; give each SKU once` });
    else if (serials.length > quantity) errors.push({ field: `serials.${key}`, message: `gives ${serials.length} serials for ${quantity} unit(s) ordered` });
    else bySku.set(sku, serials);
    serials.forEach((serial, i) => {
      const first = seen.get(serial);
      if (first) errors.push({ field: `serials.${key}.${i}`, message: `${serial} is given twice in this shipment (also ${first})` });
      else seen.set(serial, `serials.${key}.${i}`);
    });
  }
  if (errors.length) throw new AppError('validation', `${errors.length} serial(s) are invalid: ${errors.map((e) => e.field).join(', ')}`, { fields: errors });

  const used = new Set(seen.keys());
  const take = (serial: string): boolean => !used.has(serial) && Boolean(used.add(serial));
  const planned: Record<string, string[]> = {};
  for (const item of items) {
    const serials = [...(bySku.get(item.sku) ?? [])];
    for (const earlier of item.serials) if (serials.length < item.quantity && take(earlier)) serials.push(earlier);
    while (serials.length < item.quantity) {
      const serial = generate();
      if (take(serial)) serials.push(serial);
    }
    planned[item.sku] = serials;
  }
  return planned;
}

/** What order.status_changed to `shipped` tells warranties: who bought what, each unit's serial and guarantee. */
export function shipmentOf(order: Pick<Order, 'email' | 'user_id' | 'items' | 'updated_at'>): Shipment {
  return {
    shipped_at: order.updated_at,
    email: order.email,
    user_id: order.user_id,
    lines: order.items.map(({ sku, product_id, name, quantity, warranty_months, serials }) => ({ sku, product_id, name, quantity, warranty_months, serials })),
  };
}
