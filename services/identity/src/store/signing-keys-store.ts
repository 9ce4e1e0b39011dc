import type { Db, Queryable } from '@storefleet/kit';
import type { JWK } from 'jose';

export interface StoredSigningKey {
  kid: string;
  public_jwk: JWK;
  private_pkcs8: string;
}

/** The token signing keys; the private half never leaves this store except to sign. */
export function createSigningKeysStore(db: Db) {
  return {
    async findActive(q: Queryable = db): Promise<StoredSigningKey | undefined> {
      const { rows } = await q.query<StoredSigningKey>('SELECT kid, public_jwk, private_pkcs8 FROM signing_keys WHERE active');
      return rows[0];
    },

    /** Inserts the key unless another replica already made an active one (the unique index decides). */
    async insertIfNoActive(key: StoredSigningKey, q: Queryable = db): Promise<void> {
      await q.query('INSERT INTO signing_keys (kid, public_jwk, private_pkcs8, active) VALUES ($1, $2, $3, true) ON CONFLICT DO NOTHING', [
        key.kid, JSON.stringify(key.public_jwk), key.private_pkcs8,
      ]);
    },

    /** Public halves of every key still published, so tokens signed before a rotation keep verifying. */
    async publicKeys(q: Queryable = db): Promise<{ kid: string; public_jwk: JWK }[]> {
      const { rows } = await q.query<{ kid: string; public_jwk: JWK }>('SELECT kid, public_jwk FROM signing_keys ORDER BY active DESC, created_at DESC');
      return rows;
    },
  };
}

export type SigningKeysStore = ReturnType<typeof createSigningKeysStore>;
