// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { runService } from '@storefleet/kit';
import { createInventoryApp } from './app.js';
import { InventoryConfigSchema } from './config.js';

await runService('inventory', InventoryConfigSchema, (deps) => createInventoryApp(deps));
