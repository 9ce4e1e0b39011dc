import type { Db, Queryable } from '@storefleet/kit';
import type { Role } from '@storefleet/contracts';
import type { RefreshTokenState } from '../domain/refresh.js';

/** A presented refresh token as the server knows it, with the account it signs in. */
export interface StoredRefreshToken extends RefreshTokenState {
  family_id: string;
  user_id: string;
  email: string;
  role: Role;
}

/** Refresh-token families (one per sign-in) and their tokens, stored by SHA-256 only. */
export function createSessionsStore(db: Db) {
  return {
    async createFamily(userId: string, q: Queryable = db): Promise<string> {
      const { rows } = await q.query<{ id: string }>('INSERT INTO refresh_families (user_id) VALUES ($1) RETURNING id', [userId]);
      return rows[0]!.id;
    },

    async addToken(input: { token_hash: Buffer; family_id: string; expires_at: Date }, q: Queryable = db): Promise<void> {
      await q.query('INSERT INTO refresh_tokens (token_hash, family_id, expires_at) VALUES ($1, $2, $3)', [
        input.token_hash, input.family_id, input.expires_at,
      ]);
    },

    /** Finds and locks a token and its family, so two exchanges of one token run one after the other. */
    async findForRefresh(tokenHash: Buffer, q: Queryable): Promise<StoredRefreshToken | undefined> {
      const { rows } = await q.query<StoredRefreshToken>(
        `SELECT t.family_id, t.expires_at, t.rotated_at, f.revoked_at AS family_revoked_at,
                f.user_id, u.email, u.role, u.active AS user_active
           FROM refresh_tokens t
           JOIN refresh_families f ON f.id = t.family_id
           JOIN users u ON u.id = f.user_id
          WHERE t.token_hash = $1
          FOR UPDATE OF t, f`,
        [tokenHash],
      );
      return rows[0];
    },

    async markRotated(tokenHash: Buffer, q: Queryable = db): Promise<void> {
      await q.query('UPDATE refresh_tokens SET rotated_at = now() WHERE token_hash = $1', [tokenHash]);
    },

    async revokeFamily(familyId: string, reason: string, q: Queryable = db): Promise<void> {
      await q.query('UPDATE refresh_families SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL', [familyId, reason]);
    },

    /** Revokes the family a token belongs to; returns its user, undefined when the token is unknown or its family already revoked. */
    async revokeFamilyOfToken(tokenHash: Buffer, reason: string, q: Queryable = db): Promise<string | undefined> {
      const { rows } = await q.query<{ user_id: string }>(
        `UPDATE refresh_families f SET revoked_at = now(), revoked_reason = $2
           FROM refresh_tokens t WHERE t.token_hash = $1 AND f.id = t.family_id AND f.revoked_at IS NULL
         RETURNING f.user_id`,
        [tokenHash, reason],
      );
      return rows[0]?.user_id;
    },

    /** Ends every sign-in of a user (password change, deactivation, deletion). */
    async revokeAllForUser(userId: string, reason: string, except: string | undefined, q: Queryable = db): Promise<void> {
      await q.query(
        `UPDATE refresh_families SET revoked_at = now(), revoked_reason = $2
          WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
        [userId, reason, except ?? null],
      );
    },
  };
}

export type SessionsStore = ReturnType<typeof createSessionsStore>;
