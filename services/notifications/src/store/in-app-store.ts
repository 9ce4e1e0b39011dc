import type { InAppNotification, InAppNotificationList } from '@storefleet/contracts';
import type { Db, Queryable } from '@storefleet/kit';
import type { PlannedInApp } from '../domain/messages-for-event.js';

interface Row {
  id: string;
  kind: string;
  title: string;
  body: string;
  order_id: string | null;
  read_at: Date | null;
  created_at: Date;
}
const toNotification = (r: Row): InAppNotification => ({
  id: r.id, kind: r.kind, title: r.title, body: r.body, order_id: r.order_id, read_at: r.read_at?.toISOString() ?? null, created_at: r.created_at.toISOString(),
});

/**
 * A customer's in-app notifications. Every read and change is scoped to the user, so another customer's
 * notification is simply not found.
 * @example const inApp = createInAppStore(db); await inApp.listOf(userId, 50)
 */
export function createInAppStore(db: Db) {
  return {
    async add(tx: Queryable, notifications: PlannedInApp[]): Promise<void> {
      for (const n of notifications) {
        await tx.query('INSERT INTO in_app_notifications (user_id, kind, title, body, order_id) VALUES ($1, $2, $3, $4, $5)', [n.user_id, n.kind, n.title, n.body, n.order_id]);
      }
    },

    async listOf(userId: string, limit: number): Promise<InAppNotificationList> {
      const { rows } = await db.query<Row>(
        'SELECT id, kind, title, body, order_id, read_at, created_at FROM in_app_notifications WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2',
        [userId, limit],
      );
      const unread = await db.query<{ n: string }>('SELECT count(*) AS n FROM in_app_notifications WHERE user_id = $1 AND read_at IS NULL', [userId]);
      return { items: rows.map(toNotification), unread: Number(unread.rows[0]!.n) };
    },

    async markRead(userId: string, id: string): Promise<InAppNotification | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE in_app_notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2
         RETURNING id, kind, title, body, order_id, read_at, created_at`,
        [id, userId],
      );
      return rows[0] && toNotification(rows[0]);
    },

    async markAllRead(userId: string): Promise<number> {
      const { rowCount } = await db.query('UPDATE in_app_notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId]);
      return rowCount ?? 0;
    },
  };
}
export type InAppStore = ReturnType<typeof createInAppStore>;
