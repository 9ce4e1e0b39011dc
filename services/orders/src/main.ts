import { runService } from '@storefleet/kit';
import { createOrdersApp } from './app.js';
import { OrdersConfigSchema } from './config.js';

await runService('orders', OrdersConfigSchema, (deps) => createOrdersApp(deps));
