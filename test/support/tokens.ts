import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import pg from 'pg';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@storefleet/kit';

/** Signs a token with identity's real active key, read from its database: how tests make an expired but genuine token. */
export async function signWithIdentityKey(identityDatabaseUrl: string, claims: { sub: string; role: string; exp: number }): Promise<string> {
  const client = new pg.Client({ connectionString: identityDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ kid: string; private_pkcs8: string }>('SELECT kid, private_pkcs8 FROM signing_keys WHERE active');
    const key = rows[0];
    if (!key) throw new Error('identity has no active signing key');
    return await new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .setSubject(claims.sub)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(claims.exp - 900)
      .setExpirationTime(claims.exp)
      .sign(createPrivateKey(key.private_pkcs8));
  } finally {
    await client.end();
  }
}
