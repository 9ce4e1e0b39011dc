import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@storefleet/kit';
import { bearer, signedInCustomer, startIdentity, type Identity } from './helpers.js';

let identity: Identity;
let customer: Awaited<ReturnType<typeof signedInCustomer>>;
beforeAll(async () => {
  identity = await startIdentity();
  customer = await signedInCustomer(identity.app);
});
afterAll(async () => identity?.close());

const me = (authorization?: string) => identity.app.inject({ url: '/me', headers: authorization ? { authorization } : {} });

async function storedKey() {
  const { rows } = await identity.db.query<{ kid: string; private_pkcs8: string }>('SELECT kid, private_pkcs8 FROM signing_keys WHERE active');
  return { kid: rows[0]!.kid, key: createPrivateKey(rows[0]!.private_pkcs8) };
}

function sign(claims: { exp: number; sub?: string; role?: string }, key: ReturnType<typeof createPrivateKey>, kid: string) {
  return new SignJWT({ role: claims.role ?? 'customer', email: customer.user.email })
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setSubject(claims.sub ?? customer.user.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(claims.exp - 900)
    .setExpirationTime(claims.exp)
    .sign(key);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('JWKS', () => {
  it('publishes the public key only, ready for EdDSA verification', async () => {
    const res = await identity.app.inject({ url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    const { keys } = res.json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
    expect(res.body).not.toContain('PRIVATE');
    expect(res.headers['cache-control']).toContain('max-age');
  });

  it('verifies the access tokens identity issues, whose header names the key', async () => {
    const jwks = (await identity.app.inject({ url: '/.well-known/jwks.json' })).json();
    const header = decodeProtectedHeader(customer.tokens.access_token);
    expect(header).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0].kid });
    const { payload } = await jwtVerify(customer.tokens.access_token, createLocalJWKSet(jwks), { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    expect(payload).toMatchObject({ sub: customer.user.id, role: 'customer', email: customer.user.email });
    expect(payload.exp! - payload.iat!).toBe(900);
  });
});

describe('access tokens are refused when', () => {
  it('absent or not a bearer token', async () => {
    expect((await me()).statusCode).toBe(401);
    expect((await me(`Basic ${Buffer.from('a:b').toString('base64')}`)).statusCode).toBe(401);
    expect((await me('Bearer not.a.jwt')).statusCode).toBe(401);
  });

  it('expired, even when signed with the real key', async () => {
    const { key, kid } = await storedKey();
    const stillValid = await sign({ exp: nowSeconds() + 60 }, key, kid);
    expect((await me(`Bearer ${stillValid}`)).statusCode).toBe(200);
    const expired = await sign({ exp: nowSeconds() - 60 }, key, kid);
    const res = await me(`Bearer ${expired}`);
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/expired/);
  });

  it('tampered with: a customer rewriting the role to admin', async () => {
    const [header, payload, signature] = customer.tokens.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${b64({ ...claims, role: 'admin' })}.${signature}`;
    expect((await identity.app.inject({ url: '/', headers: bearer(forged) })).statusCode).toBe(401);
    expect((await me(`Bearer ${forged}`)).statusCode).toBe(401);
  });

  it('unsigned (alg none)', async () => {
    const claims = decodeJwt(customer.tokens.access_token);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, role: 'admin' })}.`;
    expect((await me(`Bearer ${unsigned}`)).statusCode).toBe(401);
    expect((await identity.app.inject({ url: '/', headers: bearer(unsigned) })).statusCode).toBe(401);
  });

  it('signed by another Ed25519 key, even one claiming the real kid', async () => {
    const { kid } = await storedKey();
    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect((await me(`Bearer ${await sign({ exp: nowSeconds() + 600 }, stranger, kid)}`)).statusCode).toBe(401);
    expect((await me(`Bearer ${await sign({ exp: nowSeconds() + 600 }, stranger, 'other-kid')}`)).statusCode).toBe(401);
  });

  it('naming a user who does not exist', async () => {
    const { key, kid } = await storedKey();
    const ghost = await sign({ exp: nowSeconds() + 600, sub: '00000000-0000-4000-8000-000000000000' }, key, kid);
    expect((await me(`Bearer ${ghost}`)).statusCode).toBe(401);
  });
});
