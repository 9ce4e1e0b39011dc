import { createHash } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, createDb, createInProcessBus, loadConfig, type App } from '@storefleet/kit';
import type { ChannelDirectory } from '@storefleet/contracts/internal';
import { createIdentityApp, IdentityConfigSchema } from '../src/app.js';
import { ADMIN, bearer, login } from './helpers.js';

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

/** One start of identity on this database, with this STOREFRONT_CHANNELS. */
async function start(url: string, storefronts: unknown): Promise<App> {
  const db = createDb({ url, max: 3 });
  opened.push(db);
  const config = loadConfig(IdentityConfigSchema, { DATABASE_URL: url, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, STOREFRONT_CHANNELS: JSON.stringify(storefronts) });
  const app = await createIdentityApp({ config, db, bus: createInProcessBus(), logLevel: 'silent' });
  opened.push(app);
  return app;
}

const directory = async (app: App) => (await app.inject({ url: '/internal/channels' })).json<ChannelDirectory>().items;
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const NYC_KEY = 'pk_nycnycnycnycnycnycnycnycnycnyc1';

describe('STOREFRONT_CHANNELS', () => {
  it("creates a storefront's channel at the first start; later starts add origins and keep an admin's name, and register the key once", async () => {
    const url = await createDatabase(inject('postgresAdminUrl'), 'identity_storefronts');
    const nyc = { id: 'nyc', name: 'Storefleet NYC', theme_color: '#7c3aed', allowed_origins: ['http://127.0.0.1:5002'], key: NYC_KEY };
    const first = await start(url, [nyc]);
    expect((await directory(first)).find((c) => c.id === 'nyc')).toEqual({
      id: 'nyc', name: 'Storefleet NYC', theme_color: '#7c3aed', allowed_origins: ['http://127.0.0.1:5002'], key_hashes: [sha256(NYC_KEY)],
    });
    // The default channel carries the shop's name, which the web storefront shows.
    expect((await directory(first)).find((c) => c.id === 'web')?.name).toBe('Storefleet');

    const admin = await login(first, ADMIN.email, ADMIN.password);
    const renamed = await first.inject({ method: 'PATCH', url: '/channels/nyc', headers: bearer(admin.access_token), payload: { name: 'Manhattan' } });
    expect(renamed.statusCode).toBe(200);
    await first.close();

    const second = await start(url, [{ ...nyc, allowed_origins: ['http://127.0.0.1:5002', 'http://localhost:5002'] }]);
    expect((await directory(second)).find((c) => c.id === 'nyc')).toEqual({
      id: 'nyc', name: 'Manhattan', theme_color: '#7c3aed', allowed_origins: ['http://127.0.0.1:5002', 'http://localhost:5002'], key_hashes: [sha256(NYC_KEY)],
    });
  });

  it('lets two replicas start at once with the same channels: each channel made once, its origins and key once, one event each', async () => {
    const url = await createDatabase(inject('postgresAdminUrl'), 'identity_storefronts_together');
    const LA_KEY = 'pk_lalalalalalalalalalalalalalalala1';
    const storefronts = [
      { id: 'nyc', name: 'Storefleet NYC', allowed_origins: ['http://127.0.0.1:5001', 'http://localhost:5001'], key: NYC_KEY },
      { id: 'la', name: 'Storefleet LA', allowed_origins: ['http://127.0.0.1:5002'], key: LA_KEY },
      // web exists from the migrations: both replicas add the same origin to it.
      { id: 'web', name: 'Storefleet', allowed_origins: ['http://127.0.0.1:5003'], key: 'pk_webwebwebwebwebwebwebwebwebweb1' },
    ];
    const [one, two] = await Promise.all([start(url, storefronts), start(url, storefronts)]);
    for (const app of [one, two]) {
      const channels = await directory(app);
      expect(channels.find((c) => c.id === 'nyc')).toMatchObject({ allowed_origins: ['http://127.0.0.1:5001', 'http://localhost:5001'], key_hashes: [sha256(NYC_KEY)] });
      expect(channels.find((c) => c.id === 'la')).toMatchObject({ allowed_origins: ['http://127.0.0.1:5002'], key_hashes: [sha256(LA_KEY)] });
      expect(channels.find((c) => c.id === 'web')?.allowed_origins).toEqual(['http://127.0.0.1:5003']);
    }
    const db = createDb({ url, max: 1 });
    opened.push(db);
    const { rows } = await db.query<{ type: string; subject: string; count: number }>(
      "SELECT type, subject, count(*)::int AS count FROM outbox WHERE type LIKE 'channel.%' GROUP BY 1, 2 ORDER BY 1, 2",
    );
    expect(rows).toEqual([
      { type: 'channel.created', subject: 'la', count: 1 },
      { type: 'channel.created', subject: 'nyc', count: 1 },
      { type: 'channel.key_created', subject: 'la', count: 1 },
      { type: 'channel.key_created', subject: 'nyc', count: 1 },
      { type: 'channel.key_created', subject: 'web', count: 1 },
      { type: 'channel.updated', subject: 'web', count: 1 },
    ]);
  });

  it('stops the start on a malformed entry, naming it', async () => {
    const url = await createDatabase(inject('postgresAdminUrl'), 'identity_storefronts_bad');
    await expect(start(url, [{ id: 'NYC', name: 'x', key: NYC_KEY }])).rejects.toThrow(/^STOREFRONT_CHANNELS\/0\/id/);
  });
});
