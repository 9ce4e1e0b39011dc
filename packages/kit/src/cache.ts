import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { KitLogger } from './db.js';

/**
 * A read cache of JSON values by key, shared by a service's replicas when it is on Redis. Entries
 * expire after `ttlMs` even if nothing deletes them: a reader that missed, read the database just
 * before a write, and stored what it read just after the write's delete keeps a stale value at most
 * that long (a delete on the change's event usually removes it sooner).
 */
export interface Cache<T> {
  /** The values held for these keys; a missing key is absent from the map. */
  getMany(keys: string[]): Promise<Map<string, T>>;
  setMany(entries: [key: string, value: T][]): Promise<void>;
  /**
   * Sets each entry unless the value held for its key has a `version` at least as high: writers that
   * race (a reader filling a miss, the consumer of a newer change) never put an older value back.
   */
  setNewer(entries: [key: string, value: T & Versioned][]): Promise<void>;
  delete(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

/** A value that says how new it is: of two values for a key, the higher version is the newer. */
export interface Versioned {
  version: number;
}

export interface CacheOptions {
  /** Prefix of every key (a Redis server may hold several caches). */
  name: string;
  ttlMs: number;
  /** Entries kept in memory (default 10,000); ignored on Redis, which is sized by its own maxmemory. */
  maxEntries?: number;
}

/**
 * One process's cache: least recently used entries go first once `maxEntries` are held.
 * @example const cache = createMemoryCache<Product>({ name: 'products', ttlMs: 60_000 })
 */
export function createMemoryCache<T extends object>(options: CacheOptions): Cache<T> {
  const lru = new LRUCache<string, T>({ max: options.maxEntries ?? 10_000, ttl: options.ttlMs });
  return {
    async getMany(keys) {
      const found = new Map<string, T>();
      for (const key of keys) {
        const value = lru.get(key);
        if (value !== undefined) found.set(key, value);
      }
      return found;
    },
    async setMany(entries) {
      for (const [key, value] of entries) lru.set(key, value);
    },
    async setNewer(entries) {
      for (const [key, value] of entries) {
        const held = lru.get(key) as Partial<Versioned> | undefined;
        if (!(typeof held?.version === 'number' && held.version >= value.version)) lru.set(key, value);
      }
    },
    async delete(keys) {
      for (const key of keys) lru.delete(key);
    },
    async close() {
      lru.clear();
    },
  };
}

/**
 * A cache on Redis, shared by every replica: a delete by one is seen by all. When Redis cannot be
 * reached, reads miss and writes are skipped (logged), so the service falls back to its database.
 * @example const cache = createRedisCache<Product>({ url: config.REDIS_URL, name: 'catalog:products', ttlMs: 60_000, log })
 */
export function createRedisCache<T>(options: CacheOptions & { url: string; log: KitLogger }): Cache<T> {
  // Commands fail at once while disconnected instead of queueing: a cache must never hold a request up.
  const redis = new Redis(options.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
  // KEYS[1] the key; ARGV: the value's JSON, its version, the TTL in ms. Atomic on the server.
  redis.defineCommand('setNewer', {
    numberOfKeys: 1,
    lua: `local held = redis.call('GET', KEYS[1])
          if held then
            local ok, value = pcall(cjson.decode, held)
            if ok and type(value) == 'table' and type(value.version) == 'number' and value.version >= tonumber(ARGV[2]) then return 0 end
          end
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
          return 1`,
  });
  redis.on('error', (err) => options.log.warn({ err, cache: options.name }, 'redis cache connection error'));
  const key = (k: string) => `${options.name}:${k}`;
  const degrade = (what: string) => (err: unknown) => void options.log.warn({ err, cache: options.name }, `cache ${what} failed; using the database`);
  return {
    async getMany(keys) {
      const found = new Map<string, T>();
      if (!keys.length) return found;
      const values = await redis.mget(keys.map(key)).catch((err: unknown) => (degrade('read')(err), []));
      values.forEach((value, i) => {
        if (value !== null && value !== undefined) found.set(keys[i]!, JSON.parse(value) as T);
      });
      return found;
    },
    async setMany(entries) {
      if (!entries.length) return;
      const batch = redis.multi();
      for (const [k, value] of entries) batch.set(key(k), JSON.stringify(value), 'PX', options.ttlMs);
      await batch.exec().catch(degrade('write'));
    },
    async setNewer(entries) {
      if (!entries.length) return;
      const batch = redis.pipeline() as unknown as { setNewer(...args: (string | number)[]): void; exec(): Promise<unknown> };
      for (const [k, value] of entries) batch.setNewer(key(k), JSON.stringify(value), value.version, options.ttlMs);
      await batch.exec().catch(degrade('write'));
    },
    async delete(keys) {
      if (keys.length) await redis.del(keys.map(key)).catch(degrade('delete'));
    },
    async close() {
      redis.disconnect();
    },
  };
}

/**
 * The cache for a service's mode: on Redis, shared by its replicas, when `redisUrl` is set; else in memory.
 * @example const cache = createCache<Product>({ name: 'catalog:products', ttlMs: 60_000, redisUrl: config.REDIS_URL, log })
 */
export function createCache<T extends object>(options: CacheOptions & { redisUrl?: string; log: KitLogger }): Cache<T> {
  return options.redisUrl ? createRedisCache<T>({ ...options, url: options.redisUrl }) : createMemoryCache<T>(options);
}
