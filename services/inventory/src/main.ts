import { runService } from '@storefleet/kit';
import { createInventoryApp } from './app.js';
import { InventoryConfigSchema } from './config.js';

await runService('inventory', InventoryConfigSchema, (deps) => createInventoryApp(deps));
