// `npm start`: the whole system in one process (embedded mode), until Ctrl-C.
// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { onShutdown } from '@storefleet/kit';
import { adminApp, channelLooks, ensureWebBuilt, keyStorefronts, parseStorefronts, startStorefronts, startSystem, storefrontApps, storefrontChannels } from '@storefleet/system';

try {
  const storefronts = parseStorefronts(process.env.STOREFRONTS ?? 'web:5001');
  // Before anything listens: a build that fails stops the start with Vite's message. The gateway serves
  // the admin panel's build; the storefront servers the shell's and the remotes'.
  await ensureWebBuilt([adminApp(), ...storefrontApps()], { log: (line) => console.log(line) });
  const dataDir = process.env.DATA_DIR ?? './data';
  // Each storefront's publishable key, the same at every start (kept in the data folder; WEB_CHANNEL_KEY may name web's).
  const keyed = await keyStorefronts(dataDir, storefronts, process.env.WEB_CHANNEL_KEY);
  const system = await startSystem({
    dataDir,
    embeddedPostgresPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    // One terminal shows every service: warnings and errors only, unless LOG_LEVEL asks for more.
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    env: {
      // identity creates each storefront's channel unless it exists, allows its origins and registers its key.
      STOREFRONT_CHANNELS: JSON.stringify(storefrontChannels(keyed)),
      // Links in emails (password reset, order lookup) open the web storefront, else the first one served.
      STOREFRONT_URL: process.env.STOREFRONT_URL ?? `http://127.0.0.1:${(keyed.find((s) => s.id === 'web') ?? keyed[0]!).port}`,
      // On a laptop, webhook receivers under development listen on loopback; WEBHOOK_ALLOW_PRIVATE_URLS=false turns the guard on.
      WEBHOOK_ALLOW_PRIVATE_URLS: process.env.WEBHOOK_ALLOW_PRIVATE_URLS ?? 'true',
    },
  });
  // Each config.json shows its channel as identity has it (an admin may have renamed or recoloured it).
  const web = await channelLooks(system.urls.identity!)
    .then((looks) => startStorefronts({ gatewayUrl: system.gatewayUrl, storefronts: keyed.map((s) => ({ ...s, ...looks[s.id] })) }))
    .catch(async (error: unknown) => {
      await system.stop();
      throw error;
    });
  const seconds = process.uptime().toFixed(1); // from the process's start: imports included
  console.log(`
Storefleet is running (embedded mode, started in ${seconds} s)

  Admin panel     ${system.gatewayUrl}/admin
${keyed
  .map((s) => `  Storefront ${s.id.padEnd(4)} ${web.urls[s.id]}  (key ${s.key}${s.id === 'web' && process.env.WEB_CHANNEL_KEY ? '' : `, kept in ${dataDir}/${s.id}-channel-key`})`)
  .join('\n')}
  API gateway     ${system.gatewayUrl}/api
  API docs        ${system.gatewayUrl}/api/docs
  Health          ${system.gatewayUrl}/api/health
  Products        ${system.gatewayUrl}/api/products
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
