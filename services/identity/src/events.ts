import type { OutboxEvent } from '@storefleet/kit';
import { EVENT_TYPES, type Channel, type ChannelKey, type User } from '@storefleet/contracts';

/**
 * Every event identity publishes. Payloads never carry a password or hash (the one secret in an event is
 * the raw reset token of user.password_reset_requested, which notifications mails). It handles only its own
 * `user.sessions_revoked`, as every token verifier does (kit followSessionRevocations).
 */
export const PUBLISHED_EVENTS = [
  EVENT_TYPES.userRegistered, EVENT_TYPES.userUpdated, EVENT_TYPES.userDeleted, EVENT_TYPES.userSessionsRevoked, EVENT_TYPES.userPasswordResetRequested,
  EVENT_TYPES.channelCreated, EVENT_TYPES.channelUpdated, EVENT_TYPES.channelDeleted, EVENT_TYPES.channelKeyCreated, EVENT_TYPES.channelKeyRevoked,
] as const;

/** An identity event of `type`; its subject the user id (or the channel id for channel.*). */
type IdentityEvent<T extends (typeof PUBLISHED_EVENTS)[number]> = OutboxEvent & { type: T; subject: string };

export const userRegistered = (user: User): IdentityEvent<'user.registered'> => ({ type: EVENT_TYPES.userRegistered, subject: user.id, data: user });

export const userUpdated = (user: User, changed: string[]): IdentityEvent<'user.updated'> => ({
  type: EVENT_TYPES.userUpdated,
  subject: user.id,
  data: { ...user, changed },
});

export const userDeleted = (user: User): IdentityEvent<'user.deleted'> => ({ type: EVENT_TYPES.userDeleted, subject: user.id, data: user });

/** Every access token of the user issued before `notBefore` is refused by the gateway and every service. */
export const sessionsRevoked = (userId: string, notBefore: Date): IdentityEvent<'user.sessions_revoked'> => ({
  type: EVENT_TYPES.userSessionsRevoked,
  subject: userId,
  data: { user_id: userId, not_before: notBefore.toISOString() },
});

/**
 * Someone asked to reset the password of `user`: the raw token rides in the event because notifications
 * mails it as a link; identity keeps only its hash.
 */
export const passwordResetRequested = (user: User, token: string, expiresAt: Date): IdentityEvent<'user.password_reset_requested'> => ({
  type: EVENT_TYPES.userPasswordResetRequested,
  subject: user.id,
  data: { user_id: user.id, email: user.email, first_name: user.first_name, token, expires_at: expiresAt.toISOString() },
});

type ChannelEventType = typeof EVENT_TYPES.channelCreated | typeof EVENT_TYPES.channelUpdated | typeof EVENT_TYPES.channelDeleted;
type ChannelKeyEventType = typeof EVENT_TYPES.channelKeyCreated | typeof EVENT_TYPES.channelKeyRevoked;

/** A channel was created, changed or deleted (data: the channel, as it was for a deletion); the gateway reloads its directory. */
export const channelEvent = (type: ChannelEventType, channel: Channel): IdentityEvent<ChannelEventType> => ({ type, subject: channel.id, data: channel }) as IdentityEvent<ChannelEventType>;

/** A publishable key was made or revoked (data: the key as listed, never the key); the gateway reloads its directory. */
export const channelKeyEvent = (type: ChannelKeyEventType, key: ChannelKey): IdentityEvent<ChannelKeyEventType> => ({ type, subject: key.channel_id, data: key }) as IdentityEvent<ChannelKeyEventType>;
