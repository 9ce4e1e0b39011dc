import type { CsvOutcome, Db, Queryable } from '@storefleet/kit';
import type { AdjustStock, InventoryListQuery, Movement, StockLevel } from '@storefleet/contracts';
import { normalizeSku, planAdjustment, toStockLevel, DEFAULT_LOW_STOCK_THRESHOLD, type StockRow } from '../domain/stock.js';
import { createStockChanges, lockStock, STOCK_COLUMNS } from './stock-changes.js';

export interface Paged<T> {
  items: T[];
  total: number;
}

/** One demo SKU's starting stock. */
export interface SeedStock {
  sku: string;
  on_hand: number;
  low_stock_threshold: number;
}

type MovementRow = Omit<Movement, 'created_at'> & { created_at: Date };

function toMovement({ created_at, ...row }: MovementRow): Movement {
  return { ...row, id: Number(row.id), created_at: created_at.toISOString() };
}

/** `value` with LIKE's wildcards escaped, so a SKU filter matches literally. */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const AVAILABLE = '(s.on_hand - s.reserved)';

/** The WHERE clause of GET /inventory and its parameters. */
function listFilters(query: InventoryListQuery): { where: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (query.low_stock) conditions.push(`${AVAILABLE} <= s.low_stock_threshold`);
  if (query.out_of_stock) conditions.push(`${AVAILABLE} = 0`);
  if (query.sku) {
    values.push(`${likeLiteral(normalizeSku(query.sku))}%`);
    conditions.push(`s.sku LIKE $${values.length}`);
  }
  if (query.q) {
    values.push(`%${likeLiteral(normalizeSku(query.q))}%`);
    conditions.push(`s.sku LIKE $${values.length}`);
  }
  return { where: conditions.length ? conditions.join(' AND ') : 'TRUE', values };
}

/**
 * Stock levels, their movements and admin adjustments; every change goes through applyChanges,
 * so it writes its movement and events in the same transaction. `kick` wakes the outbox relay.
 * @example const stock = createStockStore(db, { kick: relay.kick })
 */
