import { Type } from '@sinclair/typebox';
import { CHANNEL_PATTERN, EmailSchema, ORDER_LIMITS, OrderStatusSchema, skuSchema, UuidSchema, type OrderStatus } from '@storefleet/contracts';
import { createFieldCheck, csvRowError, csvValue, type CsvRow } from '@storefleet/kit';
import { toCents as cents } from './checkout-request.js';

/** The order's own columns, repeated on each of its lines, then the line's. */
export const ORDER_CSV_ORDER_COLUMNS = [
  'order_id', 'created_at', 'status', 'email', 'user_id', 'channel', 'currency', 'subtotal', 'total',
  'payment_id', 'payment_status', 'card_brand', 'card_last4', 'cancel_reason',
] as const;
export const ORDER_CSV_LINE_COLUMNS = ['sku', 'product_id', 'name', 'quantity', 'unit_price', 'line_total'] as const;

const NullableText = (options: object = {}) => Type.Union([Type.Null(), Type.String({ maxLength: 500, ...options })]);
const Amount = Type.Number({ minimum: 0, maximum: 9_999_999_999.99 });

const checkOrder = createFieldCheck(
  Type.Object({
    order_id: UuidSchema,
    created_at: Type.String({ format: 'date-time' }),
    status: OrderStatusSchema,
    email: EmailSchema,
    user_id: Type.Union([Type.Null(), UuidSchema]),
    channel: Type.String({ pattern: CHANNEL_PATTERN }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    subtotal: Amount,
    total: Amount,
    payment_id: Type.Union([Type.Null(), UuidSchema]),
    payment_status: NullableText(),
    card_brand: NullableText(),
    card_last4: Type.Union([Type.Null(), Type.String({ pattern: '^[0-9]{4}$' })]),
    cancel_reason: NullableText(),
  }),
);
const checkLine = createFieldCheck(
  Type.Object({
    sku: skuSchema(),
    product_id: UuidSchema,
    name: Type.String({ minLength: 1, maxLength: 500 }),
    quantity: Type.Integer({ minimum: ORDER_LIMITS.minQuantity, maximum: ORDER_LIMITS.maxQuantity }),
    unit_price: Type.Number({ minimum: ORDER_LIMITS.minPrice, maximum: ORDER_LIMITS.maxPrice }),
    line_total: Amount,
  }),
);

export interface ImportedLine {
  sku: string;
  product_id: string;
  name: string;
  quantity: number;
  unit_price: number;
  line_total: number;
}

/** A historical order as a CSV file gives it: its fields and its lines, in file order. */
export interface ImportedOrder {
  order_id: string;
  created_at: string;
  status: OrderStatus;
  email: string;
  user_id: string | null;
  channel: string;
  currency: string;
  subtotal: number;
  total: number;
  payment_id: string | null;
  payment_status: string | null;
  card_brand: string | null;
  card_last4: string | null;
  cancel_reason: string | null;
  lines: ImportedLine[];
  /** The line of the file the order starts on. */
  line: number;
}

/**
 * Reads one order from its rows (one per order line, the order's columns repeated on each) and checks it
 * as checkout would have made it: the order rules (at most ORDER_LIMITS.maxLines lines, no SKU twice, quantity
 * 1–10,000, unit price 0–1,000,000), each line total = quantity × unit price, the subtotal their sum.
 * Throws a csvRowError naming the line and column at fault.
 */
export function readImportedOrder(rows: CsvRow[]): ImportedOrder {
  const first = rows[0]!;
  for (const row of rows.slice(1)) {
    const differs = ORDER_CSV_ORDER_COLUMNS.find((column) => row.cells[column] !== first.cells[column]);
    if (differs) throw csvRowError(differs, `differs from line ${first.line}, the first line of the same order`, row.line);
  }
  const c = first.cells;
  const order = {
    order_id: c.order_id?.toLowerCase(),
    created_at: c.created_at,
    status: c.status,
    email: c.email?.trim(),
    user_id: csvValue.nullable(c.user_id) ?? null,
    channel: c.channel ?? 'web',
    currency: c.currency ?? 'EUR',
    subtotal: csvValue.number(c.subtotal),
    total: csvValue.number(c.total),
    payment_id: csvValue.nullable(c.payment_id) ?? null,
    payment_status: csvValue.nullable(c.payment_status) ?? null,
    card_brand: csvValue.nullable(c.card_brand) ?? null,
    card_last4: csvValue.nullable(c.card_last4) ?? null,
    cancel_reason: csvValue.nullable(c.cancel_reason) ?? null,
  };
  const orderProblems = checkOrder(order);
  if (orderProblems.length) throw csvRowError(orderProblems[0]!.field, orderProblems[0]!.message, first.line);
  if (rows.length > ORDER_LIMITS.maxLines) throw csvRowError(null, `has ${rows.length} lines; an order has at most ${ORDER_LIMITS.maxLines}`, rows[ORDER_LIMITS.maxLines]!.line);

  const lines: ImportedLine[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const line = {
      sku: row.cells.sku?.trim().toUpperCase(),
      product_id: row.cells.product_id?.toLowerCase(),
      name: row.cells.name,
      quantity: csvValue.number(row.cells.quantity),
      unit_price: csvValue.number(row.cells.unit_price),
      line_total: csvValue.number(row.cells.line_total),
    };
    const problems = checkLine(line);
    if (problems.length) throw csvRowError(problems[0]!.field, problems[0]!.message, row.line);
    const checked = line as ImportedLine;
    if (seen.has(checked.sku)) throw csvRowError('sku', `appears twice in order ${order.order_id}`, row.line);
    seen.add(checked.sku);
    if (cents(checked.line_total) !== cents(checked.quantity * checked.unit_price)) throw csvRowError('line_total', 'must be quantity × unit_price', row.line);
    lines.push(checked);
  }
  if (lines.reduce((sum, l) => sum + cents(l.line_total), 0) !== cents(order.subtotal as number)) throw csvRowError('subtotal', 'must be the sum of the line totals', first.line);
  return { ...(order as Omit<ImportedOrder, 'lines' | 'line'>), lines, line: first.line };
}
