const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Milliseconds in a duration written as `500ms`, `5s`, `5m`, `2h`, `5d` (a bare number is seconds).
 * @example parseDurationMs('5m') // 300000
 */
export function parseDurationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like 500ms, 5s, 5m, 2h or 5d`);
  return Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS];
}

/** A retry schedule: the delay before each attempt, the first usually 0. */
export function parseSchedule(text: string): number[] {
  return text.split(',').map(parseDurationMs);
}

/**
 * When the next attempt is due after `tries` failed attempts, or undefined when the schedule is used up.
 * A delay is jittered by up to ±10% (so endpoints that failed together are not retried together); a
 * `Retry-After` the receiver asked for is honoured when it is longer.
 */
export function nextRetryDelay(schedule: number[], tries: number, options: { retryAfterMs?: number; random?: () => number } = {}): number | undefined {
  if (tries >= schedule.length) return undefined;
  const base = schedule[tries]!;
  const jittered = Math.round(base * (0.9 + 0.2 * (options.random ?? Math.random)()));
  return Math.max(jittered, options.retryAfterMs ?? 0);
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
