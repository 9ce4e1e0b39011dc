import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pickAction } from '../../bench/loadgen/shopper.js';
import { parseDuration } from '../../bench/loadgen/duration.js';
import { useTestSystem } from '../support/system.js';

const ctx = useTestSystem();

describe('npm run loadgen', () => {
  it('picks actions by the shopper mix and reads durations as an operator writes them', () => {
    const picks = Array.from({ length: 22 }, (_, i) => pickAction((i + 0.5) / 22));
    const count = (action: string) => picks.filter((p) => p === action).length;
    expect([count('browse'), count('product'), count('add_to_cart'), count('view_cart'), count('checkout')]).toEqual([10, 6, 3, 2, 1]);
    expect([parseDuration('90'), parseDuration('5m'), parseDuration('1h')]).toEqual([90_000, 300_000, 3_600_000]);
    expect(() => parseDuration('five minutes')).toThrow('--duration must look like');
  });

  it('drives the whole shopper mix against a gateway and prints a summary with no errors', async () => {
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/loadgen/run.ts', `--url=${ctx.system.gatewayUrl}`, '--users=4', '--duration=4s', '--think=0'], {
      cwd: new URL('../..', import.meta.url).pathname,
    });
    const rows = Object.fromEntries(
      run.stdout
        .split('\n')
        .filter((line) => /^\| [a-z_]+ +\|/.test(line))
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map((cells) => [cells[1], { requests: Number(cells[2]), errors: Number(cells[4]) }]),
    );
    for (const action of ['browse', 'product', 'add_to_cart', 'view_cart', 'checkout']) {
      expect(rows[action]?.requests, `${action} in:\n${run.stdout}`).toBeGreaterThan(0);
      expect(rows[action]?.errors, `${action} in:\n${run.stdout}`).toBe(0);
    }
    expect(run.stdout).toMatch(/\d+ requests in \d+ s .*, 0 errors/);
  });
});
