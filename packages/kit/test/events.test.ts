import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished, vi } from 'vitest';
import { KIT_MIGRATIONS, createDatabase, createDb, createInProcessBus, createInbox, type AnyEvents, createOutbox, createRelay, type Db, type EventEnvelope } from '@storefleet/kit';

const log = pino({ level: 'silent' });
/** Timers on a clock the test moves (the database's sockets keep real time) until the test ends. */
function useFakeTimers(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  onTestFinished(() => void vi.useRealTimers());
}
let db: Db;
let migrations: string;

beforeAll(async () => {
  db = createDb({ url: await createDatabase(inject('postgresAdminUrl'), 'kit_events') });
  migrations = await mkdtemp(join(tmpdir(), 'kit-migrations-'));
  await writeFile(join(migrations, '001_things.sql'), 'CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL);');
  await db.migrate([KIT_MIGRATIONS, migrations]);
});
afterAll(() => db.close());

describe('migrations', () => {
  it('applies each file once, in order, and reports ready', async () => {
    expect(await db.migrate([KIT_MIGRATIONS, migrations])).toEqual([]);
    const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(['000_kit_events', '000_kit_events_dead_letters', '000_kit_imports', '000_kit_imports_heartbeat', '000_kit_outbox_claims', '000_kit_outbox_order', '001_things']);
    expect(await db.ready()).toBe(true);
  });

  it('is not ready when the database cannot be reached', async () => {
    const unreachable = createDb({ url: 'postgres://nobody:x@127.0.0.1:1/none' });
    expect(await unreachable.ready()).toBe(false);
    await unreachable.close();
  });
});

