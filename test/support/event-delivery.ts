import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  createDatabase,
  createDb,
  createServiceCore,
  type App,
  type Db,
  type EventBus,
  type EventEnvelope,
  type Outbox,
} from '@storefleet/kit';
import { eventually } from './commerce.js';
import { createTestKeys } from './test-keys.js';

interface TestService {
  app: App;
  db: Db;
  outbox: Outbox;
}

/**
 * The delivery rules every bus must follow, proven through a service's admin API: two services on their
 * own databases; `alpha` publishes and has a group whose handler is broken for the `poison` event,
 * `beta` has a per-event and a batch group. `busFor(name)` gives each service its bus (the same
 * in-process bus, or its own connection to one Redis stream).
 */
export async function poisonedEventScenario(options: { postgresAdminUrl: string; busFor(service: string): EventBus; maxAttempts: number }) {
  const keys = await createTestKeys();
  const noMigrations = await mkdtemp(join(tmpdir(), 'no-migrations-')); // the services have only the kit's tables
  const admin = await keys.user('admin');
  const customer = await keys.user('customer');
  const services: TestService[] = [];
  const handled = { alpha: [] as string[], beta: [] as string[], betaBatch: [] as string[] };
  const alphaAttempts: string[] = [];
  let broken = true;

  async function startService(name: string): Promise<TestService & { subscribe: Awaited<ReturnType<typeof createServiceCore>>['subscribe']; subscribeBatch: Awaited<ReturnType<typeof createServiceCore>>['subscribeBatch'] }> {
    const db = createDb({ url: await createDatabase(options.postgresAdminUrl, `events_${name}`) });
    const config = { IDENTITY_URLS: 'http://127.0.0.1:1', EVENT_MAX_ATTEMPTS: options.maxAttempts, EVENT_RETRY_MS: 20 };
    const core = await createServiceCore(
      { config, db, bus: options.busFor(name), verifier: keys.verifier, logLevel: 'silent' },
      { name, description: `test service ${name}`, migrations: noMigrations },
    );
    const service = { app: core.app, db, outbox: core.outbox, subscribe: core.subscribe, subscribeBatch: core.subscribeBatch };
    services.push(service);
    return service;
  }

  const alpha = await startService('alpha');
  alpha.subscribe('alpha-things', ['inventory.*'], async (event) => {
    alphaAttempts.push(event.subject!);
    if (broken && event.subject === 'poison') throw new Error('alpha cannot handle poison');
    handled.alpha.push(event.subject!);
  });
  const beta = await startService('beta');
  beta.subscribe('beta-things', ['inventory.*'], async (event) => void handled.beta.push(event.subject!));
  beta.subscribeBatch('beta-batch', ['inventory.*'], async (events) => void handled.betaBatch.push(...events.map((e) => e.subject!)));

  const call = (app: App, method: 'GET' | 'POST' | 'DELETE', url: string, headers = admin.headers) => app.inject({ method, url, headers });
  const deadLetters = async (app: App) => (await call(app, 'GET', '/events/dead-letters')).json().dead_letters as { id: string; group: string; event: EventEnvelope; attempts: number; error: string }[];
  // Any event of the catalog does: a low-stock alert whose subject names it.
  const publish = (subject: string) =>
    alpha.db.tx((tx) => alpha.outbox.add(tx, { type: 'inventory.low_stock', subject, data: { sku: subject, available: 0, low_stock_threshold: 0 } }));

  try {
    const poison = await publish('poison');
    await publish('fine');

    // The poisoned event fails in alpha's group only: after maxAttempts it is parked there.
    const parked = await eventually(() => deadLetters(alpha.app), (list) => list.length === 1);
    expect(parked).toEqual([expect.objectContaining({ group: 'alpha-things', attempts: options.maxAttempts, error: 'alpha cannot handle poison' })]);
    expect(parked[0]!.event).toMatchObject({ id: poison.id, type: 'inventory.low_stock', subject: 'poison' });
    // Each attempt ran the handler; when both events came in one batch, the failed batch ran it once more first.
    const runs = alphaAttempts.filter((s) => s === 'poison').length;
    expect(runs).toBeGreaterThanOrEqual(options.maxAttempts);
    expect(runs).toBeLessThanOrEqual(options.maxAttempts + 1);
    expect(await eventually(async () => handled.alpha, (list) => list.length > 0)).toEqual(['fine']); // alpha moved on
    // The other groups got each event once: alpha's failures never delivered them again.
    await eventually(async () => handled.beta.length + handled.betaBatch.length, (n) => n >= 4);
    expect(handled.beta.sort()).toEqual(['fine', 'poison']);
    expect(handled.betaBatch.sort()).toEqual(['fine', 'poison']);
    expect(await deadLetters(beta.app)).toEqual([]);

    // Only admins see or touch dead letters.
    expect((await call(alpha.app, 'GET', '/events/dead-letters', customer.headers)).statusCode).toBe(403);
    expect((await call(alpha.app, 'GET', '/events/dead-letters', {})).statusCode).toBe(401);

    // A replay while the handler is still broken keeps the letter and says why.
    const again = await call(alpha.app, 'POST', `/events/dead-letters/${parked[0]!.id}/replay`);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('alpha cannot handle poison');
    expect(await deadLetters(alpha.app)).toEqual([expect.objectContaining({ id: parked[0]!.id, attempts: options.maxAttempts + 1 })]);

    // Fixed: the replay handles it once and the list empties.
    broken = false;
    expect((await call(alpha.app, 'POST', `/events/dead-letters/${parked[0]!.id}/replay`)).statusCode).toBe(204);
    expect(handled.alpha).toEqual(['fine', 'poison']);
    expect(await deadLetters(alpha.app)).toEqual([]);
    expect((await call(alpha.app, 'POST', `/events/dead-letters/${parked[0]!.id}/replay`)).statusCode).toBe(404);

    // A letter can be discarded instead.
    broken = true;
    await publish('poison');
    const discarded = await eventually(() => deadLetters(alpha.app), (list) => list.length === 1);
    expect((await call(alpha.app, 'DELETE', `/events/dead-letters/${discarded[0]!.id}`)).statusCode).toBe(204);
    expect(await deadLetters(alpha.app)).toEqual([]);
    expect((await call(alpha.app, 'DELETE', `/events/dead-letters/${discarded[0]!.id}`)).statusCode).toBe(404);
  } finally {
    for (const service of services) {
      await service.app.close();
      await service.db.close();
    }
  }
}
