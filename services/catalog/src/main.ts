import { createDb, createInProcessBus, databaseUrlFor, listen, runMain } from '@storefleet/kit';
import { createCatalogApp } from './app.js';
import { loadCatalogConfig } from './config.js';

await runMain('catalog', async () => {
  const config = loadCatalogConfig();
  const db = createDb({ url: await databaseUrlFor('catalog', config) });
  const bus = createInProcessBus();
  const app = await createCatalogApp({ config, db, bus });
  await listen(app, config.PORT, config.HOST);
  return {
    async close() {
      await app.close();
      await bus.close();
      await db.close();
    },
  };
});
