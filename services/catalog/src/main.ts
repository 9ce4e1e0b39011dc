// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { runService } from '@storefleet/kit';
import { createCatalogApp } from './app.js';
import { CatalogConfigSchema } from './config.js';

await runService('catalog', CatalogConfigSchema, (deps) => createCatalogApp(deps));
