// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { runService } from '@storefleet/kit';
import { createNotificationsApp } from './app.js';
import { NotificationsConfigSchema } from './config.js';

await runService('notifications', NotificationsConfigSchema, (deps) => createNotificationsApp(deps));
