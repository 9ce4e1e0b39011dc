// `npm run start:cluster`: every service its own process on POSTGRES_URL + REDIS_URL, replicas, two gateways and
// the storefronts of three channels, until Ctrl-C.
// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { writeFileSync } from 'node:fs';
import { onShutdown } from '@storefleet/kit';
import { CLUSTER_STOREFRONTS, adminApp, ensureWebBuilt, parseStorefronts, prometheusTargets, startCluster, storefrontApps } from '@storefleet/system';

// Where deploy/observability/prometheus.yml finds what to scrape.
const TARGETS_FILE = 'deploy/observability/targets/start-cluster.json';

try {
  const storefronts = parseStorefronts(process.env.STOREFRONTS ?? CLUSTER_STOREFRONTS);
  // Before anything starts: a build that fails stops the start with Vite's message.
  await ensureWebBuilt([adminApp(), ...storefrontApps()], { log: (line) => console.log(line) });
  const dataDir = process.env.DATA_DIR ?? './data';
  const cluster = await startCluster({
    postgresUrl: process.env.POSTGRES_URL!,
    redisUrl: process.env.REDIS_URL!,
    host: process.env.HOST ?? '127.0.0.1',
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    storefronts,
    dataDir,
  });
  writeFileSync(TARGETS_FILE, `${JSON.stringify(prometheusTargets(cluster.specs), null, 2)}\n`);
  const seconds = process.uptime().toFixed(1);
  const width = Math.max(...cluster.processes.map((p) => p.spec.id.length), 'Storefront xxx'.length) + 2;
  console.log(`
Storefleet is running (cluster layout, started in ${seconds} s)

  ${'Admin panel'.padEnd(width)}${cluster.gatewayUrls[0]}/admin
${cluster.channels.map((c) => `  ${`Storefront ${c.id}`.padEnd(width)}${cluster.storefrontUrls[c.id]}   (key ${c.key}, kept in ${dataDir}/${c.id}-channel-key)`).join('\n')}
${cluster.gatewayUrls.map((url) => `  ${'API gateway'.padEnd(width)}${url}/api   (docs ${url}/api/docs, health ${url}/api/health)`).join('\n')}
${cluster.processes
  .filter((p) => p.spec.service !== 'gateway')
  .map((p) => `  ${p.spec.id.padEnd(width)}${p.url}   (docs ${p.url}/docs)`)
  .join('\n')}

Prometheus targets written to ${TARGETS_FILE}:
  prometheus --config.file=deploy/observability/prometheus.yml

A process that dies is restarted. Press Ctrl-C to stop them all.`);
  onShutdown(async () => {
    await cluster.stop();
    console.log('Storefleet cluster stopped.');
  });
} catch (error) {
  console.error(`The Storefleet cluster could not start:\n${(error as Error).message}`);
  process.exit(1);
}
