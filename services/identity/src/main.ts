import { createDb, createInProcessBus, databaseUrlFor, listen, loadConfig, runMain } from '@storefleet/kit';
import { createIdentityApp } from './app.js';
import { IdentityConfigSchema } from './config.js';

await runMain('identity', async () => {
  const config = loadConfig(IdentityConfigSchema);
  const db = createDb({ url: await databaseUrlFor('identity', config) });
  const bus = createInProcessBus();
  const app = await createIdentityApp({ config, db, bus });
  await listen(app, config.PORT, config.HOST);
  return {
    async close() {
      await app.close();
      await bus.close();
      await db.close();
    },
  };
});
