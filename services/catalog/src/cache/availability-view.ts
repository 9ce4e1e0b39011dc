import { LRUCache } from 'lru-cache';
import type { Queryable } from '@storefleet/kit';
import type { StockLevel } from '../store/stock-levels-store.js';

/**
 * Every SKU's availability, in memory, for merging into cached bodies when answering: loaded from
 * `stock_levels` at start (and what a bulk load wrote there, when the catalog version moves) and fed
 * by every inventory.stock_changed this process sees (a broadcast, so each replica keeps its own). Only a newer version replaces a level, and an event id is applied once
 * (as the stock_levels inbox does), so replays and late events are harmless.
 * @example const view = createAvailabilityView(); await view.load(db); view.availableOf('LAP-1')
 */
export function createAvailabilityView() {
  const levels = new Map<string, StockLevel>();
  const seen = new LRUCache<string, true>({ max: 100_000 });
  let readUpTo = 0;
  const keep = (sku: string, level: StockLevel) => {
    const held = levels.get(sku);
    if (!held || held.version < level.version) levels.set(sku, level);
  };
  return {
    /** Applies the level an event reported, once per event id. */
    apply(eventId: string, sku: string, level: StockLevel): void {
      if (seen.has(eventId)) return;
      seen.set(eventId, true);
      keep(sku, level);
    },
    /** Units available of a SKU (upper-case); 0 when inventory never reported it. */
    availableOf(sku: string): number {
      return levels.get(sku)?.available ?? 0;
    },
    /**
     * Reads the levels recorded since the last read (all of them the first time): what a bulk load wrote
     * without events. It looks a minute back, since a transaction stamps its rows when it begins.
     */
    async refresh(db: Queryable): Promise<void> {
      const { rows } = await db.query<{ sku: string; available: number; version: number; updated_at: Date }>(
        'SELECT sku, available, version::float8 AS version, updated_at FROM stock_levels WHERE updated_at > $1',
        [new Date(readUpTo - 60_000)],
      );
      for (const row of rows) {
        keep(row.sku, { available: row.available, version: row.version });
        readUpTo = Math.max(readUpTo, row.updated_at.getTime());
      }
    },
  };
}

export type AvailabilityView = ReturnType<typeof createAvailabilityView>;
