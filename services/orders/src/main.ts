// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { runService } from '@storefleet/kit';
import { createOrdersApp } from './app.js';
import { OrdersConfigSchema } from './config.js';

await runService('orders', OrdersConfigSchema, (deps) => createOrdersApp(deps));
