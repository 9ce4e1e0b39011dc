import type { Db } from '@storefleet/kit';

export interface StoredKey {
  request_hash: string;
  state: 'running' | 'done';
  order_id: string | null;
  response_status: number | null;
  response_body: unknown;
}

export type Claim = { kind: 'new' } | { kind: 'existing'; key: StoredKey };

/**
 * Idempotency keys of checkouts: a key is claimed before the work starts (so a concurrent duplicate sees it
 * running), linked to its order when the order exists, and holds the first answer once there is one.
 * @example const keys = createIdempotencyStore(db, { staleMs: 30_000 })
 */
export function createIdempotencyStore(db: Db, { staleMs }: { staleMs: number }) {
  /**
   * Claims `key` for this request, or answers what is stored. A claim that never got an order and is older
   * than `staleMs` (its process stopped before creating it) is taken over.
   */
  async function claim(scope: string, key: string, hash: string): Promise<Claim> {
    const inserted = await db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state) VALUES ($1, $2, $3, 'running')
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
         WHERE idempotency_keys.state = 'running' AND idempotency_keys.order_id IS NULL
           AND idempotency_keys.request_hash = EXCLUDED.request_hash
           AND idempotency_keys.created_at < now() - $4 * interval '1 millisecond'
       RETURNING 1`,
      [scope, key, hash, staleMs],
    );
    if (inserted.rowCount) return { kind: 'new' };
    const { rows } = await db.query<StoredKey>(
      'SELECT request_hash, state, order_id, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    // Deleted in between (the first request failed before creating an order): claim again.
    if (!rows[0]) return claim(scope, key, hash);
    return { kind: 'existing', key: rows[0] };
  }

  return {
    claim,

    /** Stores the first answer, which every retry with the same body gets. */
    async finish(scope: string, key: string, status: number, body: unknown): Promise<void> {
      await db.query(
        `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
        [scope, key, status, JSON.stringify(body)],
      );
    },

    /** Forgets a claim whose request ended before creating an order, so the client may retry with the same key. */
    async abandon(scope: string, key: string): Promise<void> {
      await db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'running' AND order_id IS NULL`, [scope, key]);
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
