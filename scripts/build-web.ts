// `npm run build:web [-- storefront/cart ...]`: builds the web apps (all, or those named), printing each one's time and size.
import { ensureWebBuilt, storefrontApps } from '@storefleet/system';

const wanted = process.argv.slice(2);
const apps = storefrontApps().filter((app) => wanted.length === 0 || wanted.includes(app.name));
if (apps.length === 0) {
  console.error(`No web app named ${wanted.join(', ')}; the apps are ${storefrontApps().map((a) => a.name).join(', ')}`);
  process.exit(1);
}
try {
  await ensureWebBuilt(apps, { force: true, log: (line) => console.log(line) });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
