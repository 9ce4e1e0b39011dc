import { AppError } from '@storefleet/kit';
import { ORDER_LIMITS, type CartLine } from '@storefleet/contracts';
import { fromCents, toCents, type CatalogProduct } from './checkout-request.js';

/** A stored cart line, before pricing. */
export interface CartItem {
  sku: string;
  product_id: string;
  name: string;
  quantity: number;
}

/** Adding a SKU already in the cart adds to its quantity, capped at the order limit. */
export function addedQuantity(current: number, added: number): number {
  return Math.min(current + added, ORDER_LIMITS.maxQuantity);
}

/** A cart holds at most as many lines as an order may: the error for one line too many. */
export function cartFull(): AppError {
  return new AppError('unprocessable', `A cart holds at most ${ORDER_LIMITS.maxLines} different products`, {
    fields: [{ field: 'sku', message: `the cart already has ${ORDER_LIMITS.maxLines} lines` }],
  });
}

/**
 * The lines of `target` after merging `source` into it: quantities of a SKU in both are added (capped),
 * and lines beyond the line limit are dropped.
 */
export function mergeCartItems(target: CartItem[], source: CartItem[]): CartItem[] {
  const merged = new Map(target.map((item) => [item.sku, { ...item }]));
  for (const item of source) {
    const existing = merged.get(item.sku);
    if (existing) existing.quantity = addedQuantity(existing.quantity, item.quantity);
    else if (merged.size < ORDER_LIMITS.maxLines) merged.set(item.sku, { ...item });
  }
  return [...merged.values()];
}

export interface PricedCart {
  items: CartLine[];
  item_count: number;
  subtotal: number;
  currency: string | null;
}

/** Prices cart lines from catalog products; a line whose product is gone stays visible, unpriced. */
export function priceCart(items: CartItem[], products: CatalogProduct[]): PricedCart {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  let cents = 0;
  const lines = items.map((item): CartLine => {
    const product = bySku.get(item.sku);
    if (!product) return { ...item, unit_price: null, line_total: null, currency: null, purchasable: false };
    const lineCents = toCents(product.price) * item.quantity;
    cents += lineCents;
    return {
      ...item,
      name: product.name,
      unit_price: fromCents(toCents(product.price)),
      line_total: fromCents(lineCents),
      currency: product.currency,
      ...(product.available !== undefined ? { available: product.available } : {}),
      ...(product.in_stock !== undefined ? { in_stock: product.in_stock } : {}),
      purchasable: true,
    };
  });
  const currency = lines.find((l) => l.currency)?.currency ?? null;
  return { items: lines, item_count: items.reduce((n, i) => n + i.quantity, 0), subtotal: fromCents(cents), currency };
}
