import type { CreateWebhookEndpoint, WebhookEndpoint } from '@storefleet/contracts';
import type { Db, Queryable } from '@storefleet/kit';

interface Row {
  id: string;
  url: string;
  events: string[];
  description: string;
  secret: string;
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** An endpoint as the sender needs it: with its secret. */
export type EndpointWithSecret = WebhookEndpoint & { secret: string };

const toEndpoint = (r: Row): EndpointWithSecret => ({
  id: r.id, url: r.url, events: r.events, description: r.description, enabled: r.enabled, disabled_reason: r.disabled_reason,
  failing_since: r.failing_since?.toISOString() ?? null, created_at: r.created_at.toISOString(), updated_at: r.updated_at.toISOString(), secret: r.secret,
});
const COLUMNS = 'id, url, events, description, secret, enabled, disabled_reason, failing_since, created_at, updated_at';

/**
 * Webhook endpoints registered by admins, with their secrets (read only by the sender and returned only
 * on creation and rotation) and their failure streak.
 * @example const endpoints = createEndpointsStore(db); await endpoints.create({ url, events: ['order.*'] }, secret)
 */
export function createEndpointsStore(db: Db) {
  return {
    async create(input: CreateWebhookEndpoint & { events: string[] }, secret: string): Promise<EndpointWithSecret> {
      const { rows } = await db.query<Row>(
        `INSERT INTO webhook_endpoints (url, events, description, secret, enabled) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [input.url, input.events, input.description ?? '', secret, input.enabled ?? true],
      );
      return toEndpoint(rows[0]!);
    },

    async list(): Promise<EndpointWithSecret[]> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`);
      return rows.map(toEndpoint);
    },

    async get(q: Queryable, id: string): Promise<EndpointWithSecret | undefined> {
      const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
      return rows[0] && toEndpoint(rows[0]);
    },

    async enabled(q: Queryable): Promise<EndpointWithSecret[]> {
      const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE enabled`);
      return rows.map(toEndpoint);
    },

    /** Enabling an endpoint again clears its disabled reason and failure streak. */
    async update(id: string, changes: { url?: string; events?: string[]; description?: string; enabled?: boolean }): Promise<EndpointWithSecret | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE webhook_endpoints SET url = COALESCE($2, url), events = COALESCE($3, events), description = COALESCE($4, description),
           enabled = COALESCE($5, enabled),
           disabled_reason = CASE WHEN $5 IS TRUE THEN NULL ELSE disabled_reason END,
           failing_since = CASE WHEN $5 IS TRUE THEN NULL ELSE failing_since END,
           updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, changes.url ?? null, changes.events ?? null, changes.description ?? null, changes.enabled ?? null],
      );
      return rows[0] && toEndpoint(rows[0]);
    },

    async remove(id: string): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
      return rowCount === 1;
    },

    async rotateSecret(id: string, secret: string): Promise<EndpointWithSecret | undefined> {
      const { rows } = await db.query<Row>(`UPDATE webhook_endpoints SET secret = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [id, secret]);
      return rows[0] && toEndpoint(rows[0]);
    },

    async succeeded(q: Queryable, id: string): Promise<void> {
      await q.query('UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL', [id]);
    },

    /** Records a failure; answers how long the endpoint has been failing without a success (milliseconds). */
    async failed(q: Queryable, id: string): Promise<number> {
      const { rows } = await q.query<{ failing_ms: number }>(
        `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, now()) WHERE id = $1
         RETURNING (extract(epoch FROM now() - failing_since) * 1000)::float8 AS failing_ms`,
        [id],
      );
      return rows[0]?.failing_ms ?? 0;
    },

    /** Disables an enabled endpoint; answers false when it was already disabled (so it is announced once). */
    async disable(q: Queryable, id: string, reason: string): Promise<boolean> {
      const { rowCount } = await q.query('UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1 AND enabled', [id, reason]);
      return rowCount === 1;
    },
  };
}
export type EndpointsStore = ReturnType<typeof createEndpointsStore>;
