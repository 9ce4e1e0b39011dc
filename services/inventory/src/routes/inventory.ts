import type { App } from '@storefleet/kit';
import {
  AdjustStockSchema,
  InventoryListQuerySchema,
  InventorySkuParamsSchema,
  MovementListSchema,
  PageQuerySchema,
  StockLevelListSchema,
  StockLevelSchema,
} from '@storefleet/contracts';
import { stockNotFound } from '../domain/stock.js';
import type { StockStore } from '../store/stock-store.js';
import { problems } from '@storefleet/kit';

const security = [{ bearer: [] }];
const tags = ['inventory'];

/** Admin stock routes; registered on a scope whose hooks already demand an admin token. */
export function inventoryRoutes(app: App, { stock }: { stock: StockStore }): void {
  app.get(
    '/inventory',
    {
      schema: {
        tags,
        operationId: 'listInventory',
        summary: 'Stock levels by SKU (admin): filter by low stock, out of stock, SKU prefix or part',
        security,
        querystring: InventoryListQuerySchema,
        response: { 200: StockLevelListSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const limit = request.query.limit ?? 20;
      return { ...(await stock.list(request.query)), page, limit };
    },
  );

  app.get(
    '/inventory/alerts',
    {
      schema: {
        tags,
        operationId: 'listInventoryAlerts',
        summary: 'SKUs at or below their low-stock threshold, most urgent first (admin)',
        security,
        querystring: PageQuerySchema,
        response: { 200: StockLevelListSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const limit = request.query.limit ?? 20;
      return { ...(await stock.alerts(page, limit)), page, limit };
    },
  );

  app.get(
    '/inventory/:sku',
    {
      schema: {
        tags,
        operationId: 'getInventory',
        summary: "One SKU's stock level (admin)",
        security,
        params: InventorySkuParamsSchema,
        response: { 200: StockLevelSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const level = await stock.get(request.params.sku);
      if (!level) throw stockNotFound(request.params.sku.toUpperCase());
      return level;
    },
  );

  app.get(
    '/inventory/:sku/movements',
    {
      schema: {
        tags,
        operationId: 'listInventoryMovements',
        summary: "A SKU's stock movements (adjustments, sales, restocks), newest first (admin)",
        security,
        params: InventorySkuParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: MovementListSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const limit = request.query.limit ?? 20;
      const movements = await stock.movements(request.params.sku, page, limit);
      if (!movements) throw stockNotFound(request.params.sku.toUpperCase());
      return { ...movements, page, limit };
    },
  );

  app.put(
    '/inventory/:sku',
    {
      schema: {
        tags,
        operationId: 'adjustInventory',
        summary: 'Set (on_hand) or adjust (delta) a SKU’s stock, creating its row if needed (admin)',
        description:
          'Exactly one of on_hand or delta. Refused with 409 when on_hand would go below 0 or below the units reserved for orders. ' +
          'Writes a movement and emits inventory.adjusted, inventory.stock_changed and, when available falls to the threshold, inventory.low_stock.',
        security,
        params: InventorySkuParamsSchema,
        body: AdjustStockSchema,
        response: { 200: StockLevelSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request) => stock.adjust(request.params.sku, request.body, request.user!.id),
  );
}

