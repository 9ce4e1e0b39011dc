import type { Outbox, Queryable } from '@storefleet/kit';
import { sessionsRevoked } from '../events.js';
import type { UsersStore } from '../store/users-store.js';

/**
 * Refuses every access token the user holds now, inside the caller's transaction: kept on the
 * account (for verifiers that start later) and announced as `user.sessions_revoked` (for those
 * running). The time is this process's clock, the one that stamps tokens, so a token issued
 * after it (the next sign-in) is accepted.
 */
export function createAccessTokenRevoker(deps: { users: UsersStore; outbox: Outbox }) {
  return async function revokeAccessTokens(userId: string, tx: Queryable): Promise<void> {
    const notBefore = new Date();
    await deps.users.setSessionsNotBefore(userId, notBefore, tx);
    await deps.outbox.add(tx, sessionsRevoked(userId, notBefore));
  };
}

export type RevokeAccessTokens = ReturnType<typeof createAccessTokenRevoker>;
