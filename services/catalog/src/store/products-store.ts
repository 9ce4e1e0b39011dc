import { AppError, type Cache, type CsvOutcome, type Db, type Outbox, type Queryable } from '@storefleet/kit';
import type { Product, ProductFacets, ProductRecord } from '@storefleet/contracts';
import type { ProductLookup } from '@storefleet/contracts/internal';
import { availabilityOf } from '../domain/availability.js';
import { encodeCursor, type CursorKey } from '../domain/cursor.js';
import type { ListingPlan } from '../domain/product-listing.js';
import type { ProductFields, ProductJson } from '../domain/product.js';
import { CATALOG_PUBLISHES } from '../events.js';
import { buildListingQuery, PRODUCT_COLUMNS, RECORD_SEPARATOR } from './product-query.js';

/** What every page of one listing's filters shares. */
export interface ProductSummary {
  total: number;
  facets: ProductFacets;
}

/** A window of a listing, and with `summary` asked, what every page of its filters shares. */
export interface Listing {
  /** The window's products as PostgreSQL wrote their records' JSON (see buildListingQuery). */
  items: ProductJson[];
  next_cursor: string | null;
  summary?: ProductSummary;
}

/** The one row of a listing's statement (buildListingQuery); the summary's columns only when asked. */
interface ListingRow {
  records: string | null;
  keys: [sku: string, ...key: CursorKey][];
  total: number;
  min_price: number | null;
  max_price: number | null;
  brand: ProductFacets['brand'];
  category: ProductFacets['category'];
}

type ProductRow = Omit<Product, 'created_at' | 'updated_at' | 'in_stock'> & { created_at: Date; updated_at: Date };

function toProduct({ created_at, updated_at, ...row }: ProductRow & { cursor_key?: unknown }): Product {
  const { cursor_key: _key, ...product } = row;
  return { ...product, ...availabilityOf(product.available), created_at: created_at.toISOString(), updated_at: updated_at.toISOString() };
}

/** The product without its stock: what product.* events carry and what writes start from. */
export function recordOf(product: Product): ProductRecord {
  const { available: _available, in_stock: _inStock, ...record } = product;
  return record;
}

const FIELD_COLUMNS = ['sku', 'name', 'description', 'brand', 'category', 'price', 'currency', 'image_url', 'attributes', 'warranty_months'] as const;

function fieldValues(fields: ProductFields): unknown[] {
  return FIELD_COLUMNS.map((column) => (column === 'attributes' ? JSON.stringify(fields.attributes) : fields[column]));
}

/** Turns constraint violations into errors naming the field the client sent. */
function explain(error: unknown, fields: ProductFields): never {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'products_sku_key') {
    throw new AppError('conflict', `A product with SKU ${fields.sku} already exists`, { cause: error, fields: [{ field: 'sku', message: 'is already used' }] });
  }
  if (code === '23503' && constraint === 'products_category_fkey') {
    throw new AppError('unprocessable', `There is no category ${fields.category}`, { cause: error, fields: [{ field: 'category', message: 'is not a known category slug' }] });
  }
  throw error;
}

/** The cache keys of a product: by id and by (upper-case) SKU. */
export function cacheKeysOf(record: { id: string; sku: string }): string[] {
  return [`id:${record.id}`, `sku:${record.sku}`];
}

/**
 * Products and their events: every write adds its product.* event to the outbox in the same transaction.
 * `cache` holds product records (without stock) for the lookup: a change or delete deletes the product's
 * keys once it has committed (its SKU never changes); catalog's product.* subscription deletes them again.
 * `committed` runs after each write has committed (this replica's response cache moves to the new version
 * at once, before the writer gets its answer; the product.* events move the others).
 * @example const products = createProductsStore(db, { outbox: createOutbox('catalog', relay), cache: createMemoryCache({ name: 'products', ttlMs: 60_000 }) })
 */
