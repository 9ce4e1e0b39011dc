import type { Db, Queryable } from '@storefleet/kit';
import type { Channel, ChannelKey, CreateChannel, UpdateChannel } from '@storefleet/contracts';
import type { ChannelDirectory } from '@storefleet/contracts/internal';

interface ChannelRow {
  id: string;
  name: string;
  theme_color: string;
  default_currency: string;
  allowed_origins: string[];
  created_at: Date;
  updated_at: Date;
  keys: { id: string; channel_id: string; prefix: string; created_at: string }[];
}

interface KeyRow {
  id: string;
  channel_id: string;
  prefix: string;
  created_at: Date;
}

// Live keys as JSON, oldest first; their times already ISO strings (json_build_object of a timestamptz is not).
const SELECT_CHANNEL = `
  SELECT c.id, c.name, c.theme_color, c.default_currency, c.allowed_origins, c.created_at, c.updated_at,
         COALESCE((SELECT json_agg(json_build_object('id', k.id, 'channel_id', k.channel_id, 'prefix', k.prefix,
                                                     'created_at', to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                                   ORDER BY k.created_at, k.id)
                     FROM channel_keys k WHERE k.channel_id = c.id AND k.revoked_at IS NULL), '[]'::json) AS keys
    FROM channels c`;

function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    name: row.name,
    theme_color: row.theme_color,
    default_currency: row.default_currency,
    allowed_origins: row.allowed_origins,
    keys: row.keys,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const toKey = (row: KeyRow): ChannelKey => ({ id: row.id, channel_id: row.channel_id, prefix: row.prefix, created_at: row.created_at.toISOString() });

export type ChannelsStore = ReturnType<typeof createChannelsStore>;

export function createChannelsStore(db: Db) {
  async function find(id: string, q: Queryable = db): Promise<Channel | undefined> {
    const { rows } = await q.query<ChannelRow>(`${SELECT_CHANNEL} WHERE c.id = $1`, [id]);
    return rows[0] && toChannel(rows[0]);
  }

  return {
    find,

    async list(q: Queryable = db): Promise<Channel[]> {
      const { rows } = await q.query<ChannelRow>(`${SELECT_CHANNEL} ORDER BY c.created_at, c.id`);
      return rows.map(toChannel);
    },

    /** Inserts a channel; undefined when the slug is taken. */
    async insert(input: Required<CreateChannel>, q: Queryable = db): Promise<Channel | undefined> {
      const { rowCount } = await q.query(
        `INSERT INTO channels (id, name, theme_color, default_currency, allowed_origins) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING`,
        [input.id, input.name, input.theme_color, input.default_currency, input.allowed_origins],
      );
      return rowCount ? find(input.id, q) : undefined;
    },

    async update(id: string, changes: UpdateChannel, q: Queryable = db): Promise<Channel | undefined> {
      const { rowCount } = await q.query(
        `UPDATE channels SET name = COALESCE($2, name), theme_color = COALESCE($3, theme_color),
                default_currency = COALESCE($4, default_currency), allowed_origins = COALESCE($5, allowed_origins), updated_at = now()
          WHERE id = $1`,
        [id, changes.name ?? null, changes.theme_color ?? null, changes.default_currency ?? null, changes.allowed_origins ?? null],
      );
      return rowCount ? find(id, q) : undefined;
    },

    /**
     * Appends the origins the channel does not allow yet, in one statement: replicas starting together with
     * the same origins take turns on the row, and the later one finds nothing missing. Answers the channel
     * when it changed, undefined when nothing was missing (or there is no such channel).
     */
    async addOrigins(id: string, origins: string[], q: Queryable = db): Promise<Channel | undefined> {
      const { rowCount } = await q.query(
        `UPDATE channels
            SET allowed_origins = allowed_origins || ARRAY(SELECT o FROM unnest($2::text[]) WITH ORDINALITY AS t(o, n)
                                                            WHERE o <> ALL (allowed_origins) ORDER BY n),
                updated_at = now()
          WHERE id = $1 AND NOT ($2::text[] <@ allowed_origins)`,
        [id, origins],
      );
      return rowCount ? find(id, q) : undefined;
    },

    /** Deletes a channel and its keys; answers it as it was, or undefined when there was none. */
    async delete(id: string, q: Queryable = db): Promise<Channel | undefined> {
      const channel = await find(id, q);
      if (channel) await q.query('DELETE FROM channels WHERE id = $1', [id]);
      return channel;
    },

    /** Registers a key by its hash; undefined when that hash was ever registered (a revoked key stays revoked). */
    async insertKey(channelId: string, keyHash: Buffer, prefix: string, q: Queryable = db): Promise<ChannelKey | undefined> {
      const { rows } = await q.query<KeyRow>(
        `INSERT INTO channel_keys (channel_id, key_hash, prefix) VALUES ($1, $2, $3)
         ON CONFLICT (key_hash) DO NOTHING RETURNING id, channel_id, prefix, created_at`,
        [channelId, keyHash, prefix],
      );
      return rows[0] && toKey(rows[0]);
    },

    /** The key with this hash, and whether it is revoked. */
    async keyByHash(keyHash: Buffer, q: Queryable = db): Promise<(ChannelKey & { revoked: boolean }) | undefined> {
      const { rows } = await q.query<KeyRow & { revoked: boolean }>(
        'SELECT id, channel_id, prefix, created_at, revoked_at IS NOT NULL AS revoked FROM channel_keys WHERE key_hash = $1',
        [keyHash],
      );
      return rows[0] && { ...toKey(rows[0]), revoked: rows[0].revoked };
    },

    /** Revokes a live key of the channel; undefined when it has none by that id. */
    async revokeKey(channelId: string, keyId: string, q: Queryable = db): Promise<ChannelKey | undefined> {
      const { rows } = await q.query<KeyRow>(
        `UPDATE channel_keys SET revoked_at = now() WHERE id = $1 AND channel_id = $2 AND revoked_at IS NULL
         RETURNING id, channel_id, prefix, created_at`,
        [keyId, channelId],
      );
      return rows[0] && toKey(rows[0]);
    },

    /** What the gateway resolves keys and CORS origins from: live key hashes only. */
    async directory(q: Queryable = db): Promise<ChannelDirectory> {
      const { rows } = await q.query<ChannelDirectory['items'][number]>(
        `SELECT c.id, c.name, c.theme_color, c.allowed_origins,
                COALESCE(array_agg(encode(k.key_hash, 'hex') ORDER BY k.created_at) FILTER (WHERE k.id IS NOT NULL), '{}') AS key_hashes
           FROM channels c LEFT JOIN channel_keys k ON k.channel_id = c.id AND k.revoked_at IS NULL
          GROUP BY c.id ORDER BY c.id`,
      );
      return { items: rows };
    },
  };
}
