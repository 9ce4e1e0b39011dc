import { runService } from '@storefleet/kit';
import { createNotificationsApp } from './app.js';
import { NotificationsConfigSchema } from './config.js';

await runService('notifications', NotificationsConfigSchema, (deps) => createNotificationsApp(deps));