describe('outbox, relay and inbox', () => {
  it('publishes only committed events, at least once, and the inbox skips redeliveries', async () => {
    const bus = createInProcessBus<AnyEvents>();
    const outbox = createOutbox<AnyEvents>('test');
    const received: EventEnvelope[] = [];
    let failNext = true;
    const handleOnce = createInbox(db, 'test-consumer');
    bus.subscribe('test-consumer', ['thing.*'], async (event) => {
      if (failNext) {
        failNext = false;
        throw new Error('consumer down');
      }
      await handleOnce(event, async () => {
        received.push(event);
      });
    });
    const relay = createRelay({ db, bus, log, intervalMs: 60_000 });

    await db.tx(async (tx) => {
      await tx.query("INSERT INTO things (name) VALUES ('kept')");
      await outbox.add(tx, { type: 'thing.created', subject: 'kept', data: { name: 'kept' } });
    });
    await db
      .tx(async (tx) => {
        await outbox.add(tx, { type: 'thing.created', subject: 'rolled-back', data: { name: 'rolled-back' } });
        throw new Error('abort');
      })
      .catch(() => undefined);

    expect(await relay.drain()).toBe(0); // the consumer failed: the event stays in the outbox
    expect(await relay.drain()).toBe(1);
    expect(received.map((e) => e.subject)).toEqual(['kept']);
    expect(received[0]).toMatchObject({ specversion: '1.0', type: 'thing.created', source: 'test', data: { name: 'kept' } });

    // A redelivery of the same event id is skipped by the inbox.
    expect(await handleOnce(received[0]!, async () => void received.push(received[0]!))).toBe(false);
    expect(received).toHaveLength(1);
    await relay.stop();
  });

  it('publishes events handed over by its outbox from memory, and a failed one with the next pass', async () => {
    const bus = createInProcessBus<AnyEvents>();
    const received: string[] = [];
    let firstFails = true;
    bus.subscribe('memory', ['thing.remembered'], async (event) => {
      if (event.subject === 'first' && firstFails) throw new Error('consumer down');
      received.push(event.subject!);
    });
    const relay = createRelay({ db, bus, log, intervalMs: 60_000, markDelayMs: 50 });
    const outbox = createOutbox<AnyEvents>('test', relay);
    const first = await db.tx((tx) => outbox.add(tx, { type: 'thing.remembered', subject: 'first', data: {} }));
    const second = outbox.inStatement({ type: 'thing.remembered', subject: 'second', data: {} });
    await db.query(`WITH ev AS (${second.insert(1)}) SELECT 1`, second.values);
    second.written();
    await vi.waitFor(async () => {
      const { rows } = await db.query<{ id: string; published: boolean; claimed: boolean }>(
        'SELECT id, published_at IS NOT NULL AS published, claimed_until IS NOT NULL AS claimed FROM outbox WHERE id = ANY ($1::uuid[])',
        [[first.id, second.envelope.id]],
      );
      expect(rows.find((r) => r.id === second.envelope.id)).toMatchObject({ published: true, claimed: false });
      // The first delivery failed: unclaimed and unpublished, so the next pass takes it.
      expect(rows.find((r) => r.id === first.id)).toMatchObject({ published: false, claimed: false });
    });
    expect(received).toEqual(['second']);
    firstFails = false;
    expect(await relay.drain()).toBe(1);
    expect(received).toEqual(['second', 'first']);
    await relay.stop();
  });

  it('marks published events in one statement later; if it dies first, they are published again and the inbox skips them', async () => {
    const handleOnce = createInbox(db, 'marking');
    const handled: string[] = [];
    const consumer = async (event: EventEnvelope) => void (await handleOnce(event, async () => void handled.push(event.subject!)));
    const busA = createInProcessBus<AnyEvents>();
    busA.subscribe('marking', ['thing.marked'], consumer);
    const relayA = createRelay({ db, bus: busA, log, intervalMs: 60_000, markDelayMs: 60_000 });
    const outbox = createOutbox<AnyEvents>('test', relayA);
    const events = [];
    for (const subject of ['x', 'y', 'z']) events.push(await db.tx((tx) => outbox.add(tx, { type: 'thing.marked', subject, data: {} })));
    const ids = events.map((e) => e.id);
    const state = async () =>
      (await db.query<{ published: boolean; claimed: boolean }>('SELECT published_at IS NOT NULL AS published, claimed_until > now() AS claimed FROM outbox WHERE id = ANY ($1::uuid[])', [ids])).rows;
    await vi.waitFor(() => expect(handled).toEqual(['x', 'y', 'z']));
    // Delivered but not marked yet: still claimed, so no relay publishes them meanwhile.
    expect(await state()).toEqual(Array(3).fill({ published: false, claimed: true }));

    // relayA "dies" before marking: its claims expire and another relay publishes the events again.
    await db.query("UPDATE outbox SET claimed_until = now() - interval '1 second' WHERE id = ANY ($1::uuid[])", [ids]);
    const busB = createInProcessBus<AnyEvents>();
    const redelivered: string[] = [];
    busB.subscribe('marking', ['thing.marked'], async (event) => {
      redelivered.push(event.subject!);
      await consumer(event);
    });
    const relayB = createRelay({ db, bus: busB, log, intervalMs: 60_000 });
    expect(await relayB.drain()).toBe(3);
    expect(redelivered).toEqual(['x', 'y', 'z']);
    expect(handled).toEqual(['x', 'y', 'z']); // the inbox skipped the second delivery
    expect(await state()).toEqual(Array(3).fill({ published: true, claimed: null }));
    await relayB.stop();
    await relayA.stop();
  });

  it('publishes again in the order they were written events written within one millisecond', async () => {
    // The clock is frozen while writing, as when a fast writer commits several events within one millisecond.
    const relayA = createRelay({ db, bus: createInProcessBus<AnyEvents>(), log, intervalMs: 60_000, markDelayMs: 60_000 });
    const outbox = createOutbox<AnyEvents>('test', relayA);
    const subjects = Array.from({ length: 20 }, (_, i) => `e${i}`);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T00:00:00.000Z') });
    const ids: string[] = [];
    try {
      for (const subject of subjects) ids.push((await db.tx((tx) => outbox.add(tx, { type: 'thing.ordered', subject, data: {} }))).id);
    } finally {
      vi.useRealTimers();
    }
    await relayA.stop();
    // The relay died before marking them: another publishes them again, and must keep their order.
    await db.query("UPDATE outbox SET published_at = NULL, claimed_until = now() - interval '1 second' WHERE id = ANY ($1::uuid[])", [ids]);
    const bus = createInProcessBus<AnyEvents>();
    const redelivered: string[] = [];
    bus.subscribe('ordered', ['thing.ordered'], async (event) => void redelivered.push(event.subject!));
    const relayB = createRelay({ db, bus, log, intervalMs: 60_000 });
    while ((await relayB.drain()) > 0);
    expect(redelivered).toEqual(subjects);
    await relayB.stop();
  });

  it('hands a batch subscriber what one run publishes in one call, in order; a failed batch goes again one event at a time', async () => {
    const bus = createInProcessBus<AnyEvents>();
    const calls: string[][] = [];
    const single: string[] = [];
    let poisoned = true;
    bus.subscribeBatch('batched', ['thing.batched'], async (events) => {
      const subjects = events.map((event) => event.subject!);
      calls.push(subjects);
      if (poisoned && subjects.includes('poison')) throw new Error('cannot handle poison');
    });
    bus.subscribe('single', ['thing.batched'], async (event) => void single.push(event.subject!));
    // Handed over while no run can start yet (kickDelayMs), so one run publishes all four together.
    const relay = createRelay({ db, bus, log, intervalMs: 60_000, kickDelayMs: 50 });
    const outbox = createOutbox<AnyEvents>('test', relay);
    await db.tx(async (tx) => {
      for (const subject of ['a', 'b', 'poison', 'c']) await outbox.add(tx, { type: 'thing.batched', subject, data: {} });
    });
    await vi.waitFor(() => expect(calls.length).toBe(5));
    expect(calls).toEqual([['a', 'b', 'poison', 'c'], ['a'], ['b'], ['poison'], ['c']]);
    // The per-event subscriber saw the batch too, then each event again (the inbox is what skips repeats).
    expect(single).toEqual(['a', 'b', 'poison', 'c', 'a', 'b', 'poison', 'c']);
    poisoned = false;
    expect(await relay.drain()).toBe(1); // only `poison` was left unpublished
    expect(calls.at(-1)).toEqual(['poison']);
    await relay.stop();
  });

  it('makes one pass for the kicks of rows written in SQL that come within its delay', async () => {
    await db.query('UPDATE outbox SET published_at = now() WHERE published_at IS NULL');
    const bus = createInProcessBus<AnyEvents>();
    const received: string[] = [];
    bus.subscribe('kicked', ['thing.kicked'], async (event) => void received.push(event.subject!));
    // The relay's delays run on a fake clock that the test moves, so "within its delay" holds however slow the machine is.
    useFakeTimers();
    const relay = createRelay({ db, bus, log, intervalMs: 60_000, passDelayMs: 300 });
    // A regression guard on cost, not on behaviour: each pass is one more statement on a busy service's
    // database, so the kicks that come within the delay must share one. The count is the only way to see it.
    const statements = vi.spyOn(db, 'query');
    for (const subject of ['a', 'b', 'c']) {
      await db.query("INSERT INTO outbox (id, type, source, subject, data) VALUES (gen_random_uuid(), 'thing.kicked', 'test', $1, '{}')", [subject]);
      relay.kick();
      await vi.advanceTimersByTimeAsync(90);
    }
    await vi.waitFor(() => expect(received).toEqual(['a', 'b', 'c']));
    await vi.advanceTimersByTimeAsync(300); // past the delay of the last kick too, had it asked for a pass of its own
    const passes = statements.mock.calls.filter(([text]) => String(text).includes('SET claimed_until = now()'));
    expect(passes).toHaveLength(1);
    statements.mockRestore();
    await relay.stop();
  });

  it('keeps publishing handed-over events after a run that found nothing to do', async () => {
    const bus = createInProcessBus<AnyEvents>();
    const received: string[] = [];
    bus.subscribe('later', ['thing.later'], async (event) => void received.push(event.subject!));
    useFakeTimers();
    const relay = createRelay({ db, bus, log, intervalMs: 60_000, kickDelayMs: 20 });
    const outbox = createOutbox<AnyEvents>('test', relay);
    await db.tx((tx) => outbox.add(tx, { type: 'thing.later', subject: 'a', data: {} }));
    await relay.drain(); // publishes `a` before the run scheduled for it starts, which then finds nothing
    await vi.advanceTimersByTimeAsync(20); // that run starts now
    await db.tx((tx) => outbox.add(tx, { type: 'thing.later', subject: 'b', data: {} }));
    await vi.waitFor(() => expect(received).toEqual(['a', 'b']));
    await relay.stop();
  });

  it('shares the work between replicas, each event once, oldest first, and takes over claims that expired', async () => {
    await db.query('UPDATE outbox SET published_at = now() WHERE published_at IS NULL');
    const outbox = createOutbox<AnyEvents>('test');
    for (let i = 0; i < 30; i++) await db.tx((tx) => outbox.add(tx, { type: 'thing.counted', subject: String(i), data: { i } }));
    const seen: string[][] = [[], []];
    const relays = seen.map((list) => {
      const bus = createInProcessBus<AnyEvents>();
      bus.subscribe('counter', ['thing.counted'], async (event) => {
        list.push(event.subject!);
        await new Promise((resolve) => setTimeout(resolve, 2));
      });
      return createRelay({ db, bus, log, intervalMs: 60_000, batch: 7 });
    });
    await Promise.all(relays.map(async (relay) => {
      while ((await relay.drain()) > 0);
    }));
    const all = seen.flat();
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
    const { rows } = await db.query<{ subject: string }>("SELECT subject FROM outbox WHERE type = 'thing.counted' ORDER BY position");
    const position = new Map(rows.map((r, i) => [r.subject, i]));
    for (const list of seen) {
      expect(list.length).toBeGreaterThan(0);
      expect(list).toEqual([...list].sort((a, b) => position.get(a)! - position.get(b)!));
    }

    // A relay that died mid-pass left its claim: the row waits until the claim expires.
    const orphan = await db.tx((tx) => outbox.add(tx, { type: 'thing.counted', subject: 'orphan', data: {} }));
    await db.query("UPDATE outbox SET claimed_until = now() + interval '1 hour' WHERE id = $1", [orphan.id]);
    expect(await relays[0]!.drain()).toBe(0);
    await db.query("UPDATE outbox SET claimed_until = now() - interval '1 second' WHERE id = $1", [orphan.id]);
    expect(await relays[0]!.drain()).toBe(1);
    expect(seen[0]).toContain('orphan');
    await Promise.all(relays.map((relay) => relay.stop()));
  });
});
