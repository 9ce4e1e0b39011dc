import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, bearerToken, createTokenVerifier, jwksUrlOf } from './auth.js';

let key: CryptoKey;
let jwk: JWK;
let otherKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  key = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  otherKey = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
});

const sign = (signer: CryptoKey, claims: Record<string, unknown> = { role: 'customer' }, exp: string | number = '15m') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: 'k1' }).setSubject('user-1').setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setIssuedAt().setExpirationTime(exp).sign(signer);

describe('token verifier', () => {
  it('accepts a valid token and returns the user', async () => {
    const verifier = createTokenVerifier({ jwks: { keys: [jwk] } });
    await expect(verifier.verify(await sign(key, { role: 'admin', email: 'a@b.c' }))).resolves.toMatchObject({ id: 'user-1', role: 'admin', email: 'a@b.c', exp: expect.any(Number) });
  });

  it('refuses expired, tampered, unsigned and foreign tokens', async () => {
    const verifier = createTokenVerifier({ jwks: { keys: [jwk] } });
    const expired = await sign(key, { role: 'customer' }, Math.floor(Date.now() / 1000) - 60);
    await expect(verifier.verify(expired)).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringContaining('expired') });

    const [header, payload, signature] = (await sign(key)).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' })).toString('base64url');
    await expect(verifier.verify(`${header}.${forgedPayload}.${signature}`)).rejects.toMatchObject({ code: 'unauthorized' });

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${payload}.`;
    await expect(verifier.verify(none)).rejects.toMatchObject({ code: 'unauthorized' });

    await expect(verifier.verify(await sign(otherKey))).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('parses only well-formed bearer headers', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(() => bearerToken('Basic dXNlcjpwYXNz')).toThrow(/Bearer/);
  });
});

describe('jwksUrlOf', () => {
  it('uses the first identity URL, keeping any path prefix', () => {
    expect(jwksUrlOf('http://a:4001/, http://b:4001')).toBe('http://a:4001/.well-known/jwks.json');
    expect(jwksUrlOf('https://id.example.com/identity/')).toBe('https://id.example.com/identity/.well-known/jwks.json');
    expect(() => jwksUrlOf(' , ')).toThrow(/IDENTITY_URLS/);
  });
});
