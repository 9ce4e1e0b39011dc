import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { RunningSystem } from '@storefleet/system';

/**
 * Publishes an event as the service named by `source` would: a row in that service's outbox, which its
 * relay publishes on its next pass (within a second). For events whose publisher is not built yet, or
 * that a test needs on demand.
 * @example await publishEvent(system, { type: 'user.password_reset_requested', source: 'identity', data })
 */
export async function publishEvent(system: RunningSystem, event: { type: string; source: string; subject?: string; data: unknown }): Promise<string> {
  const client = new pg.Client({ connectionString: system.databases[event.source] });
  await client.connect();
  try {
    const id = randomUUID();
    await client.query('INSERT INTO outbox (id, type, source, subject, data) VALUES ($1, $2, $3, $4, $5)', [id, event.type, event.source, event.subject ?? null, JSON.stringify(event.data)]);
    return id;
  } finally {
    await client.end();
  }
}
