import type { KitLogger } from './db.js';

export interface Periodic<T> {
  /** Runs the work now, or joins the run in progress; answers `idle` if the run failed (it is logged) or after `stop`. */
  runOnce(): Promise<T>;
  /** Runs the work every `intervalMs` from now on; the timer does not keep the process alive. */
  start(): void;
  /** Ends the timer, aborts the run's `signal` so a long run can end early, and waits for it. */
  stop(): Promise<void>;
}

/**
 * Background work a service repeats (sweeping expired reservations, resuming sagas): one run at a time,
 * however often it is asked for; a failed run is logged with the `failed` message and the next tick tries
 * again.
 * @example const sweeper = createPeriodic({ intervalMs: 10_000, log, failed: 'sweep failed; will retry', idle: 0, run: (signal) => sweep(signal) }); sweeper.start()
 */
export function createPeriodic<T>(options: { intervalMs: number; log: KitLogger; failed: string; idle: T; run: (signal: AbortSignal) => Promise<T> }): Periodic<T> {
  const stopping = new AbortController();
  let running: Promise<T> | undefined;
  let timer: NodeJS.Timeout | undefined;

  function runOnce(): Promise<T> {
    if (stopping.signal.aborted) return Promise.resolve(options.idle);
    running ??= options
      .run(stopping.signal)
      .catch((err: unknown) => {
        if (!stopping.signal.aborted) options.log.warn({ err }, options.failed);
        return options.idle;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    runOnce,
    start() {
      timer ??= setInterval(() => void runOnce(), options.intervalMs);
      timer.unref();
    },
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await running;
    },
  };
}
