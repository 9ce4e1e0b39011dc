import { EVENT_TYPES, type SessionsRevokedEventData, type User, type UserEventData, type UserUpdatedEventData } from '@storefleet/contracts';

/**
 * Every event identity publishes. Payloads never carry a password or hash. It handles only its own
 * `user.sessions_revoked`, as every token verifier does (kit followSessionRevocations).
 */
export const PUBLISHED_EVENTS = [EVENT_TYPES.userRegistered, EVENT_TYPES.userUpdated, EVENT_TYPES.userDeleted, EVENT_TYPES.userSessionsRevoked] as const;


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
