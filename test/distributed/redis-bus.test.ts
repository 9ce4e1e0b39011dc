import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisBus, type AnyEvents, type EventBus, type EventEnvelope } from '@storefleet/kit';

const silent = { info() {}, warn() {}, error() {} };
const open: EventBus<AnyEvents>[] = [];
afterEach(async () => {
  for (const bus of open.splice(0)) await bus.close();
});

function busOn(stream: string, options: { retryAfterMs?: number; maxDeliveries?: number } = {}) {
  const bus = createRedisBus<AnyEvents>({ url: inject('redisUrl'), log: silent, stream, blockMs: 100, ...options });
  open.push(bus);
  return bus;
}

const event = (type: string, data: unknown = {}): EventEnvelope => ({
  specversion: '1.0', id: randomUUID(), type, source: 'test', time: new Date().toISOString(), data,
});

/** Waits until `check` holds (events arrive asynchronously); returns whether it did. */
async function until(check: () => boolean, attempts = 100): Promise<boolean> {
  for (let i = 0; i < attempts && !check(); i++) await sleep(50);
  return check();
}

describe('the Redis Streams bus', () => {
  it('delivers each event once per group, to one replica of the group, and only the types asked for', async () => {
    const stream = `test:${randomUUID()}`;
    const [a1, a2, b] = [busOn(stream), busOn(stream), busOn(stream)];
    const seen = { a1: [] as string[], a2: [] as string[], b: [] as string[] };
    a1.subscribe('group-a', ['thing.*'], async (e) => void seen.a1.push(e.id));
    a2.subscribe('group-a', ['thing.*'], async (e) => void seen.a2.push(e.id));
    b.subscribe('group-b', ['thing.created'], async (e) => void seen.b.push(e.id));
    const events = [event('thing.created'), event('thing.updated'), event('other.created'), event('thing.created')];
    for (const e of events) await a1.publish(e);

    expect(await until(() => seen.a1.length + seen.a2.length === 3 && seen.b.length === 2)).toBe(true);
    expect([...seen.a1, ...seen.a2].sort()).toEqual([events[0]!.id, events[1]!.id, events[3]!.id].sort());
    expect(seen.b).toEqual([events[0]!.id, events[3]!.id]);
  });

  it('gives a group created later the events published before it existed', async () => {
    const stream = `test:${randomUUID()}`;
    const publisher = busOn(stream);
    const early = event('thing.created');
    await publisher.publish(early);
    const seen: string[] = [];
    busOn(stream).subscribe('late-group', ['thing.*'], async (e) => void seen.push(e.id));
    expect(await until(() => seen.length === 1)).toBe(true);
    expect(seen).toEqual([early.id]);
  });

  it('delivers a failed event again, and moves it to the dead-letter stream after too many failures', async () => {
    const stream = `test:${randomUUID()}`;
    const bus = busOn(stream, { retryAfterMs: 100, maxDeliveries: 3 });
    const attempts = new Map<string, number>();
    const flaky = event('thing.flaky');
    const broken = event('thing.broken');
    bus.subscribe('retry-group', ['thing.*'], async (e) => {
      const n = (attempts.get(e.id) ?? 0) + 1;
      attempts.set(e.id, n);
      if (e.id === broken.id || n < 2) throw new Error('handler failed');
    });
    await bus.publish(flaky);
    await bus.publish(broken);

    expect(await until(() => attempts.get(flaky.id) === 2 && (attempts.get(broken.id) ?? 0) >= 3)).toBe(true);
    const redis = new Redis(inject('redisUrl'));
    try {
      let dead: [string, string[]][] = [];
      for (let i = 0; i < 100 && dead.length === 0; i++) {
        dead = (await redis.xrange(`${stream}:dead`, '-', '+')) as [string, string[]][];
        if (!dead.length) await sleep(50);
      }
      expect(dead.map(([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1]!).id)).toEqual([broken.id]);
      expect(attempts.get(flaky.id)).toBe(2);
    } finally {
      redis.disconnect();
    }
  });

  it('publishes a batch in order and hands a batch subscriber what one read brings together; a failed batch goes again one event at a time', async () => {
    const stream = `test:${randomUUID()}`;
    const publisher = busOn(stream);
    const events = [event('thing.created'), event('other.created'), event('thing.poison'), event('thing.updated')];
    await publisher.publishAll(events); // before anyone reads, so one read brings all four
    const calls: string[][] = [];
    busOn(stream, { retryAfterMs: 60_000 }).subscribeBatch('batched', ['thing.*'], async (batch) => {
      calls.push(batch.map((e) => e.type));
      if (batch.some((e) => e.type === 'thing.poison')) throw new Error('cannot handle poison');
    });
    expect(await until(() => calls.length === 4)).toBe(true);
    expect(calls).toEqual([['thing.created', 'thing.poison', 'thing.updated'], ['thing.created'], ['thing.poison'], ['thing.updated']]);
    // Everything but the poison is acknowledged; it waits for its retry.
    const redis = new Redis(inject('redisUrl'));
    const pending = (await redis.xpending(stream, 'batched')) as [number, ...unknown[]];
    redis.disconnect();
    expect(pending[0]).toBe(1);
  });

  it('stops delivering to an unsubscribed handler', async () => {
    const stream = `test:${randomUUID()}`;
    const bus = busOn(stream);
    const seen: string[] = [];
    const unsubscribe = bus.subscribe('gone-group', ['thing.*'], async (e) => void seen.push(e.id));
    const first = event('thing.created');
    await bus.publish(first);
    expect(await until(() => seen.length === 1)).toBe(true);
    unsubscribe();
    const other = busOn(stream);
    const later: string[] = [];
    await other.publish(event('thing.created'));
    other.subscribe('gone-group', ['thing.*'], async (e) => void later.push(e.id));
    expect(await until(() => later.length === 1)).toBe(true);
    expect(seen).toEqual([first.id]);
  });

  it('broadcasts every event to every process that follows it, with the last minute before it started, and leaves no group behind', async () => {
    const stream = `test:${randomUUID()}`;
    const publisher = busOn(stream);
    const before = event('thing.revoked');
    await publisher.publish(before);
    const seen = { p1: [] as string[], p2: [] as string[] };
    busOn(stream).broadcast(['thing.revoked'], async (e) => void seen.p1.push(e.id));
    busOn(stream).broadcast(['thing.revoked'], async (e) => void seen.p2.push(e.id));
    const after = [event('thing.revoked'), event('other.created'), event('thing.revoked')];
    for (const e of after) await publisher.publish(e);

    const expected = [before.id, after[0]!.id, after[2]!.id];
    expect(await until(() => seen.p1.length === 3 && seen.p2.length === 3)).toBe(true);
    expect(seen.p1).toEqual(expected);
    expect(seen.p2).toEqual(expected);
    const redis = new Redis(inject('redisUrl'));
    try {
      expect(await redis.xinfo('GROUPS', stream)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
