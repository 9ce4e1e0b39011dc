// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { runService } from '@storefleet/kit';
import { createIdentityApp } from './app.js';
import { IdentityConfigSchema } from './config.js';

await runService('identity', IdentityConfigSchema, (deps) => createIdentityApp(deps));
