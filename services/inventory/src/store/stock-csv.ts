import { Type } from '@sinclair/typebox';
import { AdjustStockSchema, InventorySkuSchema } from '@storefleet/contracts';
import { AppError, createFieldCheck, csvRowError, csvValue, type CsvResource } from '@storefleet/kit';
import { normalizeSku, type StockRow } from '../domain/stock.js';
import type { StockStore } from './stock-store.js';

const checkRow = createFieldCheck(
  Type.Object({ sku: InventorySkuSchema, on_hand: AdjustStockSchema.properties.on_hand, low_stock_threshold: AdjustStockSchema.properties.low_stock_threshold }),
);

/**
 * Stock levels as CSV (`sku,on_hand,low_stock_threshold`), rows upserting by SKU: each change is an
 * adjustment with its movement, whose reason is `csv import line N`; a level already as given is left alone.
 */
export function createStockCsv(stock: StockStore): CsvResource<StockRow> {
  return {
    name: 'inventory',
    columns: ['sku', 'on_hand', 'low_stock_threshold'],
    key: 'sku',
    cells: (s) => [s.sku, s.on_hand, s.low_stock_threshold],
    async apply(tx, [row], by) {
      const { line, cells } = row!;
      const given = { sku: normalizeSku(cells.sku!), on_hand: csvValue.number(cells.on_hand), low_stock_threshold: csvValue.number(cells.low_stock_threshold) };
      const problems = checkRow(given);
      if (problems.length) throw new AppError('validation', `${problems.length} invalid cell(s)`, { fields: problems });
      try {
        return await stock.importLevel(tx, given.sku, given as { on_hand?: number; low_stock_threshold?: number }, `csv import line ${line}`, by);
      } catch (error) {
        // planAdjustment's refusals (below what is reserved for orders) are about the on_hand cell.
        if (error instanceof AppError && error.code === 'conflict') throw csvRowError('on_hand', error.message);
        throw error;
      }
    },
  };
}
