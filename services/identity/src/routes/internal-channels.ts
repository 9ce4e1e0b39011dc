import type { App } from '@storefleet/kit';
import { ChannelDirectorySchema } from '@storefleet/contracts/internal';
import type { ChannelsStore } from '../store/channels-store.js';

/**
 * The gateway's channel directory (origins and live key hashes), read when it starts and again on
 * each channel.* event; under /internal, for the gateway, never routed to clients.
 */
export async function internalChannelRoutes(app: App, deps: { channels: ChannelsStore }): Promise<void> {
  app.get('/internal/channels', {
    schema: {
      tags: ['channels (internal)'],
      operationId: 'channelDirectory',
      summary: "Every channel's allowed origins and the SHA-256 of its live publishable keys",
      response: { 200: ChannelDirectorySchema },
    },
  }, async () => deps.channels.directory());
}
