// `npm start`: the whole system in one process (embedded mode), until Ctrl-C.
import { onShutdown } from '@storefleet/kit';
import { startSystem, webChannelKey } from '@storefleet/system';

try {
  const dataDir = process.env.DATA_DIR ?? './data';
  // The web storefront's publishable key, the same at every start (kept in the data folder) unless WEB_CHANNEL_KEY names one.
  const webKey = process.env.WEB_CHANNEL_KEY ?? (await webChannelKey(dataDir));
  const system = await startSystem({
    dataDir,
    env: { WEB_CHANNEL_KEY: webKey },
    embeddedPostgresPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    // One terminal shows every service: warnings and errors only, unless LOG_LEVEL asks for more.
    logLevel: process.env.LOG_LEVEL ?? 'warn',
  });
  const seconds = process.uptime().toFixed(1); // from the process's start: imports included
  console.log(`
Storefleet is running (embedded mode, started in ${seconds} s)

  API gateway     ${system.gatewayUrl}/api
  API docs        ${system.gatewayUrl}/api/docs
  Health          ${system.gatewayUrl}/api/health
  Products        ${system.gatewayUrl}/api/products
  Web channel key ${webKey}  (send it as X-API-Key${process.env.WEB_CHANNEL_KEY ? '' : `; kept in ${dataDir}/web-channel-key`})
${Object.entries(system.urls)
  .filter(([name]) => name !== 'gateway')
  .map(([name, url]) => `  ${name.padEnd(15)} ${url}  (docs ${url}/docs)`)
  .join('\n')}

Press Ctrl-C to stop.`);
  onShutdown(async () => {
    await system.stop();
    console.log('Storefleet stopped.');
  });
} catch (error) {
  console.error(`Storefleet could not start: ${(error as Error).message}`);
  process.exit(1);
}
