import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelDirectorySchema, type ChannelDirectory as DirectoryList } from '@storefleet/contracts/internal';
import { createCheck, type KitLogger } from '@storefleet/kit';

/** The channels as the gateway needs them: whose key a request carries, and which origins CORS allows. */
export interface ChannelDirectory {
  /** The channel of a publishable key: its id, null when the key is unknown or revoked, undefined before the first load. */
  resolve(key: string): string | null | undefined;
  /** True when some channel allows this browser origin. */
  hasOrigin(origin: string): boolean;
  /** Reloads the directory (a channel.* event arrived); reloads asked for during a load make one more load after it. */
  refresh(): void;
  /** Resolves once a load has succeeded. */
  loaded(): Promise<void>;
  stop(): void;
}

const isDirectory = createCheck(ChannelDirectorySchema);

const sha256Hex = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Reads identity's channel directory from the first of its URLs that answers.
 * @example createChannelDirectory({ load: channelsFromIdentity(['http://127.0.0.1:4001']), log })
 */
export function channelsFromIdentity(identityUrls: string[]): () => Promise<DirectoryList> {
  return async () => {
    let lastError: unknown = new Error('no identity URL');
    for (const base of identityUrls) {
      try {
        const response = await fetch(`${base}/internal/channels`, { signal: AbortSignal.timeout(3_000) });
        if (!response.ok) throw new Error(`identity answered ${response.status}`);
        const body: unknown = await response.json();
        if (!isDirectory(body)) throw new Error('identity answered something that is not a channel directory');
        return body;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  };
}

/**
 * The gateway's copy of identity's channels, loaded at start and reloaded on every channel.* event
 * (retried until a load succeeds), so a revoked key is refused, and a new key or origin accepted,
 * as soon as its event arrives. Keys are compared by SHA-256, as identity keeps them; a key seen
 * valid is remembered as is until the next load, so most requests skip the hash.
 */
export function createChannelDirectory(options: { load: () => Promise<DirectoryList>; log: KitLogger; retryMs?: number }): ChannelDirectory {
  const { load, log } = options;
  let byHash: Map<string, string> | undefined;
  let origins = new Set<string>();
  let known = new Map<string, string>();
  let stopped = false;
  let running = false;
  let again = false;
  let markLoaded!: () => void;
  const firstLoad = new Promise<void>((resolve) => (markLoaded = resolve));

  async function run(): Promise<void> {
    running = true;
    for (let attempt = 0; !stopped; attempt++) {
      again = false;
      try {
        const directory = await load();
        const hashes = new Map<string, string>();
        const allowed = new Set<string>();
        for (const channel of directory.items) {
          for (const hash of channel.key_hashes) hashes.set(hash, channel.id);
          for (const origin of channel.allowed_origins) allowed.add(origin);
        }
        byHash = hashes;
        origins = allowed;
        known = new Map();
        markLoaded();
        if (!again) break;
        attempt = -1;
      } catch (err) {
        if (attempt % 10 === 0) log.warn({ err }, 'cannot load the channels from identity yet; retrying');
        await sleep(options.retryMs ?? 1_000, undefined, { ref: false });
      }
    }
    running = false;
  }

  function refresh(): void {
    if (running) again = true;
    else void run();
  }
  refresh();

  return {
    resolve(key) {
      if (byHash === undefined) return undefined;
      const hit = known.get(key);
      if (hit !== undefined) return hit;
      const channel = byHash.get(sha256Hex(key));
      if (channel === undefined) return null;
      known.set(key, channel);
      return channel;
    },
    hasOrigin: (origin) => origins.has(origin),
    refresh,
    loaded: () => firstLoad,
    stop() {
      stopped = true;
    },
  };
}
