import { describe, inject, it } from 'vitest';
import { createInProcessBus } from '@storefleet/kit';
import { poisonedEventScenario } from '../support/event-delivery.js';

describe('event delivery on the in-process bus', () => {
  it('retries a poisoned event in its group alone, parks it as a dead letter after EVENT_MAX_ATTEMPTS, and replays it once fixed', async () => {
    const bus = createInProcessBus();
    await poisonedEventScenario({ postgresAdminUrl: inject('postgresAdminUrl'), busFor: () => bus, maxAttempts: 4 });
    await bus.close();
  });
});
