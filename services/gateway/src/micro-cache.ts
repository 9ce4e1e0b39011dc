import { LRUCache } from 'lru-cache';

/** An upstream answer held for reuse: written again as it came, with the gateway's own headers added. */
export interface HeldAnswer {
  status: number;
  /** The upstream's end-to-end headers, flat `[name, value, ...]`. */
  headers: string[];
  /** The same without the body's headers (Content-Length, Content-Type), for a 304. */
  notModifiedHeaders: string[];
  body: Buffer;
  etag: string;
  /** `Date.now()` after which the answer is not used: when its upstream request was sent + GATEWAY_MICROCACHE_MS. */
  expiresAt: number;
}

export interface MicroCacheOptions {
  /** GATEWAY_MICROCACHE_MS: how long an answer is reused; 0 turns the micro-cache off. */
  ttlMs: number;
  /** GATEWAY_MICROCACHE_BYTES: the bound of the held bodies (and keys); an answer over an eighth of it is not kept. */
  maxBytes: number;
}

// The fixed cost of an entry besides its body: headers, key, bookkeeping.
const ENTRY_OVERHEAD = 512;
const BODY_HEADERS = new Set(['content-length', 'content-type', 'content-encoding']);

/**
 * The ETag of an upstream answer the micro-cache may keep, or undefined: a 200 the upstream marked
 * `Cache-Control: public` (without private or no-store) with an ETag and a Content-Length no larger
 * than `maxBodyBytes`, setting no cookie and varying on nothing. `public` is the upstream's word
 * that the answer is the same for every anonymous client; its `no-cache` (ask again before reuse)
 * is deliberately bent for at most GATEWAY_MICROCACHE_MS, within the one second the catalog promises.
 */
export function keepableEtag(status: number, headers: string[], maxBodyBytes: number): string | undefined {
  if (status !== 200) return undefined;
  let etag: string | undefined;
  let isPublic = false;
  let length = -1;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!.toLowerCase();
    const value = headers[i + 1]!;
    if (name === 'etag') etag = value;
    else if (name === 'content-length') length = Number(value);
    else if (name === 'cache-control') {
      const directives = value.toLowerCase();
      if (directives.includes('private') || directives.includes('no-store')) return undefined;
      isPublic = /(^|[\s,])public([\s,]|$)/.test(directives);
    } else if (name === 'set-cookie' || name === 'vary') return undefined;
  }
  return isPublic && length >= 0 && length <= maxBodyBytes ? etag : undefined;
}

/** An answer ready to hold: its 304 headers worked out once. */
export function heldAnswer(status: number, headers: string[], body: Buffer, etag: string, expiresAt: number): HeldAnswer {
  const notModifiedHeaders: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (!BODY_HEADERS.has(headers[i]!.toLowerCase())) notModifiedHeaders.push(headers[i]!, headers[i + 1]!);
  }
  return { status, headers, notModifiedHeaders, body, etag, expiresAt };
}

/**
 * The key of a request in the micro-cache: the channel it is answered for and the upstream path with
 * its query parameters in name order (the order of one name's values is kept), so `?b=2&a=1` and
 * `?a=1&b=2` share an entry.
 */
export function microCacheKey(service: string, channel: string, path: string): string {
  const mark = path.indexOf('?');
  if (mark < 0 || path.indexOf('&', mark) < 0) return `${service} ${channel} ${path}`;
  const params = path.slice(mark + 1).split('&').filter((param) => param !== '');
  const nameOf = (param: string) => {
    const equals = param.indexOf('=');
    return equals < 0 ? param : param.slice(0, equals);
  };
  params.sort((a, b) => {
    const x = nameOf(a);
    const y = nameOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return `${service} ${channel} ${path.slice(0, mark)}?${params.join('&')}`;
}

/**
 * The gateway's micro-cache: public upstream answers held for a moment (GATEWAY_MICROCACHE_MS) in a
 * byte-bounded LRU, and one upstream request for the concurrent misses of a key (the first asks, the
 * others wait for its answer). Generic in what waits, so the proxy's calls stay its own business.
 * An answer is dropped once expired, as newer ones are kept: under a stream of distinct reads (searches)
 * it holds the last GATEWAY_MICROCACHE_MS of answers, not GATEWAY_MICROCACHE_BYTES of stale ones for
 * the garbage collector to walk.
 * @example const micro = createMicroCache<ProxyCall>({ ttlMs: 500, maxBytes: 32 << 20 })
 */
export function createMicroCache<Waiter>({ ttlMs, maxBytes }: MicroCacheOptions) {
  const held = new LRUCache<string, HeldAnswer>({
    maxSize: Math.max(maxBytes, 1),
    sizeCalculation: (answer, key) => answer.body.length + key.length + ENTRY_OVERHEAD,
  });
  const filling = new Map<string, Waiter[]>();
  // What was kept, oldest first: expiry follows the order answers were kept in (give or take their
  // upstream times), so the expired ones are at the front.
  let kept: { key: string; expiresAt: number }[] = [];
  let oldest = 0;
  const dropExpired = (now: number) => {
    while (oldest < kept.length && kept[oldest]!.expiresAt <= now) {
      const { key, expiresAt } = kept[oldest++]!;
      if (held.peek(key)?.expiresAt === expiresAt) held.delete(key);
    }
    if (oldest > 1024 && oldest * 2 > kept.length) {
      kept = kept.slice(oldest);
      oldest = 0;
    }
  };
  return {
    enabled: ttlMs > 0 && maxBytes > 0,
    ttlMs,
    /** The largest body kept: a bigger answer would push out many small ones. */
    maxBodyBytes: Math.floor(maxBytes / 8),
    /** The held answer of `key`, while fresh. */
    lookup(key: string, now: number): HeldAnswer | undefined {
      const answer = held.get(key);
      if (answer === undefined || answer.expiresAt > now) return answer;
      held.delete(key);
      return undefined;
    },
    /** True: the caller fills `key` (asks upstream); false: a fill is under way and `waiter` waits for it. */
    join(key: string, waiter: Waiter): boolean {
      const waiting = filling.get(key);
      if (waiting === undefined) {
        filling.set(key, []);
        return true;
      }
      waiting.push(waiter);
      return false;
    },
    /** Ends the fill of `key`, holding `answer` if there is one, and hands back who waited for it. */
    settle(key: string, answer: HeldAnswer | undefined): Waiter[] {
      const waiting = filling.get(key) ?? [];
      filling.delete(key);
      if (answer !== undefined) {
        dropExpired(Date.now());
        held.set(key, answer);
        kept.push({ key, expiresAt: answer.expiresAt });
      }
      return waiting;
    },
    /** Entries and bytes held, fills under way. */
    stats() {
      return { entries: held.size, bytes: held.calculatedSize, filling: filling.size };
    },
  };
}

export type MicroCache<Waiter> = ReturnType<typeof createMicroCache<Waiter>>;
