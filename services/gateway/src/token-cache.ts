import { bearerToken, type AuthUser, type TokenVerifier } from '@storefleet/kit';

/** A verified token as the edge remembers it. */
export interface VerifiedToken {
  user: AuthUser;
  /** Expiry as a `Date.now()` time. */
  expiresAt: number;
  /** The per-user rate-limit key, built once. */
  rateKey: string;
}

export interface TokenCache {
  /** The verified token for an Authorization header value, if it is cached and unexpired: no promise, no allocation. */
  lookup(authorization: string, now: number): VerifiedToken | undefined;
  /** Verifies (once for concurrent callers) and caches; rejects with AppError('unauthorized'|'unavailable'). */
  verify(authorization: string): Promise<VerifiedToken>;
}

/**
 * The gateway's own front cache over a kit verifier, keyed by the whole Authorization header:
 * a Map lookup and an expiry check per request; the oldest entry goes when it is full.
 */
export function createTokenCache(verifier: TokenVerifier, maxEntries: number): TokenCache {
  const verified = new Map<string, VerifiedToken>();
  const pending = new Map<string, Promise<VerifiedToken>>();

  async function verifyOnce(authorization: string): Promise<VerifiedToken> {
    const token = bearerToken(authorization)!;
    const { exp, ...user } = await verifier.verify(token);
    const entry: VerifiedToken = { user, expiresAt: exp * 1000, rateKey: `user:${user.id}` };
    if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
    verified.set(authorization, entry);
    return entry;
  }

  return {
    lookup(authorization, now) {
      const entry = verified.get(authorization);
      if (entry === undefined) return undefined;
      if (entry.expiresAt > now) return entry;
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
