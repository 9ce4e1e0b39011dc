import type { Order, User } from '@storefleet/contracts';
import type { Queryable } from '@storefleet/kit';
import type { KnownOrder } from '../domain/messages-for-event.js';

/**
 * What notifications keeps of other services' data, fed by their events, so it never calls them to
 * know where a message goes: an order's recipient (from order.created) and the admins (user.*).
 */
export function createReadModelsStore() {
  return {
    async rememberOrder(tx: Queryable, order: Order): Promise<void> {
      await tx.query(
        `INSERT INTO known_orders (id, user_id, email, currency, total, phone)
         VALUES ($1, $2, $3, $4, $5, COALESCE($6, (SELECT phone FROM known_users WHERE id = $2)))
         ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, email = EXCLUDED.email, currency = EXCLUDED.currency, total = EXCLUDED.total, phone = EXCLUDED.phone`,
        [order.id, order.user_id, order.email, order.currency, order.total, order.phone ?? null],
      );
    },

    async order(tx: Queryable, id: string): Promise<KnownOrder | undefined> {
      const { rows } = await tx.query<KnownOrder>('SELECT id, user_id, email, currency, total::text AS total, phone FROM known_orders WHERE id = $1', [id]);
      return rows[0];
    },

    /** user.registered and user.updated carry the whole user; user.deleted removes it. */
    async rememberUser(tx: Queryable, user: User, deleted = false): Promise<void> {
      if (deleted) {
        await tx.query('DELETE FROM known_users WHERE id = $1', [user.id]);
        return;
      }
      await tx.query(
        `INSERT INTO known_users (id, email, first_name, role, active, phone) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, first_name = EXCLUDED.first_name, role = EXCLUDED.role, active = EXCLUDED.active, phone = EXCLUDED.phone`,
        [user.id, user.email, user.first_name, user.role, user.active && !user.deleted_at, user.phone ?? null],
      );
    },

    async activeAdminEmails(tx: Queryable): Promise<string[]> {
      const { rows } = await tx.query<{ email: string }>(`SELECT email FROM known_users WHERE role = 'admin' AND active ORDER BY email`);
      return rows.map((r) => r.email);
    },
  };
}
export type ReadModelsStore = ReturnType<typeof createReadModelsStore>;
