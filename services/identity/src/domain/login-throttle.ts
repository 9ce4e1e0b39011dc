/**
 * Where failed login times are kept, per key (`email:...`, `ip:...`). In memory for one process;
 * the interface is async so a shared store (Redis) can stand in with several replicas.
 */
export interface LoginAttemptStore {
  /** Records a failure and answers the failure times of `key` at or after `since` (ms epoch). */
  record(key: string, at: number, since: number): Promise<number[]>;
  recent(key: string, since: number): Promise<number[]>;
  clear(key: string): Promise<void>;
}

/** Seconds until one more attempt is allowed, 0 when it is allowed now. */
export function secondsUntilAllowed(failures: number[], limit: number, windowMs: number, now: number): number {
  const inWindow = failures.filter((t) => t > now - windowMs).sort((a, b) => a - b);
  if (inWindow.length < limit) return 0;
  // The attempt is allowed again once enough old failures have left the window.
  const freeing = inWindow[inWindow.length - limit]!;
  return Math.max(1, Math.ceil((freeing + windowMs - now) / 1000));
}

export interface LoginThrottleOptions {
  store: LoginAttemptStore;
  maxPerEmail: number;
  maxPerIp: number;
  windowMs: number;
  now?: () => number;
}

export interface LoginThrottle {
  /** Seconds the caller must wait before trying this email from this IP, 0 when it may try now. */
  wait(email: string, ip: string): Promise<number>;
  failed(email: string, ip: string): Promise<void>;
  /** A success forgives the email's failures; the IP's stay, so one good account cannot launder a spray. */
  succeeded(email: string): Promise<void>;
}

/** Limits failed logins per email and per client IP over a sliding window. */
export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const { store, windowMs } = options;
  const now = options.now ?? Date.now;
  const emailKey = (email: string) => `email:${email}`;
  const ipKey = (ip: string) => `ip:${ip}`;
  return {
    async wait(email, ip) {
      const at = now();
      const since = at - windowMs;
      const [byEmail, byIp] = await Promise.all([store.recent(emailKey(email), since), store.recent(ipKey(ip), since)]);
      return Math.max(
        secondsUntilAllowed(byEmail, options.maxPerEmail, windowMs, at),
        secondsUntilAllowed(byIp, options.maxPerIp, windowMs, at),
      );
    },
    async failed(email, ip) {
      const at = now();
      await Promise.all([store.record(emailKey(email), at, at - windowMs), store.record(ipKey(ip), at, at - windowMs)]);
    },
    async succeeded(email) {
      await store.clear(emailKey(email));
    },
  };
}

/** A LoginAttemptStore in this process's memory, bounded in keys and entries per key. */
export function createMemoryLoginAttemptStore(options: { maxKeys?: number; maxPerKey?: number } = {}): LoginAttemptStore {
  const maxKeys = options.maxKeys ?? 100_000;
  const maxPerKey = options.maxPerKey ?? 1_000;
  const failures = new Map<string, number[]>();
  const prune = (key: string, since: number): number[] => {
    const kept = (failures.get(key) ?? []).filter((t) => t >= since);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  return {
    async record(key, at, since) {
      const kept = [...prune(key, since), at].slice(-maxPerKey);
      failures.delete(key); // re-insert so Map order is least recently failed first
      failures.set(key, kept);
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
      return kept;
    },
    async recent(key, since) {
      return prune(key, since);
    },
    async clear(key) {
      failures.delete(key);
    },
  };
}
