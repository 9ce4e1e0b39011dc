import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createRedisCache, type Cache } from '@storefleet/kit';

const silent = { info() {}, warn() {}, error() {} };
const open: Cache<object>[] = [];
afterEach(async () => {
  for (const cache of open.splice(0)) await cache.close();
});

/** Two clients of one cache on the test Redis server, as two replicas would hold. */
function replicas<T extends object>(ttlMs = 60_000): [Cache<T>, Cache<T>] {
  const name = `test-cache:${randomUUID()}`;
  const pair = [createRedisCache<T>({ name, ttlMs, url: inject('redisUrl'), log: silent }), createRedisCache<T>({ name, ttlMs, url: inject('redisUrl'), log: silent })] as [Cache<T>, Cache<T>];
  open.push(...pair);
  return pair;
}

/** The first calls may come before the connection is up, and then miss: wait until a write shows. */
async function connected(cache: Cache<object>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await cache.setMany([['probe', { ok: true }]]);
    if ((await cache.getMany(['probe'])).size) return;
    await sleep(20);
  }
  throw new Error('the Redis cache never connected');
}

describe('the Redis cache', () => {
  it('is shared by replicas: what one sets the other reads, what one deletes the other misses', async () => {
    const [a, b] = replicas<{ price: number }>();
    await connected(a);
    await connected(b);
    await a.setMany([['id:1', { price: 10 }], ['id:2', { price: 20 }]]);
    expect(await b.getMany(['id:1', 'id:2', 'id:3'])).toEqual(new Map([['id:1', { price: 10 }], ['id:2', { price: 20 }]]));
    await b.delete(['id:1']);
    expect([...(await a.getMany(['id:1', 'id:2'])).keys()]).toEqual(['id:2']);
  });

  it('keeps the newest version whichever replica writes last', async () => {
    const [a, b] = replicas<{ available: number; version: number }>();
    await connected(a);
    await connected(b);
    await a.setNewer([['sku:X', { available: 3, version: 7 }]]);
    await b.setNewer([['sku:X', { available: 9, version: 6 }], ['sku:Y', { available: 1, version: 1 }]]);
    expect(await a.getMany(['sku:X', 'sku:Y'])).toEqual(new Map([['sku:X', { available: 3, version: 7 }], ['sku:Y', { available: 1, version: 1 }]]));
    await b.setNewer([['sku:X', { available: 0, version: 8 }]]);
    expect((await a.getMany(['sku:X'])).get('sku:X')).toEqual({ available: 0, version: 8 });
  });

  it('forgets an entry after ttlMs', async () => {
    const [a] = replicas<{ n: number }>(300);
    await connected(a);
    await a.setMany([['k', { n: 1 }]]);
    // Redis expires it on its own clock: wait until it has, as a reader would see.
    await vi.waitFor(async () => expect((await a.getMany(['k'])).size).toBe(0), { timeout: 5_000 });
  });
});
