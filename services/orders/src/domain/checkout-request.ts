import { AppError, type AuthUser, type FieldError } from '@storefleet/kit';
import { ORDER_LIMITS, cardBrand, normalizeCardNumber, type CheckoutItem, type OrderItem } from '@storefleet/contracts';
import type { ProductLookupResult } from '@storefleet/contracts/internal';

/** One line a checkout asks for, with the field path the client used for it (`items.0`, `cart.items.2`). */
export interface RequestedLine {
  field: string;
  sku?: string;
  product_id?: string;
  quantity: number;
  price?: number;
}

/** What orders uses of a product catalog's lookup answers; `available` and `in_stock` only when it asked for stock (cart views). */
export type CatalogProduct = Pick<ProductLookupResult['items'][number], 'id' | 'sku' | 'name' | 'price' | 'currency' | 'warranty_months' | 'available' | 'in_stock'>;

export interface PricedOrder {
  items: OrderItem[];
  currency: string;
  subtotal: number;
  total: number;
}

export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;

/** SKUs are stored upper-case by catalog; clients may type them in any case. */
export const normalizeSku = (sku: string): string => sku.trim().toUpperCase();

function invalid(code: 'validation' | 'unprocessable' | 'conflict', errors: FieldError[], extensions?: Record<string, unknown>): AppError {
  const what = code === 'conflict' ? 'disagree with the catalog' : 'are invalid';
  return new AppError(code, `${errors.length} field(s) ${what}: ${errors.map((e) => e.field).join(', ')}`, { fields: errors, extensions });
}

/** The lines of an explicit `items` list: each names a product once, by SKU or id. */
export function requestedFromItems(items: CheckoutItem[], prefix = 'items'): RequestedLine[] {
  const missing: FieldError[] = [];
  const duplicates: FieldError[] = [];
  const seenSku = new Map<string, number>();
  const seenId = new Map<string, number>();
  const lines = items.map((item, i): RequestedLine => {
    const field = `${prefix}.${i}`;
    const sku = item.sku === undefined ? undefined : normalizeSku(item.sku);
    if (!sku && !item.product_id) missing.push({ field: `${field}.sku`, message: 'give sku or product_id' });
    if (sku) {
      const first = seenSku.get(sku);
      if (first !== undefined) duplicates.push({ field: `${field}.sku`, message: `duplicates ${prefix}.${first}.sku (${sku}); give each SKU once` });
      else seenSku.set(sku, i);
    } else if (item.product_id) {
      const first = seenId.get(item.product_id);
      if (first !== undefined) duplicates.push({ field: `${field}.product_id`, message: `duplicates ${prefix}.${first}.product_id; give each product once` });
      else seenId.set(item.product_id, i);
    }
    return { field, ...(sku ? { sku } : {}), ...(item.product_id ? { product_id: item.product_id } : {}), quantity: item.quantity, ...(item.price !== undefined ? { price: item.price } : {}) };
  });
  if (missing.length) throw invalid('validation', missing);
  if (duplicates.length) throw invalid('unprocessable', duplicates);
  return lines;
}

/** The lines of a cart being checked out. */
export function requestedFromCart(items: { sku: string; quantity: number }[]): RequestedLine[] {
  if (!items.length) throw invalid('unprocessable', [{ field: 'items', message: 'give items or add products to the cart first: the cart is empty' }]);
  if (items.length > ORDER_LIMITS.maxLines) {
    throw invalid('unprocessable', [{ field: 'items', message: `the cart has ${items.length} lines; an order has at most ${ORDER_LIMITS.maxLines}` }]);
  }
  return items.map((item, i) => ({ field: `cart.items.${i}`, sku: item.sku, quantity: item.quantity }));
}

/**
 * Prices every line from the catalog, never from the client: unknown products and mixed currencies are
 * 422, a client price that differs from the catalog's is 409. Totals are summed in cents.
 */
