import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { lazyChild } from './logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: pino({ level, base: { service: 'logger-test' } }, stream) };
}

describe('lazyChild', () => {
  it('makes no child while everything logged is below the level', () => {
    const { lines, logger } = capture('warn');
    const made = vi.spyOn(logger, 'child');
    const log = lazyChild(logger, { request_id: 'r1' }, {});
    log.info('incoming request');
    log.debug({ detail: 1 }, 'detail');
    expect(made).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('logs with its bindings at an enabled level, making the child once', () => {
    const { lines, logger } = capture('warn');
    const made = vi.spyOn(logger, 'child');
    const log = lazyChild(logger, { request_id: 'r2', trace_id: 't2' }, {});
    log.warn({ attempt: 1 }, 'first');
    log.error('second');
    expect(made).toHaveBeenCalledTimes(1);
    log.child({ step: 'commit' }).warn('third');
    expect(lines.map((l) => [l.msg, l.request_id, l.trace_id, l.service])).toEqual([
      ['first', 'r2', 't2', 'logger-test'],
      ['second', 'r2', 't2', 'logger-test'],
      ['third', 'r2', 't2', 'logger-test'],
    ]);
    expect(lines[0]).toMatchObject({ attempt: 1, level: 40 });
    expect(lines[2]).toMatchObject({ step: 'commit' });
  });

  it("makes the child at once for a route's own level", () => {
    const { lines, logger } = capture('warn');
    const log = lazyChild(logger, { request_id: 'r3' }, { level: 'debug' });
    log.debug('shown');
    expect(lines).toMatchObject([{ msg: 'shown', request_id: 'r3' }]);
  });
});
