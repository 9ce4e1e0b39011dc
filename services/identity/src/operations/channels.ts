import { AppError, type Db, type KitLogger, type Outbox } from '@storefleet/kit';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  EVENT_TYPES, StorefrontChannelSchema, type Channel, type CreateChannel, type CreatedChannelKey, type StorefrontChannel, type UpdateChannel,
} from '@storefleet/contracts';
import { hashPublishableKey, newPublishableKey, visiblePrefix } from '../crypto/publishable-keys.js';
import { assertMayDeleteChannel, isPublishableKey, normalizeOrigins } from '../domain/channels.js';
import { channelEvent, channelKeyEvent } from '../events.js';
import type { ChannelsStore } from '../store/channels-store.js';

export type Channels = ReturnType<typeof createChannels>;

const notFound = (id: string) => new AppError('not_found', `Channel ${id} does not exist`);

/** The storefront channels and their publishable keys; every change is a channel.* event in its transaction. */
export function createChannels(deps: { db: Db; channels: ChannelsStore; outbox: Outbox }) {
  const { db, channels, outbox } = deps;

  return {
    list: async () => ({ items: await channels.list() }),

    async get(id: string): Promise<Channel> {
      const channel = await channels.find(id);
      if (!channel) throw notFound(id);
      return channel;
    },

    async create(input: CreateChannel): Promise<Channel> {
      const allowed_origins = normalizeOrigins(input.allowed_origins ?? []);
      return db.tx(async (tx) => {
        const channel = await channels.insert({ theme_color: '#1f6feb', default_currency: 'EUR', ...input, allowed_origins }, tx);
        if (!channel) throw new AppError('conflict', `A channel ${input.id} already exists`, { fields: [{ field: 'id', message: 'is taken' }] });
        await outbox.add(tx, channelEvent(EVENT_TYPES.channelCreated, channel));
        return channel;
      });
    },

    async update(id: string, changes: UpdateChannel): Promise<Channel> {
      const patch = changes.allowed_origins ? { ...changes, allowed_origins: normalizeOrigins(changes.allowed_origins) } : changes;
      return db.tx(async (tx) => {
        const channel = await channels.update(id, patch, tx);
        if (!channel) throw notFound(id);
        await outbox.add(tx, channelEvent(EVENT_TYPES.channelUpdated, channel));
        return channel;
      });
    },

    async remove(id: string): Promise<void> {
      assertMayDeleteChannel(id);
      await db.tx(async (tx) => {
        const channel = await channels.delete(id, tx);
        if (!channel) throw notFound(id);
        await outbox.add(tx, channelEvent(EVENT_TYPES.channelDeleted, channel));
      });
    },

    /** Makes a publishable key; the answer is the only place the key itself ever appears. */
    async createKey(channelId: string): Promise<CreatedChannelKey> {
      const key = newPublishableKey();
      return db.tx(async (tx) => {
        if (!(await channels.find(channelId, tx))) throw notFound(channelId);
        const created = await channels.insertKey(channelId, hashPublishableKey(key), visiblePrefix(key), tx);
        // 192 random bits never collide; a duplicate would mean a broken random source.
        if (!created) throw new Error('a new publishable key collided with an existing one');
        await outbox.add(tx, channelKeyEvent(EVENT_TYPES.channelKeyCreated, created));
        return { ...created, key };
      });
    },

    async revokeKey(channelId: string, keyId: string): Promise<void> {
      await db.tx(async (tx) => {
        const revoked = await channels.revokeKey(channelId, keyId, tx);
        if (!revoked) throw new AppError('not_found', `Channel ${channelId} has no live key ${keyId}`);
        await outbox.add(tx, channelKeyEvent(EVENT_TYPES.channelKeyRevoked, revoked));
      });
    },
  };
}

type StartDeps = { db: Db; channels: ChannelsStore; outbox: Outbox; log: KitLogger };

/**
 * Registers a publishable key given by configuration (WEB_CHANNEL_KEY, STOREFRONT_CHANNELS; npm start
 * keeps them in its data folder) as a key of the channel, unless it is registered already. A key an
 * admin revoked stays revoked: the start says so instead.
 */
export async function registerChannelKey(deps: StartDeps, channelId: string, key: string): Promise<void> {
  const { db, channels, outbox, log } = deps;
  if (!isPublishableKey(key)) throw new Error(`the key of the ${channelId} channel is not a publishable key (pk_ followed by at least 24 letters, digits, _ or -)`);
  const hash = hashPublishableKey(key);
  const known = await channels.keyByHash(hash);
  if (known?.revoked) log.warn({ channel: known.channel_id, prefix: known.prefix }, `the configured key of the ${channelId} channel was revoked: requests carrying it are refused`);
  if (known && known.channel_id !== channelId) log.warn({ channel: known.channel_id, prefix: known.prefix }, `the configured key of the ${channelId} channel belongs to the ${known.channel_id} channel`);
  if (known) return;
  await db.tx(async (tx) => {
    const created = await channels.insertKey(channelId, hash, visiblePrefix(key), tx);
    if (created) await outbox.add(tx, channelKeyEvent(EVENT_TYPES.channelKeyCreated, created));
  });
}

/**
 * Reads STOREFRONT_CHANNELS (a JSON array of StorefrontChannel), refusing at start what the channels
 * API would refuse, so a typo stops the start with its reason instead of serving a storefront without its channel.
 */
export function parseStorefrontChannels(value: string): StorefrontChannel[] {
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    throw new Error('STOREFRONT_CHANNELS is not JSON: expected [{"id","name","key",...}]');
  }
  const schema = Type.Array(StorefrontChannelSchema);
  const error = Value.Errors(schema, list).First();
  if (error) throw new Error(`STOREFRONT_CHANNELS${error.path}: ${error.message}`);
  return list as StorefrontChannel[];
}

/**
 * Makes sure of the storefronts' channels at start, each change a channel.* event the gateways follow, as
 * through the channels API: a missing channel is created, its storefront's origins are added to the
 * channel's, its key is registered. An existing channel keeps the name and colour an admin gave it.
 * Replicas starting together with the same list make each channel, origin, key and event once.
 */
export async function ensureStorefrontChannels(deps: StartDeps & { operations: Channels }, storefronts: StorefrontChannel[]): Promise<void> {
  const { db, channels, outbox, operations } = deps;
  for (const { key, ...wanted } of storefronts) {
    const origins = normalizeOrigins(wanted.allowed_origins ?? []);
    if (!(await channels.find(wanted.id))) {
      await operations.create({ ...wanted, allowed_origins: origins }).catch((error: unknown) => {
        // Another identity replica made it meanwhile: add to it like to any existing channel.
        if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      });
    }
    // One statement adds what is missing, so replicas starting together never add an origin twice.
    await db.tx(async (tx) => {
      const changed = await channels.addOrigins(wanted.id, origins, tx);
      if (changed) await outbox.add(tx, channelEvent(EVENT_TYPES.channelUpdated, changed));
    });
    await registerChannelKey(deps, wanted.id, key);
  }
}
