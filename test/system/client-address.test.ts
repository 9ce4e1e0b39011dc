import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '@storefleet/system';
import { apiClient, startTestSystem } from '../support/system.js';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem({ LOGIN_MAX_FAILURES_PER_IP: '5' });
});
afterAll(() => system?.stop());

/** A sign-in through the gateway from one loopback address (127.0.0.0/8 is all local here), with any headers. */
function login(from: string, body: { email: string; password: string }, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(`${system.gatewayUrl}/api/users/login`, { method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('sign-in throttling per client address, through the gateway', () => {
  it('counts failures from one address even when each names another in X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) {
      statuses.push(await login('127.0.0.41', { email: `spray-${i}@example.com`, password: 'a wrong guess' }, { 'x-forwarded-for': `203.0.113.${i}` }));
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('does not let failures sent "from" someone else\'s address lock that address out', async () => {
    const victim = await apiClient(system.gatewayUrl).registerAndLogin();
    for (let i = 1; i <= 5; i++) {
      expect(await login('127.0.0.42', { email: `guess-${i}@example.com`, password: 'a wrong guess' }, { 'x-forwarded-for': '127.0.0.43' })).toBe(401);
    }
    expect(await login('127.0.0.43', { email: victim.email, password: victim.password })).toBe(200);
    expect(await login('127.0.0.42', { email: victim.email, password: victim.password })).toBe(429);
  });
});
