import { LRUCache } from 'lru-cache';
import type { ResponseCacheStats } from '@storefleet/contracts/internal';
import type { Cache } from '@storefleet/kit';
import type { CachedBody } from './cached-body.js';

export interface ResponseCacheOptions {
  /** Bound of the in-memory LRU in bytes; 0 turns the cache off (every read builds its body). */
  maxBytes: number;
  /** The replicas' shared cache (Redis), asked on a local miss before building. */
  shared?: Cache<CachedBody>;
}

/**
 * Public read bodies by normalised request key, for one version of the catalog (products_version,
 * raised by every product write): in a byte-bounded LRU, and in `shared` under `<version>:<key>`, so
 * a new version makes every older entry unreachable at once on every replica. Concurrent misses of a
 * key share one build. A body built while the version moved on is answered but not kept: it may have
 * been read before the change.
 * @example const responses = createResponseCache({ maxBytes: 64 << 20 }); await responses.get('categories', build)
 */
export function createResponseCache({ maxBytes, shared }: ResponseCacheOptions) {
  let version = -1;
  let builds = 0;
  let hits = 0;
  const local = new LRUCache<string, CachedBody>({ maxSize: Math.max(maxBytes, 1), sizeCalculation: (body, key) => body.bytes + key.length * 2 });
  const building = new Map<string, Promise<CachedBody>>();

  async function fill(key: string, at: number, build: () => Promise<CachedBody>): Promise<CachedBody> {
    const sharedKey = `${at}:${key}`;
    let body = shared && (await shared.getMany([sharedKey])).get(sharedKey);
    if (!body) {
      builds++;
      body = await build();
      await shared?.setMany([[sharedKey, body]]);
    }
    if (at === version) local.set(key, body);
    return body;
  }

  return {
    /** Moves to a newer catalog version (an older one, read by a slower refresh, is ignored); true if it moved. */
    setVersion(next: number): boolean {
      if (next <= version) return false;
      version = next;
      local.clear();
      return true;
    },
    /** The body for `key`: held, or built by `build` once however many ask together. */
    get(key: string, build: () => Promise<CachedBody>): Promise<CachedBody> {
      if (maxBytes === 0) {
        builds++;
        return build();
      }
      const held = local.get(key);
      if (held) {
        hits++;
        return Promise.resolve(held);
      }
      const flight = `${version}:${key}`;
      let pending = building.get(flight);
      if (!pending) {
        pending = fill(key, version, build).finally(() => building.delete(flight));
        building.set(flight, pending);
      }
      return pending;
    },
    /** Builds (queries run) and hits so far, and what the LRU holds. */
    stats(): ResponseCacheStats {
      return { version, builds, hits, entries: local.size, bytes: local.calculatedSize };
    },
  };
}

export type ResponseCache = ReturnType<typeof createResponseCache>;
