// `npm start`: the whole system in one process (embedded mode), until Ctrl-C.
// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { onShutdown } from '@storefleet/kit';
import { ADMIN_APP, buildWebAppIfStale, startSystem } from '@storefleet/system';

try {
  // The gateway serves the admin panel's build: made (or remade) here when missing or older than its sources.
  await buildWebAppIfStale(ADMIN_APP, (line) => console.log(line));
  const system = await startSystem({
    dataDir: process.env.DATA_DIR ?? './data',
    embeddedPostgresPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    // One terminal shows every service: warnings and errors only, unless LOG_LEVEL asks for more.
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    // On a laptop, webhook receivers under development listen on loopback; WEBHOOK_ALLOW_PRIVATE_URLS=false turns the guard on.
    env: { WEBHOOK_ALLOW_PRIVATE_URLS: process.env.WEBHOOK_ALLOW_PRIVATE_URLS ?? 'true' },
  });
  const seconds = process.uptime().toFixed(1); // from the process's start: imports included
  console.log(`
Storefleet is running (embedded mode, started in ${seconds} s)

  Admin panel     ${system.gatewayUrl}/admin
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
    await system.stop();
    console.log('Storefleet stopped.');
  });
} catch (error) {
  console.error(`Storefleet could not start: ${(error as Error).message}`);
  process.exit(1);
}
