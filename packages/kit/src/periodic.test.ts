import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createPeriodic } from './periodic.js';

const quietLog = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

describe('createPeriodic', () => {
  it('runs one at a time: asking during a run joins it', async () => {
    let release!: (n: number) => void;
    const run = vi.fn(() => new Promise<number>((resolve) => (release = resolve)));
    const periodic = createPeriodic({ intervalMs: 60_000, log: quietLog(), failed: 'failed', idle: 0, run });
    const first = periodic.runOnce();
    const second = periodic.runOnce();
    release(3);
    expect(await Promise.all([first, second])).toEqual([3, 3]);
    expect(run).toHaveBeenCalledTimes(1);
    await periodic.stop();
  });

  it('logs a failed run, answers idle, and runs again when asked', async () => {
    const log = quietLog();
    const run = vi.fn().mockRejectedValueOnce(new Error('database down')).mockResolvedValueOnce(2);
    const periodic = createPeriodic({ intervalMs: 60_000, log, failed: 'sweep failed; will retry', idle: 0, run });
    expect(await periodic.runOnce()).toBe(0);
    expect(log.warn).toHaveBeenCalledWith({ err: expect.any(Error) }, 'sweep failed; will retry');
    expect(await periodic.runOnce()).toBe(2);
    await periodic.stop();
  });

  it('runs every intervalMs once started', async () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const run = vi.fn(async () => 1);
    const periodic = createPeriodic({ intervalMs: 1_000, log: quietLog(), failed: 'failed', idle: 0, run });
    periodic.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(run).toHaveBeenCalledTimes(3);
    await periodic.stop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('on stop, aborts the run in progress, waits for it, and runs no more', async () => {
    let seen: AbortSignal | undefined;
    let release!: () => void;
    const periodic = createPeriodic({
      intervalMs: 60_000, log: quietLog(), failed: 'failed', idle: 0,
      run: async (signal) => {
        seen = signal;
        await new Promise<void>((resolve) => (release = resolve));
        return 5;
      },
    });
    const running = periodic.runOnce();
    const stopped = periodic.stop();
    expect(seen?.aborted).toBe(true);
    let done = false;
    void stopped.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    release();
    await stopped;
    expect(await running).toBe(5);
    expect(await periodic.runOnce()).toBe(0);
  });
});
