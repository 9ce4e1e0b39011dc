import { createDb, createInProcessBus, listen, loadConfig, onShutdown } from '@storefleet/kit';
import { createIdentityApp } from './app.js';
import { IdentityConfigSchema } from './config.js';

const config = loadConfig(IdentityConfigSchema);
const db = createDb({ url: config.DATABASE_URL });
const bus = createInProcessBus();
const app = await createIdentityApp({ config, db, bus });
await listen(app, config.PORT, config.HOST);
onShutdown(async () => {
  await app.close();
  await bus.close();
  await db.close();
}, app.log);
