// The system under test for `npm run bench:checkout`, in its own process so the load generator
// does not share its event loop: embedded PostgreSQL + every service + the gateway, on free ports.
// Prints `bench system ready {gatewayUrl, postgresUrl}` when ready; stops on SIGTERM.
import { freePort, onShutdown, startEmbeddedPostgres } from '@storefleet/kit';
import { startSystemOnFreePorts } from '@storefleet/system';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is not set');
const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort() });
const system = await startSystemOnFreePorts({ postgresUrl: postgres.urlFor('postgres'), logLevel: 'warn', databasePrefix: 'bench', env: { METRICS_PORT: '0' } });
onShutdown(async () => {
  await system.stop();
  await postgres.stop();
});
console.log(`bench system ready ${JSON.stringify({ gatewayUrl: system.gatewayUrl, postgresUrl: postgres.urlFor('postgres') })}`);
