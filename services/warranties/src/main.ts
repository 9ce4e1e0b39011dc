// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { runService } from '@storefleet/kit';
import { createWarrantiesApp } from './app.js';
import { WarrantiesConfigSchema } from './config.js';

await runService('warranties', WarrantiesConfigSchema, (deps) => createWarrantiesApp(deps));
