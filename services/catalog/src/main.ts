import { runService } from '@storefleet/kit';
import { createCatalogApp } from './app.js';
import { CatalogConfigSchema } from './config.js';

await runService('catalog', CatalogConfigSchema, (deps) => createCatalogApp(deps));
