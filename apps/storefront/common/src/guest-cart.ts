import type { CheckoutItem } from '@storefleet/contracts';
import { sumPrices } from './money.js';

/** The most of one product a line can hold: the API's quantity limit (contracts' ORDER_LIMITS.maxQuantity). */
export const MAX_LINE_QUANTITY = 10_000;

/** One line of a guest's cart, kept in the browser until checkout or sign-in. */
export interface GuestCartLine {
  sku: string;
  product_id: string;
  name: string;
  /** The price shown when it was added; checkout prices from the catalog again and refuses a stale one. */
  price: number;
  currency: string;
  quantity: number;
}

const clamp = (quantity: number) => Math.min(MAX_LINE_QUANTITY, Math.max(0, Math.floor(quantity)));
const sameSku = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

/** Adds a product: to the quantity of its line when there is one (SKUs match in any case, as the API's do). */
export function addGuestLine(lines: GuestCartLine[], line: GuestCartLine): GuestCartLine[] {
  const existing = lines.find((l) => sameSku(l.sku, line.sku));
  if (!existing) return line.quantity > 0 ? [...lines, { ...line, quantity: clamp(line.quantity) }] : lines;
  return lines.map((l) => (l === existing ? { ...l, name: line.name, price: line.price, currency: line.currency, quantity: clamp(l.quantity + line.quantity) } : l));
}

/** Sets a line's quantity; 0 removes it. */
export function setGuestQuantity(lines: GuestCartLine[], sku: string, quantity: number): GuestCartLine[] {
  const wanted = clamp(quantity);
  if (wanted === 0) return lines.filter((l) => !sameSku(l.sku, sku));
  return lines.map((l) => (sameSku(l.sku, sku) ? { ...l, quantity: wanted } : l));
}

export function guestCartTotals(lines: GuestCartLine[]): { count: number; subtotal: number; currency: string } {
  return {
    count: lines.reduce((n, l) => n + l.quantity, 0),
    subtotal: sumPrices(lines.map((l) => l.price * l.quantity)),
    currency: lines[0]?.currency ?? 'EUR',
  };
}

/** The guest cart as checkout lines: each with the price the shopper saw, so a changed price is refused rather than charged. */
export function guestCheckoutItems(lines: GuestCartLine[]): CheckoutItem[] {
  return lines.map((l) => ({ sku: l.sku, quantity: l.quantity, price: l.price }));
}

/**
 * What signing in adds to the user's own cart: each guest line once (two lines of one SKU in any
 * case become one), never beyond the line limit counting what the user's cart already holds. The
 * API adds a posted quantity to a line already there.
 */
export function guestCartMerge(guest: GuestCartLine[], userCart: { sku: string; quantity: number }[]): { sku: string; quantity: number }[] {
  const merged: { sku: string; quantity: number }[] = [];
  for (const line of guest) {
    const already = merged.find((m) => sameSku(m.sku, line.sku));
    if (already) already.quantity += line.quantity;
    else merged.push({ sku: line.sku, quantity: line.quantity });
  }
  return merged
    .map((m) => {
      const held = userCart.find((l) => sameSku(l.sku, m.sku))?.quantity ?? 0;
      return { sku: m.sku, quantity: Math.min(clamp(m.quantity), MAX_LINE_QUANTITY - held) };
    })
    .filter((m) => m.quantity > 0);
}
