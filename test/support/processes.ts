import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServiceProcess {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs one service the way production does (`node services/<name>/dist/main.js`, configured only by
 * environment variables) and waits until its /readyz (or the gateway's /healthz) answers 200.
 */
export async function startServiceProcess(name: string, port: number, env: Record<string, string>, readyPath = '/readyz'): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [`services/${name}/dist/main.js`], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(url + readyPath).then((r) => r.ok, () => false);
    if (ok) break;
    if (attempt > 300) throw new Error(`${name} did not become ready on ${url}:\n${output}`);
    await sleep(100);
  }
  return {
    name,
    url,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
