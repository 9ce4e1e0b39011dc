// First: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must instrument what the imports below load.
import '@storefleet/kit/tracing-start';
import { loadConfig, runMain } from '@storefleet/kit';
import { GatewayConfigSchema } from './config.js';
import { createGateway } from './app.js';

await runMain('gateway', async () => {
  const config = loadConfig(GatewayConfigSchema);
  const gateway = await createGateway({ config });
  await gateway.listen(config.PORT, config.HOST);
  return gateway;
});
