import type { Queryable } from '@storefleet/kit';
import type { Claim, Warranty } from '@storefleet/contracts';

/** A timestamp as the API writes it (ISO 8601, UTC, milliseconds). */
const iso = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Derived at read time, so a warranty never shows a stale status (days counted in UTC). */
export const STATUS_OF = (w: string) =>
  `CASE WHEN ${w}.voided_at IS NOT NULL THEN 'void' WHEN ${w}.ends_on < (now() AT TIME ZONE 'UTC')::date THEN 'expired' ELSE 'active' END`;

/** The claim row `c` with its history, as ClaimSchema JSON. */
export function claimJson(c: string): string {
  return `json_build_object('id', ${c}.id, 'warranty_id', ${c}.warranty_id, 'status', ${c}.status, 'description', ${c}.description,
    'history', COALESCE((SELECT json_agg(json_build_object('actor', h.actor, 'at', ${iso('h.at')}, 'from', h.from_status, 'to', h.to_status, 'note', h.note) ORDER BY h.id)
                           FROM claim_history h WHERE h.claim_id = ${c}.id), '[]'::json),
    'created_at', ${iso(`${c}.created_at`)}, 'updated_at', ${iso(`${c}.updated_at`)})`;
}

/** Every warranty column, its status, history and claims, as a row shaped like WarrantySchema. */
export const WARRANTY_SELECT = `
  SELECT w.id, w.serial, w.sku, w.product_id, w.product_name, w.order_id, w.user_id, w.email, w.months,
         w.starts_on::text AS starts_on, w.ends_on::text AS ends_on, ${STATUS_OF('w')} AS status, w.void_reason,
         COALESCE((SELECT json_agg(json_build_object('action', h.action, 'actor', h.actor, 'at', ${iso('h.at')}, 'reason', h.reason,
                                                     'ends_on_before', h.ends_on_before, 'ends_on_after', h.ends_on_after) ORDER BY h.id)
                     FROM warranty_history h WHERE h.warranty_id = w.id), '[]'::json) AS history,
         COALESCE((SELECT json_agg(${claimJson('c')} ORDER BY c.created_at, c.id) FROM claims c WHERE c.warranty_id = w.id), '[]'::json) AS claims,
         ${iso('w.created_at')} AS created_at, ${iso('w.updated_at')} AS updated_at
    FROM warranties w`;

export async function selectWarranty(q: Queryable, id: string, lock = false): Promise<Warranty | undefined> {
  const { rows } = await q.query<Warranty>(`${WARRANTY_SELECT} WHERE w.id = $1${lock ? ' FOR UPDATE OF w' : ''}`, [id]);
  return rows[0];
}

export async function selectClaim(q: Queryable, id: string, lock = false): Promise<Claim | undefined> {
  const { rows } = await q.query<{ claim: Claim }>(`SELECT ${claimJson('c')} AS claim FROM claims c WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`, [id]);
  return rows[0]?.claim;
}
