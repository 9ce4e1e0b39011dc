import { randomUUID } from 'node:crypto';
import { describe, inject, it } from 'vitest';
import { createRedisBus, type EventBus } from '@storefleet/kit';
import { poisonedEventScenario } from '../support/event-delivery.js';

const silent = { info() {}, warn() {}, error() {} };

describe('event delivery on Redis Streams', () => {
  it('retries a poisoned event in its group alone, parks it as a dead letter after EVENT_MAX_ATTEMPTS, and replays it once fixed', async () => {
    const stream = `test:${randomUUID()}`;
    const buses: EventBus[] = [];
    const busFor = () => {
      const bus = createRedisBus({ url: inject('redisUrl'), log: silent, stream, blockMs: 100 });
      buses.push(bus);
      return bus;
    };
    try {
      await poisonedEventScenario({ postgresAdminUrl: inject('postgresAdminUrl'), busFor, maxAttempts: 4 });
    } finally {
      for (const bus of buses) await bus.close();
    }
  });
});
