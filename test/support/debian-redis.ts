import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'node:net';
import type { TestProject } from 'vitest/node';
import { freePort } from '@storefleet/kit';

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

export interface DebianRedis {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A real Redis server from Debian's `redis-server` package, on a free port, without persistence, until `stop`. */
export async function startDebianRedis(): Promise<DebianRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} not found: apt-get install -y redis-server (or set REDIS_SERVER_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), 'storefleet-redis-'));
  const port = await freePort();
  const server = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let attempt = 0; !(await answers(port)); attempt++) {
    if (server.exitCode !== null || attempt > 100) throw new Error(`redis-server did not start on port ${port}`);
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: server.pid!,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Distributed-mode tests use a real Redis server from Debian's `redis-server` package. */
export default async function setup(project: TestProject) {
  const redis = await startDebianRedis();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