export function createProductsStore(
  db: Db,
  {
    outbox,
    cache,
    committed = async () => {},
    searches = db,
  }: {
    outbox: Outbox;
    cache: Cache<ProductRecord>;
    committed?: () => Promise<void>;
    /** Runs the page and facets of text searches (see genericPlansUrl); the main pool by default. */
    searches?: Queryable;
  },
) {
  const readerOf = (plan: ListingPlan) => (plan.q === undefined ? db : searches);
  const forget = async (record: { id: string; sku: string }) => {
    await cache.delete(cacheKeysOf(record));
    await committed();
  };

  async function insert(tx: Queryable, fields: ProductFields, createdAt?: Date): Promise<Product> {
    const { rows } = await tx
      .query<ProductRow>(
        `INSERT INTO products AS p (${FIELD_COLUMNS.join(', ')}, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11, now()), COALESCE($11, now()))
         RETURNING ${PRODUCT_COLUMNS}`,
        [...fieldValues(fields), createdAt ?? null],
      )
      .catch((error: unknown) => explain(error, fields));
    const product = toProduct(rows[0]!);
    await outbox.add(tx, { type: CATALOG_PUBLISHES.productCreated, subject: product.id, data: recordOf(product) });
    return product;
  }

  async function rewrite(tx: Queryable, id: string, fields: ProductFields): Promise<Product> {
    const sets = FIELD_COLUMNS.map((column, i) => `${column} = $${i + 2}`).join(', ');
    const { rows } = await tx
      .query<ProductRow>(`UPDATE products AS p SET ${sets}, updated_at = now() WHERE p.id = $1 RETURNING ${PRODUCT_COLUMNS}`, [id, ...fieldValues(fields)])
      .catch((error: unknown) => explain(error, fields));
    const product = toProduct(rows[0]!);
    await outbox.add(tx, { type: CATALOG_PUBLISHES.productUpdated, subject: product.id, data: recordOf(product) });
    return product;
  }

  return {
    /**
     * One window of a listing (product records, without availability) and the cursor of the next; with
     * `summary`, its total and facets too, in the same statement.
     */
    async listing(plan: ListingPlan, { summary }: { summary: boolean }): Promise<Listing> {
      const query = buildListingQuery(plan, { summary });
      const { rows } = await readerOf(plan).query<ListingRow>(query.text, query.values);
      const row = rows[0]!;
      const records = row.records === null ? [] : row.records.split(RECORD_SEPARATOR, plan.limit);
      const keys = row.keys.slice(0, plan.limit);
      const last = keys.at(-1);
      return {
        items: records.map((json, i) => ({ sku: keys[i]![0], json })),
        next_cursor: row.keys.length > plan.limit && last ? encodeCursor(plan.sort, [last[1], last[2]]) : null,
        ...(summary ? { summary: { total: row.total, facets: { brand: row.brand, category: row.category, price: { min: row.min_price, max: row.max_price } } } } : {}),
      };
    },

    /** A product by id; with `kind`, only if it sits under that top-level category. */
    async get(id: string, kind?: string): Promise<Product | undefined> {
      const { rows } = await db.query<ProductRow>(
        `SELECT ${PRODUCT_COLUMNS} FROM products p
          WHERE p.id = $1 AND ($2::text IS NULL OR p.category IN (SELECT slug FROM category_subtree(ARRAY[$2::text])))`,
        [id, kind ?? null],
      );
      return rows[0] && toProduct(rows[0]);
    },

    /**
     * The records (no stock) of the products with any of these SKUs (case-insensitive) or ids, by SKU:
     * from the cache, and from the database for the keys it lacks.
     */
    async lookup({ skus = [], ids = [] }: Omit<ProductLookup, 'with_stock'>): Promise<ProductRecord[]> {
      const keys = [...new Set([...skus.map((sku) => `sku:${sku.trim().toUpperCase()}`), ...ids.map((id) => `id:${id.toLowerCase()}`)])];
      if (!keys.length) return [];
      const cached = await cache.getMany(keys);
      const missing = keys.filter((key) => !cached.has(key));
      const found = new Map([...cached.values()].map((record) => [record.id, record]));
      if (missing.length) {
        const { rows } = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products_by_sku_or_id($1::text[], $2::uuid[]) p`, [
          missing.filter((key) => key.startsWith('sku:')).map((key) => key.slice(4)),
          missing.filter((key) => key.startsWith('id:')).map((key) => key.slice(3)),
        ]);
        const records = rows.map((row) => recordOf(toProduct(row)));
        for (const record of records) found.set(record.id, record);
        await cache.setMany(records.flatMap((record) => cacheKeysOf(record).map((key): [string, ProductRecord] => [key, record])));
      }
      return [...found.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    },

    async create(fields: ProductFields): Promise<Product> {
      const product = await db.tx((tx) => insert(tx, fields));
      await committed();
      return product;
    },

    /** The catalog's version, raised by every change of products (migration 004). */
    async version(): Promise<number> {
      const { rows } = await db.query<{ version: number }>('SELECT version::float8 AS version FROM products_version');
      return rows[0]!.version;
    },

    /** Rewrites a product from `change(current)`; undefined when there is no such product. */
    async update(id: string, change: (current: ProductRecord) => ProductFields): Promise<Product | undefined> {
      const updated = await db.tx(async (tx) => {
        const found = await tx.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $1 FOR UPDATE`, [id]);
        if (!found.rows[0]) return undefined;
        const fields = change(recordOf(toProduct(found.rows[0])));
        return rewrite(tx, id, fields);
      });
      if (updated) await forget(updated);
      return updated;
    },

    /**
     * Creates or rewrites the product with this SKU inside the caller's transaction (a CSV import row):
     * `change` gets the current record, if any; a product already equal to its answer is left untouched.
     */
    async upsertBySku(tx: Queryable, sku: string, change: (current: ProductRecord | undefined) => ProductFields): Promise<CsvOutcome> {
      const found = await tx.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.sku = $1 FOR UPDATE`, [sku]);
      const current = found.rows[0] && recordOf(toProduct(found.rows[0]));
      const fields = change(current);
      if (!current) {
        await insert(tx, fields);
        return 'created';
      }
      if (FIELD_COLUMNS.every((column) => JSON.stringify(fields[column]) === JSON.stringify(current[column]))) return 'unchanged';
      const product = await rewrite(tx, current.id, fields);
      // A failed delete is repaired by the product.updated event, which deletes the keys again.
      tx.afterCommit?.(() => void forget(product).catch(() => undefined));
      return 'updated';
    },

    /** Deletes a product; false when there was none. */
    async remove(id: string): Promise<boolean> {
      const removed = await db.tx(async (tx) => {
        const { rows } = await tx.query<ProductRow>(`DELETE FROM products AS p WHERE p.id = $1 RETURNING ${PRODUCT_COLUMNS}`, [id]);
        if (!rows[0]) return undefined;
        const product = toProduct(rows[0]);
        await outbox.add(tx, { type: CATALOG_PUBLISHES.productDeleted, subject: product.id, data: recordOf(product) });
        return product;
      });
      if (removed) await forget(removed);
      return removed !== undefined;
    },

    /**
     * Inserts `products` in one transaction the first time it is asked on this database, if the catalog
     * is empty then (once, even with several replicas starting together). Creation times step back an
     * hour per product so "newest" has an order.
     */
    async seedOnce(name: string, products: ProductFields[]): Promise<number> {
      return db.tx(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(727275)');
        const first = await tx.query('INSERT INTO seed_runs (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
        if (!first.rowCount) return 0;
        const { rows } = await tx.query('SELECT 1 FROM products LIMIT 1');
        if (rows.length) return 0;
        const now = Date.now();
        for (const [i, fields] of products.entries()) await insert(tx, fields, new Date(now - (products.length - i) * 3_600_000));
        return products.length;
      });
    },
  };
}

export type ProductsStore = ReturnType<typeof createProductsStore>;

/**
 * DATABASE_URL for the pool of text searches, whose sessions plan each statement once (a generic plan)
 * instead of on every call. Postgres keeps re-planning a search by default, since its generic plan
 * looks dearer on paper, yet planning one (~0.4 ms) costs more than running it (~0.2 ms): both plans
 * scan the full-text index the same way, so the search's database work drops by about half.
 */
export function genericPlansUrl(url: string): string {
  const parsed = new URL(url);
  const options = [parsed.searchParams.get('options'), '-c plan_cache_mode=force_generic_plan'].filter(Boolean).join(' ');
  parsed.searchParams.set('options', options);
  return parsed.toString();
}
