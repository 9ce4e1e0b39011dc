// Served by identity: `/internal/channels`, called by the gateway (at start and on each channel.* event)
// and by `npm start` (packages/system, writing its storefronts' config.json); `/internal/sessions/revocations`,
// called by every token verifier when it starts (the kit's followSessionRevocations, in the gateway and services).
import { Type, type Static } from '@sinclair/typebox';
import { SessionsRevokedEventDataSchema } from '../users.js';

/**
 * Each channel's origins and the SHA-256 (hex) of its live keys, so the gateway resolves `X-API-Key`
 * without the keys themselves; with each channel's name and theme colour for the storefronts' config.json.
 */
export const ChannelDirectorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      theme_color: Type.String(),
      allowed_origins: Type.Array(Type.String()),
      key_hashes: Type.Array(Type.String({ description: 'hex SHA-256 of a live publishable key' })),
    }),
  ),
});
export type ChannelDirectory = Static<typeof ChannelDirectorySchema>;

/** The revocations recent enough to matter (younger than the access-token lifetime), as user.sessions_revoked carries each. */
export const SessionRevocationListSchema = Type.Object({ items: Type.Array(SessionsRevokedEventDataSchema) });
export type SessionRevocationList = Static<typeof SessionRevocationListSchema>;
