import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ISSUED_AT_MS_CLAIM, TOKEN_AUDIENCE, TOKEN_ISSUER, bearerToken, createTokenVerifier, jwksUrlOf } from './auth.js';
import { applyRevocationEvent, createSessionRevocations, LONGEST_ACCESS_TOKEN_LIFETIME_MS } from './session-revocations.js';

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

  it('refuses the tokens issued before their user was revoked, cached ones too, by the millisecond', async () => {
    const revocations = createSessionRevocations();
    const verifier = createTokenVerifier({ jwks: { keys: [jwk] }, revocations });
    // One second, three moments: a token, the revocation 1 ms later, the next sign-in 1 ms after that.
    const second = Math.floor(Date.now() / 1000) * 1000;
    const before = await sign(key, { role: 'admin', [ISSUED_AT_MS_CLAIM]: second + 100 });
    const after = await sign(key, { role: 'customer', [ISSUED_AT_MS_CLAIM]: second + 102 });
    const secondsOnly = await sign(key, { role: 'customer' });
    await expect(verifier.verify(before)).resolves.toMatchObject({ role: 'admin', issuedAt: second + 100 });
    await expect(verifier.verify(secondsOnly)).resolves.toMatchObject({ issuedAt: second });

    applyRevocationEvent(revocations, { type: 'user.sessions_revoked', data: { user_id: 'user-1', not_before: new Date(second + 101).toISOString() } });

    await expect(verifier.verify(before)).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringContaining('revoked') });
    await expect(verifier.verify(after)).resolves.toMatchObject({ role: 'customer' });
    // Without the claim a token counts from the start of its `iat` second: refused rather than guessed.
    await expect(verifier.verify(secondsOnly)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('parses only well-formed bearer headers', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(() => bearerToken('Basic dXNlcjpwYXNz')).toThrow(/Bearer/);
  });
});

describe('session revocations', () => {
  it('keep the latest time per user, ignore malformed events, and forget what no live token can predate', () => {
    const revocations = createSessionRevocations();
    const now = Date.now();
    revocations.revoke('a', now);
    revocations.revoke('a', now - 1_000);
    expect(revocations.revoked('a', now - 500)).toBe(true);
    expect(revocations.revoked('a', now)).toBe(false);
    expect(revocations.revoked('b', 0)).toBe(false);
    expect(applyRevocationEvent(revocations, { type: 'user.sessions_revoked', data: { user_id: 'b', not_before: 'yesterday-ish' } })).toBe(false);
    expect(applyRevocationEvent(revocations, { type: 'user.updated', data: { user_id: 'b', not_before: new Date().toISOString() } })).toBe(false);
    expect(revocations.revoked('b', 0)).toBe(false);

    revocations.revoke('old', now - LONGEST_ACCESS_TOKEN_LIFETIME_MS - 1);
    revocations.revoke('new', now);
    expect(revocations.revoked('old', 0)).toBe(false);
    expect(revocations.revoked('new', now - 1)).toBe(true);
  });
});

describe('jwksUrlOf', () => {
  it('uses the first identity URL, keeping any path prefix', () => {
    expect(jwksUrlOf('http://a:4001/, http://b:4001')).toBe('http://a:4001/.well-known/jwks.json');
    expect(jwksUrlOf('https://id.example.com/identity/')).toBe('https://id.example.com/identity/.well-known/jwks.json');
    expect(() => jwksUrlOf(' , ')).toThrow(/IDENTITY_URLS/);
  });
});
