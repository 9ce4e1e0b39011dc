// `npm run test:full` needs servers from Debian's packages and kubectl: say which are missing instead of skipping tests.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const missing = [];
const pgRoot = '/usr/lib/postgresql';
const hasPostgres = existsSync(pgRoot) && readdirSync(pgRoot).some((v) => existsSync(`${pgRoot}/${v}/bin/postgres`));
if (!hasPostgres && !process.env.PG_BIN_DIR) missing.push('postgresql (the server binaries under /usr/lib/postgresql/<version>/bin, or set PG_BIN_DIR)');

if (!existsSync(process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server')) missing.push('redis-server (/usr/bin/redis-server, or set REDIS_SERVER_BIN)');

// The deployment tests build the kustomize overlays with `kubectl kustomize`, which needs kustomize v5
// (kubectl 1.27 or newer). Debian's own `kubernetes-client` is kubectl 1.20 (kustomize v2), too old.
const kustomizeVersion = (() => {
  try {
    return Number(/Kustomize Version: v(\d+)/.exec(execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8' }))?.[1] ?? 0);
  } catch {
    return undefined;
  }
})();
if (kustomizeVersion === undefined) missing.push('kubectl 1.27 or newer (on PATH: the deployment tests run `kubectl kustomize`)');
else if (kustomizeVersion < 5) missing.push("kubectl 1.27 or newer: the kubectl on PATH is older (its kustomize is before v5, which the overlays need)");

if (missing.length) {
  console.error(`npm run test:full needs programs that are not installed:\n  - ${missing.join('\n  - ')}\nInstall them with: apt-get install -y postgresql redis-server (kubectl: from the Kubernetes project's packages)`);
  process.exit(1);
}
