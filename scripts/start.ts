// `npm start`: the whole system in one process (embedded mode), until Ctrl-C.
// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { onShutdown } from '@storefleet/kit';
import { adminApp, ensureWebBuilt, parseStorefronts, startStorefronts, startSystem, storefrontApps, storefrontOrigins, webChannelKey } from '@storefleet/system';

try {
  const storefronts = parseStorefronts(process.env.STOREFRONTS ?? 'web:5001');
  // Before anything listens: a build that fails stops the start with Vite's message. The gateway serves
  // the admin panel's build; the storefront servers the shell's and the remotes'.
  await ensureWebBuilt([adminApp(), ...storefrontApps()], { log: (line) => console.log(line) });
  const dataDir = process.env.DATA_DIR ?? './data';
  // The web storefront's publishable key, the same at every start (kept in the data folder) unless WEB_CHANNEL_KEY names one.
  const webKey = process.env.WEB_CHANNEL_KEY ?? (await webChannelKey(dataDir));
  const system = await startSystem({
    dataDir,
    embeddedPostgresPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    // One terminal shows every service: warnings and errors only, unless LOG_LEVEL asks for more.
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    env: {
      WEB_CHANNEL_KEY: webKey,
      // On a laptop, webhook receivers under development listen on loopback; WEBHOOK_ALLOW_PRIVATE_URLS=false turns the guard on.
      WEBHOOK_ALLOW_PRIVATE_URLS: process.env.WEBHOOK_ALLOW_PRIVATE_URLS ?? 'true',
      // The storefronts call the gateway from their own origins.
      CORS_ORIGINS: process.env.CORS_ORIGINS ?? storefrontOrigins(storefronts).join(','),
    },
  });
  const web = await startStorefronts({
    gatewayUrl: system.gatewayUrl,
    // The web channel's publishable key; other channels' keys come from the channels API.
    storefronts: storefronts.map((s) => ({ ...s, key: s.id === 'web' ? webKey : undefined })),
  }).catch(async (error: unknown) => {
    await system.stop();
    throw error;
  });
  const seconds = process.uptime().toFixed(1); // from the process's start: imports included
  console.log(`
Storefleet is running (embedded mode, started in ${seconds} s)

  Admin panel     ${system.gatewayUrl}/admin
${Object.entries(web.urls)
  .map(([channel, url]) => `  Storefront ${channel.padEnd(4)} ${url}`)
  .join('\n')}
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
    await web.stop();
    await system.stop();
    console.log('Storefleet stopped.');
  });
} catch (error) {
  console.error(`Storefleet could not start: ${(error as Error).message}`);
  process.exit(1);
}
