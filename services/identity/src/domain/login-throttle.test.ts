import { describe, expect, it } from 'vitest';
import { createLoginThrottle, createMemoryLoginAttemptStore, secondsUntilAllowed } from './login-throttle.js';

const MINUTE = 60_000;

describe('secondsUntilAllowed', () => {
  it('allows while failures in the window stay under the limit', () => {
    expect(secondsUntilAllowed([0, 1000], 3, 15 * MINUTE, 2000)).toBe(0);
  });

  it('waits until enough failures leave the window', () => {
    const failures = [0, 60_000, 120_000];
    expect(secondsUntilAllowed(failures, 3, 15 * MINUTE, 180_000)).toBe(15 * 60 - 180);
    expect(secondsUntilAllowed(failures, 3, 15 * MINUTE, 15 * MINUTE)).toBe(0);
  });

  it('ignores failures older than the window', () => {
    expect(secondsUntilAllowed([0, 1, 2], 3, MINUTE, MINUTE + 5)).toBe(0);
  });
});

describe('login throttle', () => {
  function setup(maxPerEmail = 3, maxPerIp = 5) {
    let clock = 1_000_000;
    const throttle = createLoginThrottle({ store: createMemoryLoginAttemptStore(), maxPerEmail, maxPerIp, windowMs: 15 * MINUTE, now: () => clock });
    return { throttle, advance: (ms: number) => (clock += ms) };
  }

  it('blocks an email after its limit of failures, from any address', async () => {
    const { throttle } = setup();
    for (let i = 0; i < 3; i++) await throttle.failed('ann@example.com', `10.0.0.${i}`);
    expect(await throttle.wait('ann@example.com', '10.0.0.99')).toBe(15 * 60);
    expect(await throttle.wait('bob@example.com', '10.0.0.99')).toBe(0);
  });

  it('blocks an address spraying many emails', async () => {
    const { throttle } = setup();
    for (let i = 0; i < 5; i++) await throttle.failed(`user${i}@example.com`, '10.0.0.1');
    expect(await throttle.wait('new@example.com', '10.0.0.1')).toBeGreaterThan(0);
    expect(await throttle.wait('new@example.com', '10.0.0.2')).toBe(0);
  });

  it('forgives an email after a success and once the window has passed', async () => {
    const { throttle, advance } = setup();
    for (let i = 0; i < 3; i++) await throttle.failed('ann@example.com', '10.0.0.1');
    await throttle.succeeded('ann@example.com');
    expect(await throttle.wait('ann@example.com', '10.0.0.1')).toBe(0);
    for (let i = 0; i < 3; i++) await throttle.failed('ann@example.com', '10.0.0.1');
    advance(15 * MINUTE);
    expect(await throttle.wait('ann@example.com', '10.0.0.1')).toBe(0);
  });
});

describe('memory attempt store', () => {
  it('keeps a bounded number of keys, dropping the least recently failed', async () => {
    const store = createMemoryLoginAttemptStore({ maxKeys: 2 });
    await store.record('a', 1, 0);
    await store.record('b', 2, 0);
    await store.record('a', 3, 0);
    await store.record('c', 4, 0);
    expect(await store.recent('b', 0)).toEqual([]);
    expect(await store.recent('a', 0)).toEqual([1, 3]);
  });
});
