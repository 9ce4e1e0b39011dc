import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type AuthUser } from '@storefleet/kit';
import type { SigningKeys } from './signing-keys.js';

export interface AccessTokenIssuer {
  readonly ttlSeconds: number;
  issue(user: Required<AuthUser>): Promise<string>;
}

/** Signs short-lived EdDSA access tokens with the active key, naming it in the `kid` header. */
export function createAccessTokenIssuer(keys: SigningKeys, ttlSeconds: number): AccessTokenIssuer {
  return {
    ttlSeconds,
    async issue(user) {
      const { kid, privateKey } = keys.current();
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ role: user.role, email: user.email })
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
