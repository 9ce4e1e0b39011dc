// `npm run test:full` needs servers from Debian's packages: say which are missing instead of skipping tests.
import { existsSync, readdirSync } from 'node:fs';

const missing = [];
const pgRoot = '/usr/lib/postgresql';
const hasPostgres = existsSync(pgRoot) && readdirSync(pgRoot).some((v) => existsSync(`${pgRoot}/${v}/bin/postgres`));
if (!hasPostgres && !process.env.PG_BIN_DIR) missing.push('postgresql (the server binaries under /usr/lib/postgresql/<version>/bin, or set PG_BIN_DIR)');

if (!existsSync(process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server')) missing.push('redis-server (/usr/bin/redis-server, or set REDIS_SERVER_BIN)');

if (missing.length) {
  console.error(`npm run test:full needs Debian packages that are not installed:\n  - ${missing.join('\n  - ')}\nInstall them with: apt-get install -y postgresql redis-server`);
  process.exit(1);
}
