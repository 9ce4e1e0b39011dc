import { spawn } from 'node:child_process';

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: string;
}

export interface WrkOptions {
  url: string;
  threads: number;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  /** `taskset -c <cpus>` for the load generator, or undefined to not pin. */
  cpus?: string;
  /** A Lua script (`wrk -s`) that writes each request (random searches). */
  script?: string;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : n;
}

/** Runs wrk once and parses throughput, median and 99th percentile latency. */
export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const args = ['-t', String(options.threads), '-c', String(options.connections), '-d', `${options.durationSeconds}s`, '--latency'];
  for (const [name, value] of Object.entries(options.headers)) args.push('-H', `${name}: ${value}`);
  if (options.script) args.push('-s', options.script);
  args.push(options.url);
  const command = options.cpus ? 'taskset' : 'wrk';
  const argv = options.cpus ? ['-c', options.cpus, 'wrk', ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
      const p50 = /\s50%\s+([\d.]+)(us|ms|s)/.exec(out);
      const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out);
      if (code !== 0 || !rps || !p50 || !p99) return reject(new Error(`wrk failed (exit ${code}):\n${out}`));
      const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
      const errors = /Socket errors:[^\n]*/.exec(out);
      resolve({
        requestsPerSecond: Number(rps[1]),
        p50Ms: toMs(p50[1]!, p50[2]!),
        p99Ms: toMs(p99[1]!, p99[2]!),
        non2xx: non2xx ? Number(non2xx[1]) : 0,
        errors: errors ? errors[0] : '',
      });
    });
  });
}
