import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessBus } from '@storefleet/kit';
import { startGatewayProcess } from './gateway-process.js';

const busy: Server[] = [];
afterAll(async () => {
  await Promise.all(busy.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('the gateway process', () => {
  it('refuses a port in use, naming it, before starting anything', async () => {
    const server = createServer();
    busy.push(server);
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    await expect(startGatewayProcess({ ...process.env }, port, '127.0.0.1', createInProcessBus())).rejects.toThrow(`the gateway port ${port} is already in use on 127.0.0.1`);
  });

  // Starting a Node process can take more than Vitest's default 5 s on a loaded machine.
  it('reports a gateway that stops while starting, with its exit code', { timeout: 60_000 }, async () => {
    const free = createServer();
    const port = await new Promise<number>((resolve) => free.listen(0, '127.0.0.1', () => resolve((free.address() as { port: number }).port)));
    await new Promise((resolve) => free.close(resolve));
    // A setting the gateway refuses: it names it on stderr and exits.
    const started = startGatewayProcess({ ...process.env, RATE_LIMIT_PER_IP: 'plenty' }, port, '127.0.0.1', createInProcessBus());
    await expect(started).rejects.toThrow(/the gateway stopped while starting \(exit code 1\)/);
    await started.then((gateway) => gateway.stop(), () => undefined);
  });
});
