import type { Db, Queryable } from '@storefleet/kit';
import { ORDER_LIMITS } from '@storefleet/contracts';
import { mergeCartItems, type CartItem } from '../domain/cart.js';

export interface CartRow {
  id: string;
  user_id: string | null;
  updated_at: string;
}

const CART_COLUMNS = `id, user_id, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at`;
const CART_ITEMS = 'SELECT sku, product_id, name, quantity FROM cart_items WHERE cart_id = $1 ORDER BY added_at, sku';

/** What adding a line did: `no_cart` (no such cart of that owner), `full` (no room for a new line) or `added`. */
export type AddOutcome = { outcome: 'no_cart' } | { outcome: 'full' | 'added'; cart: CartRow; items: CartItem[] };

async function touch(q: Queryable, cartId: string): Promise<void> {
  await q.query('UPDATE carts SET updated_at = now() WHERE id = $1', [cartId]);
}

/**
 * Carts and their lines. Writes lock the cart row first, so concurrent adds to one cart queue up.
 * @example const carts = createCartsStore(db)
 */
export function createCartsStore(db: Db) {
  return {
    async find(id: string): Promise<CartRow | undefined> {
      const { rows } = await db.query<CartRow>(`SELECT ${CART_COLUMNS} FROM carts WHERE id = $1`, [id]);
      return rows[0];
    },

    /** The user's cart, created on first use. */
    async ensureForUser(userId: string): Promise<CartRow> {
      const { rows } = await db.query<CartRow>(
        `INSERT INTO carts (user_id) VALUES ($1) ON CONFLICT (user_id) DO UPDATE SET user_id = EXCLUDED.user_id RETURNING ${CART_COLUMNS}`,
        [userId],
      );
      return rows[0]!;
    },

    async createGuest(): Promise<CartRow> {
      const { rows } = await db.query<CartRow>(`INSERT INTO carts DEFAULT VALUES RETURNING ${CART_COLUMNS}`);
      return rows[0]!;
    },

    async items(cartId: string): Promise<CartItem[]> {
      const { rows } = await db.query<CartItem>(CART_ITEMS, [cartId]);
      return rows;
    },

    /** A cart with its lines, in one read. */
    async findWithItems(id: string): Promise<(CartRow & { items: CartItem[] }) | undefined> {
      const { rows } = await db.query<CartRow & { items: CartItem[] }>(
        `SELECT ${CART_COLUMNS},
                COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'product_id', i.product_id, 'name', i.name, 'quantity', i.quantity)
                                          ORDER BY i.added_at, i.sku)
                            FROM cart_items i WHERE i.cart_id = carts.id), '[]'::json) AS items
           FROM carts WHERE id = $1`,
        [id],
      );
      return rows[0];
    },

    /**
     * Adds `quantity` of a product to the cart of `owner` (a user id, or null for a guest cart), to its
     * existing line if any (capped), in one round trip (`cart_add_item` in 002_cart_add_item.sql).
     * Answers the cart as it now stands, with its lines.
     */
    async addItem(cartId: string, owner: string | null, item: Omit<CartItem, 'quantity'>, quantity: number): Promise<AddOutcome> {
      const { rows } = await db.query<{ outcome: AddOutcome['outcome']; items: CartItem[] } & CartRow>(
        'SELECT outcome, id, user_id, updated_at, items FROM cart_add_item($1, $2, $3, $4, $5, $6, $7, $8)',
        [cartId, owner, item.sku, item.product_id, item.name, quantity, ORDER_LIMITS.maxLines, ORDER_LIMITS.maxQuantity],
      );
      const { outcome, items, ...cart } = rows[0]!;
      return outcome === 'no_cart' ? { outcome } : { outcome, cart, items };
    },

    /** Sets a line's quantity; false when the cart has no such line. */
    async setQuantity(cartId: string, sku: string, quantity: number): Promise<boolean> {
      return db.tx(async (tx) => {
        const { rowCount } = await tx.query('UPDATE cart_items SET quantity = $3 WHERE cart_id = $1 AND sku = $2', [cartId, sku, quantity]);
        if (rowCount) await touch(tx, cartId);
        return rowCount === 1;
      });
    },

    /** Removes a line; false when the cart has no such line. */
    async removeItem(cartId: string, sku: string): Promise<boolean> {
      return db.tx(async (tx) => {
        const { rowCount } = await tx.query('DELETE FROM cart_items WHERE cart_id = $1 AND sku = $2', [cartId, sku]);
        if (rowCount) await touch(tx, cartId);
        return rowCount === 1;
      });
    },

    async clear(cartId: string): Promise<void> {
      await db.tx(async (tx) => {
        await tx.query('DELETE FROM cart_items WHERE cart_id = $1', [cartId]);
        await touch(tx, cartId);
      });
    },

    /** Moves a guest cart's lines into a user's cart (quantities added, capped) and deletes the guest cart. */
    async mergeGuestInto(guestId: string, userCartId: string): Promise<void> {
      await db.tx(async (tx) => {
        const locked = await tx.query<{ id: string; user_id: string | null }>('SELECT id, user_id FROM carts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [[guestId, userCartId]]);
        const guest = locked.rows.find((c) => c.id === guestId);
        if (!guest || guest.user_id !== null) return;
        const read = async (id: string) =>
          (await tx.query<CartItem>(CART_ITEMS, [id])).rows;
        const merged = mergeCartItems(await read(userCartId), await read(guestId));
        for (const item of merged) {
          await tx.query(
            `INSERT INTO cart_items (cart_id, sku, product_id, name, quantity) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (cart_id, sku) DO UPDATE SET quantity = EXCLUDED.quantity`,
            [userCartId, item.sku, item.product_id, item.name, item.quantity],
          );
        }
        await tx.query('DELETE FROM carts WHERE id = $1', [guestId]);
        await touch(tx, userCartId);
      });
    },
  };
}

export type CartsStore = ReturnType<typeof createCartsStore>;
