import type { Db, Outbox, Queryable } from '@storefleet/kit';
import type { Shipment, Warranty, WarrantyStatus } from '@storefleet/contracts';
import type { WarrantyChange, WarrantyUnit } from '../domain/warranty.js';
import { WARRANTIES_PUBLISHES } from '../events.js';
import { STATUS_OF, WARRANTY_SELECT, selectWarranty } from './warranty-rows.js';

export interface WarrantyFilter {
  user_id?: string;
  serial?: string;
  email?: string;
  status?: WarrantyStatus;
  page: number;
  limit: number;
}

/**
 * Warranties and their history; every change writes its history row and its warranty.* event in the
 * change's own transaction.
 * @example const warranties = createWarrantiesStore(db, { outbox })
 */
export function createWarrantiesStore(db: Db, { outbox }: { outbox: Outbox }) {
  return {
    /**
     * A warranty for each unit of an order's shipment, starting on the day it shipped (UTC) and ending
     * `months` later (PostgreSQL clamps the 31st to the month's last day). A unit that already has one
     * (same order, same serial) is skipped. Runs in `tx`, the inbox's transaction. Answers those created.
     */
    async createFromShipment(tx: Queryable, orderId: string, shipment: Shipment, units: WarrantyUnit[]): Promise<Warranty[]> {
      if (!units.length) return [];
      const { rows } = await tx.query<{ id: string }>(
        `WITH ins AS (
           INSERT INTO warranties (serial, sku, product_id, product_name, order_id, user_id, email, months, starts_on, ends_on)
           SELECT u.serial, u.sku, u.product_id, u.product_name, $1, $3, lower($4), u.months, d.day, (d.day + make_interval(months => u.months))::date
             FROM jsonb_to_recordset($2::jsonb) AS u (serial text, sku text, product_id uuid, product_name text, months integer),
                  (SELECT ($5::timestamptz AT TIME ZONE 'UTC')::date AS day) d
           ON CONFLICT (order_id, serial) DO NOTHING
           RETURNING id, ends_on
         ), history AS (
           INSERT INTO warranty_history (warranty_id, action, actor, ends_on_after) SELECT id, 'created', 'system', ends_on FROM ins
         )
         SELECT id FROM ins`,
        [orderId, JSON.stringify(units), shipment.user_id, shipment.email, shipment.shipped_at],
      );
      const created: Warranty[] = [];
      for (const { id } of rows) {
        const warranty = (await selectWarranty(tx, id))!;
        await outbox.add(tx, { type: WARRANTIES_PUBLISHES.warrantyCreated, subject: id, data: warranty });
        created.push(warranty);
      }
      return created;
    },

    get: (id: string): Promise<Warranty | undefined> => selectWarranty(db, id),

    /** The newest warranty of this serial sold to this email (both without case); undefined when the pair does not match. */
    async lookup(email: string, serial: string): Promise<Warranty | undefined> {
      const { rows } = await db.query<Warranty>(
        `${WARRANTY_SELECT} WHERE upper(w.serial) = upper($2) AND lower(w.email) = lower($1) ORDER BY w.created_at DESC LIMIT 1`,
        [email.trim(), serial.trim()],
      );
      return rows[0];
    },

    /** Newest first, filtered; `total` counts every match. */
    async list(filter: WarrantyFilter): Promise<{ items: Warranty[]; total: number }> {
      const where = `($1::uuid IS NULL OR w.user_id = $1) AND ($2::text IS NULL OR upper(w.serial) = upper($2))
        AND ($3::text IS NULL OR lower(w.email) = lower($3)) AND ($4::text IS NULL OR ${STATUS_OF('w')} = $4)`;
      const values = [filter.user_id ?? null, filter.serial?.trim() ?? null, filter.email?.trim() ?? null, filter.status ?? null];
      const [page, count] = await Promise.all([
        db.query<Warranty>(`${WARRANTY_SELECT} WHERE ${where} ORDER BY w.created_at DESC, w.id LIMIT $5 OFFSET $6`, [...values, filter.limit, (filter.page - 1) * filter.limit]),
        db.query<{ total: number }>(`SELECT count(*)::int AS total FROM warranties w WHERE ${where}`, values),
      ]);
      return { items: page.rows, total: count.rows[0]!.total };
    },

    /**
     * Applies `plan(current)` under a row lock: a later end date or a void, with its history row and
     * warranty.updated. Undefined when there is no such warranty.
     */
    async change(id: string, plan: (current: Warranty) => WarrantyChange, by: { actor: string; reason: string }): Promise<Warranty | undefined> {
      return db.tx(async (tx) => {
        const current = await selectWarranty(tx, id, true);
        if (!current) return undefined;
        const change = plan(current);
        const endsOn = change.action === 'extended' ? change.ends_on : current.ends_on;
        await tx.query(
          `UPDATE warranties SET ends_on = $2::date, voided_at = CASE WHEN $3 THEN now() ELSE voided_at END,
                  void_reason = CASE WHEN $3 THEN $4 ELSE void_reason END, updated_at = now()
            WHERE id = $1`,
          [id, endsOn, change.action === 'voided', by.reason],
        );
        await tx.query(
          `INSERT INTO warranty_history (warranty_id, action, actor, reason, ends_on_before, ends_on_after) VALUES ($1, $2, $3, $4, $5::date, $6::date)`,
          [id, change.action, by.actor, by.reason, current.ends_on, endsOn],
        );
        const warranty = (await selectWarranty(tx, id))!;
        await outbox.add(tx, { type: WARRANTIES_PUBLISHES.warrantyUpdated, subject: id, data: warranty });
        return warranty;
      });
    },
  };
}

export type WarrantiesStore = ReturnType<typeof createWarrantiesStore>;
