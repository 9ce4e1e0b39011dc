import { runService } from '@storefleet/kit';
import { createIdentityApp } from './app.js';
import { IdentityConfigSchema } from './config.js';

await runService('identity', IdentityConfigSchema, (deps) => createIdentityApp(deps));
