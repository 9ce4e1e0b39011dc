import type { OrderListQuery } from '@storefleet/contracts';
import { csvRowError, type CsvCell, type CsvResource, type Queryable } from '@storefleet/kit';
import { readImportedOrder, ORDER_CSV_LINE_COLUMNS, ORDER_CSV_ORDER_COLUMNS, type ImportedOrder } from '../domain/order-import.js';
import { assertTransition } from '../domain/order-status.js';
import { addTimeline, orderListWhere } from './order-rows.js';

/** One order line with its order's columns, as the export reads it (timestamps to the microsecond, as stored). */
type OrderLineRow = Record<(typeof ORDER_CSV_ORDER_COLUMNS)[number] | (typeof ORDER_CSV_LINE_COLUMNS)[number], CsvCell>;

const COLUMNS = [...ORDER_CSV_ORDER_COLUMNS, ...ORDER_CSV_LINE_COLUMNS];
const UTC_MICROSECONDS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

const ROW_SELECT = `
  SELECT o.id AS order_id, to_char(o.created_at AT TIME ZONE 'UTC', ${UTC_MICROSECONDS}) AS created_at, o.status, o.email, o.user_id, o.channel,
         o.currency, o.subtotal, o.total, o.payment_id, o.payment_status, o.card_brand, o.card_last4, o.cancel_reason,
         l.sku, l.product_id, l.name, l.quantity, l.unit_price, l.line_total
    FROM orders o JOIN order_lines l ON l.order_id = o.id`;

/** The export: the admin list's filters, one row per order line, orders oldest first and their lines in order. */
export function ordersExportQuery(filter: OrderListQuery): { text: string; values: unknown[] } {
  const { clause, values } = orderListWhere(filter);
  return { text: `${ROW_SELECT} WHERE ${clause} ORDER BY o.created_at, o.id, l.position`, values };
}

/**
 * The stored order as the file would give it, to tell an unchanged order from a changed one, and whether
 * it was created at `createdAt` (compared by PostgreSQL, so any ISO 8601 spelling of the same instant matches).
 */
async function storedOrder(tx: Queryable, id: string, createdAt: string): Promise<{ order: ImportedOrder; sameCreatedAt: boolean } | undefined> {
  const { rows: found } = await tx.query<{ same: boolean }>('SELECT created_at = $2::timestamptz AS same FROM orders WHERE id = $1 FOR UPDATE', [id, createdAt]);
  if (!found[0]) return undefined;
  const { rows } = await tx.query<OrderLineRow>(`${ROW_SELECT} WHERE o.id = $1 ORDER BY l.position`, [id]);
  const cells = rows.map((row, i) => ({ line: i, cells: Object.fromEntries(COLUMNS.map((c) => [c, row[c] === null ? '' : String(row[c])])) }));
  return { order: readImportedOrder(cells), sameCreatedAt: found[0].same };
}

/** The first column where the file's order differs from the stored one, besides its status. */
function firstDifference(file: ImportedOrder, stored: ImportedOrder, sameCreatedAt: boolean): string | undefined {
  if (!sameCreatedAt) return 'created_at';
  const orderColumn = ORDER_CSV_ORDER_COLUMNS.find((c) => c !== 'created_at' && c !== 'status' && c !== 'cancel_reason' && file[c] !== stored[c]);
  if (orderColumn) return orderColumn;
  if (file.lines.length !== stored.lines.length) return 'sku';
  return file.lines.flatMap((line, i) => ORDER_CSV_LINE_COLUMNS.filter((c) => line[c] !== stored.lines[i]![c]))[0];
}

/**
 * Orders as CSV, one row per order line with the order's columns repeated; an order's rows follow each
 * other. An import records historical orders as given (status and dates included) without reserving stock,
 * charging a card or announcing events (no mails, no warranties for history): a new order gets an `imported`
 * timeline entry. An order already stored may change only its status (and cancel reason), along the status
 * machine, recorded on its timeline; it moves no stock or money either.
 */
export function createOrdersCsv(): CsvResource<OrderLineRow> {
  return {
    name: 'orders',
    columns: COLUMNS,
    key: 'order_id',
    groupBy: 'order_id',
    cells: (row) => COLUMNS.map((c) => row[c]),
    async apply(tx, rows, by) {
      const order = readImportedOrder(rows);
      const reason = `csv import line ${order.line}`;
      const found = await storedOrder(tx, order.order_id, order.created_at);
      if (found) {
        const stored = found.order;
        const column = firstDifference(order, stored, found.sameCreatedAt);
        if (column) throw csvRowError(column, `differs from the stored order ${order.order_id}; an import changes only the status of an order`, order.line);
        if (order.status === stored.status && order.cancel_reason === stored.cancel_reason) return 'unchanged';
        if (order.status !== stored.status) {
          try {
            assertTransition(stored.status, order.status);
          } catch (error) {
            throw csvRowError('status', (error as Error).message, order.line);
          }
        }
        await tx.query('UPDATE orders SET status = $2, cancel_reason = $3, updated_at = now() WHERE id = $1', [order.order_id, order.status, order.cancel_reason]);
        await addTimeline(tx, { order_id: order.order_id, type: 'status_changed', actor: by, from: stored.status, to: order.status, reason });
        return 'updated';
      }
      await tx.query(
        `INSERT INTO orders (id, user_id, email, channel, status, currency, subtotal, total, payment_id, payment_status, card_brand, card_last4,
                             cancel_reason, saga_state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'done', $14, $14)`,
        [order.order_id, order.user_id, order.email, order.channel, order.status, order.currency, order.subtotal, order.total, order.payment_id,
          order.payment_status, order.card_brand, order.card_last4, order.cancel_reason, order.created_at],
      );
      await tx.query(
        `INSERT INTO order_lines (order_id, position, sku, product_id, name, quantity, unit_price, line_total)
         SELECT $1, u.position - 1, u.sku, u.product_id, u.name, u.quantity, u.unit_price, u.line_total
           FROM unnest($2::text[], $3::uuid[], $4::text[], $5::int[], $6::numeric[], $7::numeric[]) WITH ORDINALITY
                AS u (sku, product_id, name, quantity, unit_price, line_total, position)`,
        [order.order_id, ...ORDER_CSV_LINE_COLUMNS.map((c) => order.lines.map((l) => l[c]))],
      );
      await addTimeline(tx, { order_id: order.order_id, type: 'imported', actor: by, to: order.status, reason });
      return 'created';
    },
  };
}
