import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNEL_EVENT_TYPES, EVENT_TYPES } from '@storefleet/contracts';
import { portInUse, type EventBus } from '@storefleet/kit';

export interface GatewayProcess {
  stop(): Promise<void>;
}

/** The gateway's `main` next to the module `@storefleet/gateway` resolves to: sources under tsx, or the build. */
function gatewayCommand(): string[] {
  const app = import.meta.resolve('@storefleet/gateway');
  const ext = extname(fileURLToPath(app));
  const main = fileURLToPath(new URL(`./main${ext}`, app));
  return ext === '.ts' ? ['--import', import.meta.resolve('tsx'), '--conditions=development', main] : [main];
}

/** Refuses a port something else listens on, before a gateway process would answer for it. */
async function assertFree(port: number, host: string): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portInUse('the gateway port', port, host) : error),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/**
 * Runs the gateway as its own process, as in distributed mode: its event loop (parsing, auth,
 * proxying every request) then runs beside the services' instead of taking turns with them. It is
 * configured by `env` alone; it stops with `stop()` and by itself when this process goes away.
 * The services' bus is in this process, so their `user.sessions_revoked` and channel.* events are relayed
 * to it over its IPC channel, from before it starts (what it misses before listening, it reads from identity).
 * Resolves once it answers on `host:port`; rejects with its exit code if it stops before (its reason is on stderr).
 */
export async function startGatewayProcess(env: Record<string, string | undefined>, port: number, host: string, bus: EventBus): Promise<GatewayProcess> {
  await assertFree(port, host);
  const url = `http://${host}:${port}`;
  const child = spawn(process.execPath, gatewayCommand(), { env: { ...env, PORT: String(port), HOST: host }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A gateway that is gone has no list to keep: the event is not retried for it.
  const unsubscribe = bus.broadcast([EVENT_TYPES.userSessionsRevoked, ...CHANNEL_EVENT_TYPES], (event) =>
    new Promise<void>((resolve) => (child.connected ? child.send(event, () => resolve()) : resolve())),
  );
  const stop = async () => {
    unsubscribe();
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  for (;;) {
    const answered = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (answered) return { stop };
    const code = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(resolve, 50))]);
    if (code !== undefined) {
      await stop();
      throw new Error(`the gateway stopped while starting (exit code ${code}); its reason is above`);
    }
  }
}
