import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../../deploy/observability/', import.meta.url).pathname;
const promtool = (...args: string[]) => execFileSync('promtool', args, { cwd: DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('deploy/observability', () => {
  it('passes promtool check config (with its rules) and check rules', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).toContain('SUCCESS');
    expect(promtool('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('alerts on 5xx rate, p99 latency, dead letters, a disabled webhook endpoint and event lag', () => {
    const rules = promtool('check', 'rules', '--lint=all', 'alerts.yml');
    expect(rules).toContain('SUCCESS');
    const text = readFileSync(`${DIR}/alerts.yml`, 'utf8');
    for (const alert of ['StorefleetHigh5xxRate', 'StorefleetHighP99Latency', 'StorefleetDeadLetters', 'StorefleetWebhookEndpointDisabled', 'StorefleetEventLag']) expect(text).toContain(`alert: ${alert}`);
  });
});
