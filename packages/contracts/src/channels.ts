// Channels (storefronts) and their publishable keys, owned by identity; channel.* events.
import { Type, type Static } from '@sinclair/typebox';

/** A channel's slug: what orders record and the gateway stamps as `X-Channel`. */
export const CHANNEL_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
/** The channel of a request without a publishable key. */
export const DEFAULT_CHANNEL = 'web';
/** Every publishable key starts with this, so one pasted where a secret belongs is recognised. */
export const PUBLISHABLE_KEY_PREFIX = 'pk_';
/** A browser origin: scheme, host and optional port, nothing after (checked again by parsing, in identity). */
export const ORIGIN_PATTERN = '^https?://[^/?#\\s]+$';

const ChannelIdSchema = Type.String({ pattern: CHANNEL_PATTERN, description: 'slug: a lower-case letter or digit, then up to 63 letters, digits or `-`' });
const ChannelNameSchema = Type.String({ minLength: 1, maxLength: 100 });
const ThemeColorSchema = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: '#rrggbb' });
const CurrencySchema = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' });
const OriginsSchema = Type.Array(Type.String({ pattern: ORIGIN_PATTERN, maxLength: 253, description: 'an origin, e.g. https://shop.example.com' }), {
  maxItems: 50,
  description: 'browser origins allowed by the gateway\'s CORS for this storefront',
});

/** A publishable key as listed: never the key itself, only its first characters. */
export const ChannelKeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  channel_id: Type.String(),
  prefix: Type.String({ description: 'the first characters of the key, to tell keys apart' }),
  created_at: Type.String({ format: 'date-time' }),
});
export type ChannelKey = Static<typeof ChannelKeySchema>;

/** A new publishable key: the only answer that shows `key` in full. */
export const CreatedChannelKeySchema = Type.Composite([
  ChannelKeySchema,
  Type.Object({ key: Type.String({ description: `the publishable key (${PUBLISHABLE_KEY_PREFIX}…), shown only this once; send it as X-API-Key` }) }),
]);
export type CreatedChannelKey = Static<typeof CreatedChannelKeySchema>;

export const ChannelSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  theme_color: Type.String(),
  default_currency: Type.String(),
  allowed_origins: Type.Array(Type.String()),
  keys: Type.Array(ChannelKeySchema, { description: 'its live publishable keys' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type Channel = Static<typeof ChannelSchema>;

export const ChannelListSchema = Type.Object({ items: Type.Array(ChannelSchema) });
export type ChannelList = Static<typeof ChannelListSchema>;

/** Body of `POST /channels`. */
export const CreateChannelSchema = Type.Object(
  {
    id: ChannelIdSchema,
    name: ChannelNameSchema,
    theme_color: Type.Optional(ThemeColorSchema),
    default_currency: Type.Optional(CurrencySchema),
    allowed_origins: Type.Optional(OriginsSchema),
  },
  { additionalProperties: false },
);
export type CreateChannel = Static<typeof CreateChannelSchema>;

/** Body of `PATCH /channels/:id`; the slug never changes (orders record it). */
export const UpdateChannelSchema = Type.Object(
  {
    name: Type.Optional(ChannelNameSchema),
    theme_color: Type.Optional(ThemeColorSchema),
    default_currency: Type.Optional(CurrencySchema),
    allowed_origins: Type.Optional(OriginsSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateChannel = Static<typeof UpdateChannelSchema>;

export const ChannelParamsSchema = Type.Object({ id: ChannelIdSchema });
export const ChannelKeyParamsSchema = Type.Object({ id: ChannelIdSchema, key_id: Type.String({ format: 'uuid' }) });

/** Data of `channel.created`, `channel.updated` and `channel.deleted`: the channel (as it was, for deleted). */
export const ChannelEventDataSchema = ChannelSchema;
export type ChannelEventData = Static<typeof ChannelEventDataSchema>;

/** Data of `channel.key_created` and `channel.key_revoked`: the key as listed (never the key itself). */
export const ChannelKeyEventDataSchema = ChannelKeySchema;
export type ChannelKeyEventData = Static<typeof ChannelKeyEventDataSchema>;

/**
 * A storefront channel that identity makes sure of at start (`STOREFRONT_CHANNELS`, which `npm start` sets):
 * the channel is created unless it exists (an existing one keeps its name and colour), its origins are
 * added to its `allowed_origins`, and its publishable key is registered unless known.
 */
export const StorefrontChannelSchema = Type.Object(
  {
    id: ChannelIdSchema,
    name: ChannelNameSchema,
    theme_color: Type.Optional(ThemeColorSchema),
    allowed_origins: Type.Optional(OriginsSchema),
    key: Type.String({ pattern: '^pk_[A-Za-z0-9_-]{24,128}$', description: `a publishable key (${PUBLISHABLE_KEY_PREFIX}…)` }),
  },
  { additionalProperties: false },
);
export type StorefrontChannel = Static<typeof StorefrontChannelSchema>;
