import { describe, expect, inject, it } from 'vitest';
import { closeAfterEach, createKeys, send, startGateway, startUpstream } from '../../services/gateway/test/support.js';

const cleanups = closeAfterEach();

describe('gateway replicas sharing Redis', () => {
  it('count one client against one limit, whichever replica it reaches', async () => {
    const catalog = await startUpstream('catalog');
    cleanups.push(() => catalog.close());
    const { jwks } = await createKeys();
    // Redis database 7 of the run's fresh server is this test's alone (the cluster test's gateway counts in 0).
    const env = { CATALOG_URLS: catalog.url, REDIS_URL: `${inject('redisUrl')}/7`, RATE_LIMIT_PER_IP: '5', RATE_LIMIT_WINDOW_MS: '60000' };
    const replicas = [await startGateway(env, { jwks }), await startGateway(env, { jwks })];
    for (const replica of replicas) cleanups.push(() => replica.gateway.close());

    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send(replicas[i % 2]!.url, 'GET', '/api/products')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
  });
});