export function createStockStore(db: Db, { kick }: { kick: () => void }) {
  const applyChanges = createStockChanges(kick);

  async function adjustIn(tx: Queryable, sku: string, input: AdjustStock, actor: string): Promise<StockRow> {
    await tx.query('INSERT INTO stock (sku, low_stock_threshold) VALUES ($1, $2) ON CONFLICT (sku) DO NOTHING', [sku, input.low_stock_threshold ?? DEFAULT_LOW_STOCK_THRESHOLD]);
    const locked = await lockStock(tx, [sku]);
    const plan = planAdjustment(locked.get(sku)!, input);
    const [after] = await applyChanges(tx, [{ sku, on_hand_delta: plan.delta, reserved_delta: 0, low_stock_threshold: plan.low_stock_threshold }], {
      kind: 'adjustment',
      reason: input.reason,
      order_id: null,
      actor,
    });
    return after!;
  }

  async function page<T>(text: string, countText: string, values: unknown[], pageNo: number, limit: number, map: (row: never) => T): Promise<Paged<T>> {
    const [rows, count] = await Promise.all([
      db.query(`${text} LIMIT $${values.length + 1} OFFSET $${values.length + 2}`, [...values, limit, (pageNo - 1) * limit]),
      db.query<{ total: number }>(countText, values),
    ]);
    return { items: rows.rows.map((row) => map(row as never)), total: count.rows[0]?.total ?? 0 };
  }

  return {
    async list(query: InventoryListQuery): Promise<Paged<StockLevel>> {
      const { where, values } = listFilters(query);
      return page(
        `SELECT ${STOCK_COLUMNS} FROM stock s WHERE ${where} ORDER BY s.sku COLLATE "C"`,
        `SELECT count(*)::int AS total FROM stock s WHERE ${where}`,
        values,
        query.page ?? 1,
        query.limit ?? 20,
        toStockLevel,
      );
    },

    /** Every level the list's filters match, by SKU, without a window: what a CSV export reads through its cursor. */
    exportQuery(query: InventoryListQuery): { text: string; values: unknown[] } {
      const { where, values } = listFilters(query);
      return { text: `SELECT ${STOCK_COLUMNS} FROM stock s WHERE ${where} ORDER BY s.sku COLLATE "C"`, values };
    },

    /** SKUs at or below their threshold: nothing available first, then the least available, then the furthest below. */
    async alerts(pageNo: number, limit: number): Promise<Paged<StockLevel>> {
      const where = `${AVAILABLE} <= s.low_stock_threshold`;
      return page(
        `SELECT ${STOCK_COLUMNS} FROM stock s WHERE ${where}
          ORDER BY ${AVAILABLE} ASC, s.low_stock_threshold - ${AVAILABLE} DESC, s.sku COLLATE "C"`,
        `SELECT count(*)::int AS total FROM stock s WHERE ${where}`,
        [],
        pageNo,
        limit,
        toStockLevel,
      );
    },

    async get(sku: string): Promise<StockLevel | undefined> {
      const { rows } = await db.query<StockRow>(`SELECT ${STOCK_COLUMNS} FROM stock s WHERE s.sku = $1`, [normalizeSku(sku)]);
      return rows[0] && toStockLevel(rows[0]);
    },

    /** A SKU's movements, newest first; undefined when the SKU has no stock row. */
    async movements(sku: string, pageNo: number, limit: number): Promise<Paged<Movement> | undefined> {
      const key = normalizeSku(sku);
      const exists = await db.query('SELECT 1 FROM stock WHERE sku = $1', [key]);
      if (!exists.rowCount) return undefined;
      return page(
        'SELECT id, sku, kind, delta, on_hand, reserved, reason, order_id, actor, created_at FROM movements WHERE sku = $1 ORDER BY id DESC',
        'SELECT count(*)::int AS total FROM movements WHERE sku = $1',
        [key],
        pageNo,
        limit,
        toMovement,
      );
    },

    /** Sets or adjusts on_hand (creating the SKU's row if needed); refusals come from planAdjustment. */
    async adjust(sku: string, input: AdjustStock, actor: string): Promise<StockLevel> {
      return toStockLevel(await db.tx((tx) => adjustIn(tx, normalizeSku(sku), input, actor)));
    },

    /**
     * Sets a SKU's on_hand and threshold from a CSV import row inside the caller's transaction: an
     * adjustment like PUT's (its movement and events), or nothing when the level is already as given.
     */
    async importLevel(tx: Queryable, sku: string, given: { on_hand?: number; low_stock_threshold?: number }, reason: string, actor: string): Promise<CsvOutcome> {
      const current = (await lockStock(tx, [sku])).get(sku);
      const onHand = given.on_hand ?? current?.on_hand ?? 0;
      if (current && onHand === current.on_hand && (given.low_stock_threshold ?? current.low_stock_threshold) === current.low_stock_threshold) return 'unchanged';
      await adjustIn(tx, sku, { on_hand: onHand, low_stock_threshold: given.low_stock_threshold, reason }, actor);
      return current ? 'updated' : 'created';
    },

    /** A zero-stock row for a SKU catalog has just created (nothing if it exists). */
    async ensureSku(tx: Queryable, sku: string): Promise<void> {
      await tx.query('INSERT INTO stock (sku, low_stock_threshold) VALUES ($1, $2) ON CONFLICT (sku) DO NOTHING', [normalizeSku(sku), DEFAULT_LOW_STOCK_THRESHOLD]);
    },

    /**
     * Gives the demo SKUs their stock, once per database (even with replicas starting together);
     * a SKU an admin already changed is left alone. Answers how many SKUs were stocked.
     */
    async seedOnce(name: string, entries: SeedStock[]): Promise<number> {
      return db.tx(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(727276)');
        const first = await tx.query('INSERT INTO seed_runs (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
        if (!first.rowCount) return 0;
        const { rows } = await tx.query<{ sku: string }>('SELECT sku FROM stock WHERE version > 0');
        const touched = new Set(rows.map((r) => r.sku));
        const fresh = entries.filter((e) => !touched.has(normalizeSku(e.sku))).sort((a, b) => (a.sku < b.sku ? -1 : 1));
        for (const entry of fresh) {
          await adjustIn(tx, normalizeSku(entry.sku), { on_hand: entry.on_hand, low_stock_threshold: entry.low_stock_threshold, reason: 'demo stock' }, 'system');
        }
        return fresh.length;
      });
    },
  };
}

export type StockStore = ReturnType<typeof createStockStore>;
