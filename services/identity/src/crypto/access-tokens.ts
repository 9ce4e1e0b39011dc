import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ISSUED_AT_MS_CLAIM, TOKEN_AUDIENCE, TOKEN_ISSUER, type AuthUser } from '@storefleet/kit';
import type { SigningKeys } from './signing-keys.js';

export interface AccessTokenIssuer {
  readonly ttlSeconds: number;
  issue(user: Required<AuthUser>): Promise<string>;
}

/** Signs short-lived EdDSA access tokens with the active key, naming it in the `kid` header, stamped to the millisecond. */
export function createAccessTokenIssuer(keys: SigningKeys, ttlSeconds: number): AccessTokenIssuer {
  return {
    ttlSeconds,
    async issue(user) {
      const { kid, privateKey } = keys.current();
      const issuedAt = Date.now();
      const now = Math.floor(issuedAt / 1000);
      // The issue time in ms tells this token from one revoked in the same second (see ISSUED_AT_MS_CLAIM).
      return new SignJWT({ role: user.role, email: user.email, [ISSUED_AT_MS_CLAIM]: issuedAt })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid })
        .setSubject(user.id)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}
