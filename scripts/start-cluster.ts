// `npm run start:cluster`: every service its own process on POSTGRES_URL + REDIS_URL, replicas, two gateways, until Ctrl-C.
// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { writeFileSync } from 'node:fs';
import { onShutdown } from '@storefleet/kit';
import { prometheusTargets, startCluster } from '@storefleet/system';

// Where deploy/observability/prometheus.yml finds what to scrape.
const TARGETS_FILE = 'deploy/observability/targets/start-cluster.json';

try {
  const cluster = await startCluster({
    postgresUrl: process.env.POSTGRES_URL!,
    redisUrl: process.env.REDIS_URL!,
    host: process.env.HOST ?? '127.0.0.1',
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  writeFileSync(TARGETS_FILE, `${JSON.stringify(prometheusTargets(cluster.specs), null, 2)}\n`);
  const seconds = process.uptime().toFixed(1);
  const width = Math.max(...cluster.processes.map((p) => p.spec.id.length)) + 2;
  console.log(`
Storefleet is running (cluster layout, started in ${seconds} s)

${cluster.gatewayUrls.map((url) => `  API gateway     ${url}/api   (docs ${url}/api/docs)`).join('\n')}
${cluster.processes
  .filter((p) => p.spec.service !== 'gateway')
  .map((p) => `  ${p.spec.id.padEnd(width)}${p.url}`)
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
