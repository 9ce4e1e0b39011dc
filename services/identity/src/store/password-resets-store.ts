import type { Db, Queryable } from '@storefleet/kit';

/** The account a valid (unused, unexpired) reset token belongs to, while that account is active. */
export interface ResetTarget {
  user_id: string;
  email: string;
}

/**
 * Password-reset tokens, by their hash.
 * @example const resets = createPasswordResetsStore(db); await resets.insert(hash, userId, expiresAt, tx)
 */
export function createPasswordResetsStore(db: Db) {
  return {
    async insert(tokenHash: Buffer, userId: string, expiresAt: Date, q: Queryable = db): Promise<void> {
      await q.query('INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, userId, expiresAt]);
    },

    async findValid(tokenHash: Buffer, q: Queryable = db): Promise<ResetTarget | undefined> {
      const { rows } = await q.query<ResetTarget>(
        `SELECT r.user_id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id
          WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now() AND u.active`,
        [tokenHash],
      );
      return rows[0];
    },

    /**
     * Uses the token up, answering its user, or undefined when it is not valid (any more): the row lock
     * of the UPDATE makes two concurrent resets with one token succeed once.
     */
    async use(tokenHash: Buffer, q: Queryable = db): Promise<string | undefined> {
      const { rows } = await q.query<{ user_id: string }>(
        `UPDATE password_resets r SET used_at = now() FROM users u
          WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now() AND u.id = r.user_id AND u.active
          RETURNING r.user_id`,
        [tokenHash],
      );
      return rows[0]?.user_id;
    },

    /** Uses up every other token of the user: after a reset, older links are worthless. */
    async useAllOf(userId: string, q: Queryable = db): Promise<void> {
      await q.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [userId]);
    },
  };
}

export type PasswordResetsStore = ReturnType<typeof createPasswordResetsStore>;
