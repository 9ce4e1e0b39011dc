import { runService } from '@storefleet/kit';
import { createPaymentsApp } from './app.js';
import { PaymentsConfigSchema } from './config.js';

await runService('payments', PaymentsConfigSchema, (deps) => createPaymentsApp(deps));
