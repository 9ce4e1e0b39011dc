import { runService } from '@storefleet/kit';
import { createWarrantiesApp } from './app.js';
import { WarrantiesConfigSchema } from './config.js';

await runService('warranties', WarrantiesConfigSchema, (deps) => createWarrantiesApp(deps));
