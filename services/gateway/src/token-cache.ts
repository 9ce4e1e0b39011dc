import { bearerToken, revokedTokenError, type AuthUser, type SessionRevocations, type TokenVerifier } from '@storefleet/kit';

/** A verified token as the edge remembers it. */
export interface VerifiedToken {
  user: AuthUser;
  /** Expiry as a `Date.now()` time. */
  expiresAt: number;
  /** Issue time (ms, identity's clock), checked against the user's revocations on every use. */
  issuedAt: number;
  /** The per-user rate-limit key, built once. */
  rateKey: string;
}

export interface TokenCache {
  /** The verified token for an Authorization header value, if it is cached, unexpired and unrevoked: no promise, no allocation. */
  lookup(authorization: string, now: number): VerifiedToken | undefined;
  /** Verifies (once for concurrent callers) and caches; rejects with AppError('unauthorized'|'unavailable'). */
  verify(authorization: string): Promise<VerifiedToken>;
}

/**
 * The gateway's own front cache over a kit verifier, keyed by the whole Authorization header:
 * a Map lookup, an expiry check and a revocation check per request; the oldest entry goes when it is full.
 * A revoked entry is dropped, so the verifier answers the request with its 401.
 */
export function createTokenCache(verifier: TokenVerifier, maxEntries: number, revocations: SessionRevocations): TokenCache {
  const verified = new Map<string, VerifiedToken>();
  const pending = new Map<string, Promise<VerifiedToken>>();

  async function verifyOnce(authorization: string): Promise<VerifiedToken> {
    const token = bearerToken(authorization)!;
    const { exp, issuedAt, ...user } = await verifier.verify(token);
    // The verifier may keep no list of its own (a test's); this one is the gateway's.
    if (revocations.revoked(user.id, issuedAt)) throw revokedTokenError();
    const entry: VerifiedToken = { user, expiresAt: exp * 1000, issuedAt, rateKey: `user:${user.id}` };
    if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
    verified.set(authorization, entry);
    return entry;
  }

  return {
    lookup(authorization, now) {
      const entry = verified.get(authorization);
      if (entry === undefined) return undefined;
      if (entry.expiresAt > now && !revocations.revoked(entry.user.id, entry.issuedAt)) return entry;
      verified.delete(authorization);
      return undefined;
    },
    verify(authorization) {
      let promise = pending.get(authorization);
      if (promise === undefined) {
        promise = verifyOnce(authorization).finally(() => pending.delete(authorization));
        pending.set(authorization, promise);
      }
      return promise;
    },
  };
}
