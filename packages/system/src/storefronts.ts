import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { channelsFromIdentity } from '@storefleet/gateway';
import { listen, registerWebFiles } from '@storefleet/kit';
import type { StorefrontChannel as ChannelAtStart } from '@storefleet/contracts';
import { STOREFRONT_REMOTES, storefrontApps, type StorefrontRemote } from './web-build.js';

/** One storefront: a channel served on its own port. */
export interface StorefrontChannel {
  /** The channel's slug (`web`, `nyc`): what orders record. */
  id: string;
  port: number;
  /** Shown in the header: the channel's (identity's) name; defaults from the slug. */
  name?: string;
  theme_color?: string;
  /** The channel's publishable key, sent as X-API-Key (without it the gateway takes the request as `web`). */
  key?: string;
}

/** Default ports of the remotes' servers (shared by every storefront: a remote is the same files for each channel). */
export const REMOTE_PORTS: Record<StorefrontRemote, number> = { auth: 5101, products: 5102, cart: 5103, checkout: 5104, profile: 5105 };

const PALETTE = ['#0f766e', '#7c3aed', '#c2410c', '#be123c', '#4d7c0f', '#0369a1'];

/** The look a storefront's channel is created with: `web` is Storefleet in blue, another slug its own name and colour. */
export function defaultChannelLook(id: string): { name: string; theme_color: string } {
  if (id === 'web') return { name: 'Storefleet', theme_color: '#1f6feb' };
  const hash = [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  return { name: `Storefleet ${id.toUpperCase()}`, theme_color: PALETTE[hash % PALETTE.length]! };
}

/**
 * Reads `STOREFRONTS` (`web:5001,nyc:5002`): each a channel slug and a port, neither twice.
 * @example parseStorefronts('web:5001,nyc:5002') // [{ id: 'web', port: 5001 }, { id: 'nyc', port: 5002 }]
 */
export function parseStorefronts(value: string): { id: string; port: number }[] {
  const list = value.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const match = /^([a-z0-9][a-z0-9-]{0,63}):(\d{1,5})$/.exec(part);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) throw new Error(`STOREFRONTS: "${part}" is not channel:port (e.g. web:5001)`);
    return { id: match[1]!, port };
  });
  if (list.length === 0) throw new Error('STOREFRONTS: name at least one channel:port (e.g. web:5001)');
  for (const key of ['id', 'port'] as const) {
    const seen = new Set<unknown>();
    for (const s of list) {
      if (seen.has(s[key])) throw new Error(`STOREFRONTS: ${key === 'id' ? 'channel' : 'port'} ${s[key]} appears twice`);
      seen.add(s[key]);
    }
  }
  return list;
}

export interface RunningStorefronts {
  /** Each storefront's URL by channel. */
  urls: Record<string, string>;
  /** Each remote's entry URL by remote name (what config.json lists). */
  remotes: Record<string, string>;
  /** Stops one remote's server (the storefronts keep running without it). */
  stopRemote(name: StorefrontRemote): Promise<void>;
  startRemote(name: StorefrontRemote): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Serves built storefronts: one server per remote (so a remote is stopped or redeployed alone), and
 * per channel a shell server whose `/config.json` names the gateway, the channel and the remotes.
 * @example await startStorefronts({ gatewayUrl: 'http://127.0.0.1:8080', storefronts: [{ id: 'web', port: 5001 }] })
 */
export async function startStorefronts(options: {
  gatewayUrl: string;
  storefronts: StorefrontChannel[];
  host?: string;
  remotePorts?: Partial<Record<StorefrontRemote, number>>;
}): Promise<RunningStorefronts> {
  const host = options.host ?? '127.0.0.1';
  const apps = new Map(storefrontApps().map((app) => [app.name.replace('storefront/', ''), app]));
  const remotes: Record<string, string> = {};
  const remoteServers = new Map<string, FastifyInstance>();
  const shells: FastifyInstance[] = [];
  const portOf = (name: StorefrontRemote) => options.remotePorts?.[name] ?? REMOTE_PORTS[name];
  for (const name of STOREFRONT_REMOTES) remotes[name] = `http://${host}:${portOf(name)}/remoteEntry.js`;

  async function startRemote(name: StorefrontRemote): Promise<void> {
    if (remoteServers.has(name)) throw new Error(`the ${name} remote is already running`);
    const server = Fastify();
    // CORS: the shells, on other origins, load this remote's modules.
    await registerWebFiles(server, { root: join(apps.get(name)!.dir, 'dist'), prefix: '/', cors: true });
    await listen(server, portOf(name), host, `the storefront ${name} remote's port`);
    remoteServers.set(name, server);
  }
  async function stopRemote(name: StorefrontRemote): Promise<void> {
    const server = remoteServers.get(name);
    remoteServers.delete(name);
    await server?.close();
  }
  const stop = async () => {
    for (const server of shells.splice(0)) await server.close();
    for (const name of [...remoteServers.keys()]) await stopRemote(name as StorefrontRemote);
  };

  try {
    for (const name of STOREFRONT_REMOTES) await startRemote(name);
    const urls: Record<string, string> = {};
    for (const channel of options.storefronts) {
      const look = defaultChannelLook(channel.id);
      const config = {
        apiBaseUrl: options.gatewayUrl,
        channel: { id: channel.id, ...(channel.key ? { key: channel.key } : {}), name: channel.name ?? look.name, theme_color: channel.theme_color ?? look.theme_color },
        remotes,
      };
      const server = Fastify();
      // Before the files: config.json is this storefront's, never a built file, and never cached.
      server.get('/config.json', (_request, reply) => reply.header('cache-control', 'no-cache').send(config));
      await registerWebFiles(server, { root: join(apps.get('shell')!.dir, 'dist'), prefix: '/', spa: true });
      shells.push(server);
      await listen(server, channel.port, host, `the ${channel.id} storefront's port`);
      urls[channel.id] = `http://${host}:${channel.port}`;
    }
    return { urls, remotes, stopRemote, startRemote, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The browser origins of these storefronts, for the gateway's CORS_ORIGINS (both spellings of loopback). */
export function storefrontOrigins(storefronts: { port: number }[], host = '127.0.0.1'): string[] {
  return storefronts.flatMap((s) => (host === '127.0.0.1' || host === 'localhost' ? [`http://127.0.0.1:${s.port}`, `http://localhost:${s.port}`] : [`http://${host}:${s.port}`]));
}

/**
 * What identity makes sure of at start for these storefronts (its STOREFRONT_CHANNELS): each channel,
 * created with its default look unless it exists, allowing its storefront's origins, with its key.
 * @example JSON.stringify(storefrontChannels([{ id: 'nyc', port: 5002, key: 'pk_…' }]))
 */
export function storefrontChannels(storefronts: { id: string; port: number; key: string }[], host = '127.0.0.1'): ChannelAtStart[] {
  return storefronts.map((s) => ({ id: s.id, ...defaultChannelLook(s.id), allowed_origins: storefrontOrigins([s], host), key: s.key }));
}

/**
 * Each channel's name and theme colour as identity has them now (an admin may have changed them since
 * the channel was made), from its internal channel directory (read as the gateway reads it), for the
 * storefronts' config.json.
 */
export async function channelLooks(identityUrl: string): Promise<Record<string, { name: string; theme_color: string }>> {
  const directory = await channelsFromIdentity([identityUrl])();
  return Object.fromEntries(directory.items.map((c) => [c.id, { name: c.name, theme_color: c.theme_color }]));
}
