const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/**
 * Seconds in a duration written as `900`, `900s`, `15m` or `1h` (a bare number is seconds).
 * @example parseDuration('15m') // 900
 */
export function parseDuration(text: string): number {
  const match = /^(\d+)(s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like 900, 900s, 15m or 1h`);
  return Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS];
}
