// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { runService } from '@storefleet/kit';
import { createPaymentsApp } from './app.js';
import { PaymentsConfigSchema } from './config.js';

await runService('payments', PaymentsConfigSchema, (deps) => createPaymentsApp(deps));
