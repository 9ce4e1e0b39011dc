import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, createTokenVerifier, type TokenVerifier } from '@storefleet/kit';

export interface TestUser {
  id: string;
  email: string;
  headers: Record<string, string>;
}

/**
 * A key pair made for one test file: a verifier a service under test trusts, and signed access
 * tokens as identity would issue them.
 * @example const keys = await createTestKeys(); const admin = await keys.user('admin')
 */
export async function createTestKeys(): Promise<{ verifier: TokenVerifier; user(role: 'admin' | 'customer', id?: string): Promise<TestUser> }> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' };
  return {
    verifier: createTokenVerifier({ jwks: { keys: [jwk] } }),
    async user(role, id = randomUUID()) {
      const email = `${role}-${id.slice(0, 8)}@example.com`;
      const token = await new SignJWT({ role, email })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
        .setSubject(id)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(privateKey);
      return { id, email, headers: { authorization: `Bearer ${token}` } };
    },
  };
}
