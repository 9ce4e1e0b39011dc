import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { EventDataMap, EventEnvelope } from '@storefleet/contracts';
import type { KitLogger } from './db.js';
import { matchesEventType, oneByOne, type EventBatchHandler, type EventBus, type EventMap, untyped } from './event-bus.js';

export interface RedisBusOptions {
  url: string;
  log: KitLogger;
  /** The one stream every event goes through (default `storefleet:events`). */
  stream?: string;
  /** Roughly how many events the stream keeps (default 1,000,000). */
  maxLength?: number;
  /** How long a delivered, unacknowledged event waits before it is delivered again (default 30 s). */
  retryAfterMs?: number;
  /** Deliveries before an event is moved to `<stream>:dead` (default 10). */
  maxDeliveries?: number;
  blockMs?: number;
}

type StreamEntry = [id: string, fields: string[]];

/** How far back a broadcast starts reading (see EventBus.broadcast): covers a start's own delays and clocks apart. */
const BROADCAST_LOOKBACK_MS = 60_000;

/** The envelope an entry carries (its `event` field), or undefined when it is missing or not JSON. */
function eventOf(fields: string[]): EventEnvelope | undefined {
  const raw = fields[fields.indexOf('event') + 1];
  try {
    return raw ? (JSON.parse(raw) as EventEnvelope) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Distributed mode's bus on Redis Streams: every event is appended to one stream; each subscriber
 * group is a consumer group, so each event reaches one replica of each service (at least once).
 * An event is acknowledged only after its handler succeeded; a failed or orphaned one (its
 * consumer died) is delivered again after `retryAfterMs`, and after `maxDeliveries` it moves to
 * the dead-letter stream. A new group starts from the oldest kept event, so a service deployed
 * later still builds its read models.
 * @example const bus = createRedisBus({ url: process.env.REDIS_URL, log })
 */
export function createRedisBus<M extends EventMap = EventDataMap>(options: RedisBusOptions): EventBus<M> {
  const stream = options.stream ?? 'storefleet:events';
  const deadStream = `${stream}:dead`;
  const retryAfterMs = options.retryAfterMs ?? 30_000;
  const maxDeliveries = options.maxDeliveries ?? 10;
  const blockMs = options.blockMs ?? 2_000;
  const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const connect = () => new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: null });
  const writer = connect();
  const readers = new Set<Redis>();
  const loops: Promise<void>[] = [];
  let closed = false;

  writer.on('error', (err) => options.log.warn({ err }, 'redis connection error'));

  /**
   * Hands the matching events of `entries` to `handler` together and acknowledges them all; if that
   * fails, one at a time, acknowledging each that succeeds (a failed one stays pending and is
   * delivered again after retryAfterMs). Other types are acknowledged, unreadable entries dead-lettered.
   */
  async function handleEntries(group: string, types: readonly string[], handler: EventBatchHandler, reader: Redis, entries: StreamEntry[]): Promise<void> {
    const acks: string[] = [];
    const matching: { id: string; event: EventEnvelope }[] = [];
    for (const [id, fields] of entries) {
      const event = eventOf(fields);
      if (!event) {
        options.log.error({ stream, id, group }, 'unreadable event moved to the dead-letter stream');
        await reader.multi().xadd(deadStream, '*', 'group', group, 'id', id, 'event', fields[fields.indexOf('event') + 1] ?? '').xack(stream, group, id).exec();
      } else if (matchesEventType(types, event.type)) matching.push({ id, event });
      else acks.push(id);
    }
    const failed = (err: unknown, event: EventEnvelope) =>
      options.log.warn({ err, event_id: event.id, type: event.type, group }, 'event handler failed; will retry');
    try {
      if (matching.length) await handler(matching.map((m) => m.event));
      acks.push(...matching.map((m) => m.id));
    } catch (err) {
      if (matching.length === 1) failed(err, matching[0]!.event);
      else {
        for (const { id, event } of matching) {
          await handler([event]).then(
            () => acks.push(id),
            (error: unknown) => failed(error, event),
          );
        }
      }
    }
    if (acks.length) await reader.xack(stream, group, ...acks);
  }

  /** Takes over events pending longer than retryAfterMs (failed here, or their consumer died). */
  async function reclaim(group: string, types: readonly string[], handler: EventBatchHandler, reader: Redis): Promise<void> {
    const pending = (await reader.xpending(stream, group, 'IDLE', retryAfterMs, '-', '+', 100)) as [string, string, number, number][];
    for (const [id, , , deliveries] of pending) {
      if (deliveries >= maxDeliveries) {
        const [entry] = (await reader.xrange(stream, id, id)) as StreamEntry[];
        options.log.error({ stream, id, group, deliveries }, 'event failed too often; moved to the dead-letter stream');
        await reader.multi().xadd(deadStream, '*', 'group', group, 'id', id, ...(entry ? entry[1] : [])).xack(stream, group, id).exec();
        continue;
      }
      const claimed = (await reader.xclaim(stream, group, consumer, retryAfterMs, id)) as StreamEntry[];
      await handleEntries(group, types, handler, reader, claimed.filter((e) => e && e[1]));
    }
  }

  async function consume(group: string, types: readonly string[], handler: EventBatchHandler, reader: Redis, active: () => boolean): Promise<void> {
    try {
      await reader.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((err: Error) => {
        if (!String(err.message).includes('BUSYGROUP')) throw err;
      });
      let lastReclaim = 0;
      while (active()) {
        if (Date.now() - lastReclaim >= retryAfterMs / 2) {
          lastReclaim = Date.now();
          await reclaim(group, types, handler, reader);
        }
        const result = (await reader.xreadgroup('GROUP', group, consumer, 'COUNT', 100, 'BLOCK', blockMs, 'STREAMS', stream, '>')) as
          | [string, StreamEntry[]][]
          | null;
        if (result) for (const [, entries] of result) await handleEntries(group, types, handler, reader, entries);
      }
    } catch (err) {
      if (active()) options.log.error({ err, group }, 'event consumer stopped');
    }
  }

  /** A broadcast: reads the stream itself (XREAD, no group), from a minute back, and acknowledges nothing. */
  async function follow(types: readonly string[], handler: EventBatchHandler, reader: Redis, active: () => boolean): Promise<void> {
    let after = `${Date.now() - BROADCAST_LOOKBACK_MS}-0`;
    try {
      while (active()) {
        const result = (await reader.xread('COUNT', 100, 'BLOCK', blockMs, 'STREAMS', stream, after)) as [string, StreamEntry[]][] | null;
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            after = id;
            const event = eventOf(fields);
            if (!event || !matchesEventType(types, event.type)) continue;
            await handler([event]).catch((err: unknown) => options.log.warn({ err, event_id: event.id, type: event.type }, 'broadcast handler failed; event skipped'));
          }
        }
      }
    } catch (err) {
      if (active()) options.log.error({ err }, 'broadcast reader stopped');
    }
  }

  /** A reader connection of its own (a blocking read holds it), ended by the returned function or by close. */
  function startReader(label: string, loop: (reader: Redis, active: () => boolean) => Promise<void>): () => void {
    const reader = connect();
    let subscribed = true;
    const active = () => subscribed && !closed;
    reader.on('error', (err) => active() && options.log.warn({ err, subscription: label }, 'redis connection error'));
    readers.add(reader);
    loops.push(loop(reader, active));
    return () => {
      subscribed = false;
      readers.delete(reader);
      reader.disconnect(); // ends a blocked read; what it had not acknowledged is delivered again
    };
  }

  const bus: EventBus<M> = {
    publish: (event) => bus.publishAll([event]),
    async publishAll(events) {
      const pipeline = writer.pipeline();
      for (const event of events) pipeline.xadd(stream, 'MAXLEN', '~', options.maxLength ?? 1_000_000, '*', 'type', event.type, 'event', JSON.stringify(event));
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([err]) => err);
      if (failed) throw failed[0];
    },
    subscribe: (group, types, handler) => bus.subscribeBatch(group, types, oneByOne(handler)),
    subscribeBatch: (group, types, handler) => startReader(group, (reader, active) => consume(group, types, untyped(handler), reader, active)),
    broadcast: (types, handler) => startReader('broadcast', (reader, active) => follow(types, untyped(oneByOne(handler)), reader, active)),
    async close() {
      closed = true;
      for (const reader of readers) reader.disconnect();
      await Promise.allSettled(loops);
      await writer.quit().catch(() => writer.disconnect());
    },
  };
  return bus;
}
