// `npm run test:full` needs servers from Debian's packages and kubectl: say which are missing instead of skipping tests.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const missing = [];
const pgRoot = '/usr/lib/postgresql';
const hasPostgres = existsSync(pgRoot) && readdirSync(pgRoot).some((v) => existsSync(`${pgRoot}/${v}/bin/postgres`));
if (!hasPostgres && !process.env.PG_BIN_DIR) missing.push('postgresql (the server binaries under /usr/lib/postgresql/<version>/bin, or set PG_BIN_DIR)');

if (!existsSync(process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server')) missing.push('redis-server (/usr/bin/redis-server, or set REDIS_SERVER_BIN)');

// The deployment tests build the kustomize overlays with `kubectl kustomize`: any kubectl from 1.20
// (Debian's kubernetes-client, kustomize v2.0.3) on builds them.
const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasKubectl) missing.push('kubernetes-client (kubectl on PATH: the deployment tests run `kubectl kustomize`)');

if (!existsSync('/usr/bin/prometheus') || !existsSync('/usr/bin/promtool')) missing.push('prometheus (/usr/bin/prometheus and promtool: the observability tests check and run the shipped config)');

if (!existsSync('/usr/sbin/nginx')) missing.push("nginx (/usr/sbin/nginx: the deployment tests run the web image's nginx config)");

if (!existsSync(process.env.CHROMIUM_BIN ?? '/usr/bin/chromium')) missing.push('chromium (/usr/bin/chromium, or set CHROMIUM_BIN: the browser tests drive it with playwright-core)');

if (missing.length) {
  console.error(`npm run test:full needs programs that are not installed:\n  - ${missing.join('\n  - ')}\nInstall them with: apt-get install -y postgresql redis-server kubernetes-client chromium prometheus nginx`);
  process.exit(1);
}
