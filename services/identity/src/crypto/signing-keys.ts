import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import type { SigningKeysStore } from '../store/signing-keys-store.js';

export interface SigningKeys {
  /** Makes sure an active key exists (creating it on first start) and loads it. */
  init(): Promise<void>;
  /** The key tokens are signed with now. */
  current(): { kid: string; privateKey: KeyObject };
  /** The public key set, as published at /.well-known/jwks.json. */
  publicJwks(): Promise<JSONWebKeySet>;
}

/** Only the public members of an Ed25519 JWK, labelled for EdDSA signatures. */
export function publicJwkOf(jwk: JWK, kid: string): JWK {
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
}

async function generate() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, public_jwk: publicJwkOf(jwk, kid), private_pkcs8: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

/**
 * Ed25519 signing keys kept in the service's database. The first replica to start creates the
 * key; replicas starting at the same moment all read back the one that won the insert.
 */
export function createSigningKeys(store: SigningKeysStore, options: { cacheMs?: number } = {}): SigningKeys {
  const cacheMs = options.cacheMs ?? 60_000;
  let active: { kid: string; privateKey: KeyObject } | undefined;
  let jwks: { value: JSONWebKeySet; at: number } | undefined;

  async function loadPublic(): Promise<JSONWebKeySet> {
    const keys = await store.publicKeys();
    return { keys: keys.map((k) => publicJwkOf(k.public_jwk, k.kid)) };
  }

  return {
    async init() {
      let stored = await store.findActive();
      if (!stored) {
        await store.insertIfNoActive(await generate());
        stored = await store.findActive();
      }
      if (!stored) throw new Error('no active signing key after creating one');
      active = { kid: stored.kid, privateKey: createPrivateKey(stored.private_pkcs8) };
      jwks = { value: await loadPublic(), at: Date.now() };
    },
    current() {
      if (!active) throw new Error('signing keys are not loaded: call init() first');
      return active;
    },
    async publicJwks() {
      if (!jwks || Date.now() - jwks.at > cacheMs) jwks = { value: await loadPublic(), at: Date.now() };
      return jwks.value;
    },
  };
}