export function priceLines(requested: RequestedLine[], products: CatalogProduct[]): PricedOrder {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const byId = new Map(products.map((p) => [p.id, p]));
  const unknown: FieldError[] = [];
  const found: { line: RequestedLine; product: CatalogProduct }[] = [];
  for (const line of requested) {
    const product = line.sku ? bySku.get(line.sku) : byId.get(line.product_id!);
    const field = line.sku ? `${line.field}.sku` : `${line.field}.product_id`;
    if (!product) unknown.push({ field, message: `no product ${line.sku ?? line.product_id} in the catalog` });
    else if (line.sku && line.product_id && product.id !== line.product_id) unknown.push({ field: `${line.field}.product_id`, message: `is not the id of ${line.sku}` });
    else found.push({ line, product });
  }
  if (unknown.length) throw invalid('unprocessable', unknown);

  const seen = new Map<string, string>();
  const duplicates: FieldError[] = [];
  for (const { line, product } of found) {
    const first = seen.get(product.sku);
    if (first) duplicates.push({ field: `${line.field}.${line.sku ? 'sku' : 'product_id'}`, message: `names ${product.sku} again (as ${first} does)` });
    else seen.set(product.sku, line.field);
  }
  if (duplicates.length) throw invalid('unprocessable', duplicates);

  const currencies = [...new Set(found.map((f) => f.product.currency))];
  if (currencies.length > 1) {
    throw invalid('unprocessable', [{ field: 'items', message: `an order has one currency; these products are priced in ${currencies.join(', ')}` }]);
  }

  const mismatched: FieldError[] = found
    .filter(({ line, product }) => line.price !== undefined && toCents(line.price) !== toCents(product.price))
    .map(({ line, product }) => ({ field: `${line.field}.price`, message: `the catalog price of ${product.sku} is ${product.price.toFixed(2)}` }));
  if (mismatched.length) throw invalid('conflict', mismatched, { code: 'price_changed' });

  let subtotalCents = 0;
  const items = found.map(({ line, product }): OrderItem => {
    const lineCents = toCents(product.price) * line.quantity;
    subtotalCents += lineCents;
    // The line keeps the product's warranty as sold: a later change in the catalog does not alter this sale's guarantee.
    return {
      sku: product.sku, product_id: product.id, name: product.name, quantity: line.quantity, unit_price: fromCents(toCents(product.price)), line_total: fromCents(lineCents),
      warranty_months: product.warranty_months, serials: [],
    };
  });
  const subtotal = fromCents(subtotalCents);
  return { items, currency: currencies[0] ?? 'EUR', subtotal, total: subtotal };
}

/** A client-sent total must match the server's to the cent. */
export function checkClientTotal(clientTotal: number | undefined, order: PricedOrder): void {
  if (clientTotal === undefined || toCents(clientTotal) === toCents(order.total)) return;
  throw invalid('conflict', [{ field: 'total', message: `the total is ${order.total.toFixed(2)} ${order.currency}` }], { code: 'total_mismatch', expected_total: order.total });
}

/** Signed-in users order under their token's email; guests must give one. */
export function checkoutEmail(user: AuthUser | undefined, email: string | undefined): string {
  const chosen = user?.email ?? email;
  if (!chosen) throw invalid('validation', [{ field: 'email', message: 'guests must give an email to check out' }]);
  return chosen.trim().toLowerCase();
}

export interface CheckoutCard {
  number: string;
  brand: string;
  last4: string;
}

/** The card's digits, brand and last four, or a 400 naming `payment.card_number`. */
export function checkoutCard(cardNumber: string): CheckoutCard {
  const number = normalizeCardNumber(cardNumber);
  if (!number) throw invalid('validation', [{ field: 'payment.card_number', message: 'is not a valid card number (Luhn check failed)' }]);
  return { number, brand: cardBrand(number), last4: number.slice(-4) };
}
