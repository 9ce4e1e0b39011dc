// Imported first by every process's entry point (before Fastify, pg or ioredis load, so their
// instrumentations apply). With OTEL_EXPORTER_OTLP_ENDPOINT set it starts OpenTelemetry: spans for
// incoming and outgoing HTTP (node:http, undici), Fastify routes, PostgreSQL and Redis calls, exported
// over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`. Unset, it loads nothing.
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { markTracingStarted } from './tracing.js';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (endpoint) {
  // Synchronous loads (these packages are CommonJS): the instrumentations must be in place before this
  // module's importer goes on to import what they instrument.
  const require = createRequire(import.meta.url);
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis');
  const { FastifyOtelInstrumentation } = require('@fastify/otel');

  // services/<name>/dist/main.js runs as <name>; npm start (every service in one process) as storefleet.
  const entry = process.argv[1] ?? '';
  const fromPath = basename(dirname(dirname(entry)));
  const serviceName = process.env.OTEL_SERVICE_NAME ?? (basename(entry).startsWith('main.') && fromPath ? fromPath : 'storefleet');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }), { scheduledDelayMillis: 500 })],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // A request's x-request-id (the one its logs carry) on its server span: a trace found from a log line.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: { url?: string }) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
        headersToSpanAttributes: { server: { requestHeaders: ['x-request-id'] } },
      }),
      new UndiciInstrumentation(),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
    ],
  });
  markTracingStarted();
  // Spans still in the batch are sent before the process ends.
  const flush = () => provider.shutdown().catch(() => {});
  process.once('beforeExit', flush);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.prependListener(signal, () => void provider.forceFlush().catch(() => {}));
}
