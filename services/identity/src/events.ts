import { EVENT_TYPES, type User, type UserEventData, type UserUpdatedEventData } from '@storefleet/contracts';

/** Every event identity publishes; it handles none. Payloads never carry a password or hash. */
export const PUBLISHED_EVENTS = [EVENT_TYPES.userRegistered, EVENT_TYPES.userUpdated, EVENT_TYPES.userDeleted] as const;

type OutboxEvent<T> = { type: string; subject: string; data: T };

export const userRegistered = (user: User): OutboxEvent<UserEventData> => ({ type: EVENT_TYPES.userRegistered, subject: user.id, data: user });

export const userUpdated = (user: User, changed: string[]): OutboxEvent<UserUpdatedEventData> => ({
  type: EVENT_TYPES.userUpdated,
  subject: user.id,
  data: { ...user, changed },
});

export const userDeleted = (user: User): OutboxEvent<UserEventData> => ({ type: EVENT_TYPES.userDeleted, subject: user.id, data: user });
