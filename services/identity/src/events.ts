import { EVENT_TYPES, type Channel, type ChannelEventData, type ChannelKey, type ChannelKeyEventData, type SessionsRevokedEventData, type User, type UserEventData, type UserUpdatedEventData } from '@storefleet/contracts';

/**
 * Every event identity publishes. Payloads never carry a password or hash. It handles only its own
 * `user.sessions_revoked`, as every token verifier does (kit followSessionRevocations).
 */
export const PUBLISHED_EVENTS = [
  EVENT_TYPES.userRegistered, EVENT_TYPES.userUpdated, EVENT_TYPES.userDeleted, EVENT_TYPES.userSessionsRevoked,
  EVENT_TYPES.channelCreated, EVENT_TYPES.channelUpdated, EVENT_TYPES.channelDeleted, EVENT_TYPES.channelKeyCreated, EVENT_TYPES.channelKeyRevoked,
] as const;

type OutboxEvent<T> = { type: string; subject: string; data: T };

export const userRegistered = (user: User): OutboxEvent<UserEventData> => ({ type: EVENT_TYPES.userRegistered, subject: user.id, data: user });

export const userUpdated = (user: User, changed: string[]): OutboxEvent<UserUpdatedEventData> => ({
  type: EVENT_TYPES.userUpdated,
  subject: user.id,
  data: { ...user, changed },
});

export const userDeleted = (user: User): OutboxEvent<UserEventData> => ({ type: EVENT_TYPES.userDeleted, subject: user.id, data: user });

/** Every access token of the user issued before `notBefore` is refused by the gateway and every service. */
export const sessionsRevoked = (userId: string, notBefore: Date): OutboxEvent<SessionsRevokedEventData> => ({
  type: EVENT_TYPES.userSessionsRevoked,
  subject: userId,
  data: { user_id: userId, not_before: notBefore.toISOString() },
});

type ChannelEventType = typeof EVENT_TYPES.channelCreated | typeof EVENT_TYPES.channelUpdated | typeof EVENT_TYPES.channelDeleted;
type ChannelKeyEventType = typeof EVENT_TYPES.channelKeyCreated | typeof EVENT_TYPES.channelKeyRevoked;

/** A channel was created, changed or deleted (data: the channel, as it was for a deletion); the gateway reloads its directory. */
export const channelEvent = (type: ChannelEventType, channel: Channel): OutboxEvent<ChannelEventData> => ({ type, subject: channel.id, data: channel });

/** A publishable key was made or revoked (data: the key as listed, never the key); the gateway reloads its directory. */
export const channelKeyEvent = (type: ChannelKeyEventType, key: ChannelKey): OutboxEvent<ChannelKeyEventData> => ({ type, subject: key.channel_id, data: key });
