import { AppError, type Db, type Outbox } from '@storefleet/kit';
import type { ForgotPassword, ResetPassword } from '@storefleet/contracts';
import type { PasswordHasher } from '../crypto/passwords.js';
import { hashResetToken, newResetToken } from '../crypto/reset-tokens.js';
import { assertPasswordPolicy, normalizeEmail } from '../domain/users.js';
import { passwordResetRequested, userUpdated } from '../events.js';
import type { PasswordResetsStore } from '../store/password-resets-store.js';
import type { SessionsStore } from '../store/sessions-store.js';
import type { UsersStore } from '../store/users-store.js';
import type { RevokeAccessTokens } from './revoke-access-tokens.js';

/** How long a reset link works. */
export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;

export interface PasswordResetsDeps {
  db: Db;
  users: UsersStore;
  sessions: SessionsStore;
  resets: PasswordResetsStore;
  hasher: PasswordHasher;
  outbox: Outbox;
  revokeAccessTokens: RevokeAccessTokens;
}

const BAD_TOKEN = { field: 'token', message: 'is unknown, used or expired' };

/** Forgot-password (a single-use token, mailed by notifications) and the reset that spends it. */
export function createPasswordResets(deps: PasswordResetsDeps) {
  const { db, users, sessions, resets, hasher, outbox, revokeAccessTokens } = deps;

  return {
    /**
     * For an active account, stores a token's hash and publishes the token for notifications to mail.
     * Returns nothing either way, so the caller's answer cannot tell whether the account exists.
     */
    async forgot(input: ForgotPassword): Promise<void> {
      const account = await users.credentialsByEmail(normalizeEmail(input.email));
      if (!account?.active) return;
      const token = newResetToken();
      const expiresAt = new Date(Date.now() + RESET_TOKEN_TTL_MS);
      await db.tx(async (tx) => {
        const user = await users.findById(account.id, tx);
        if (!user?.active) return;
        await resets.insert(hashResetToken(token), user.id, expiresAt, tx);
        await outbox.add(tx, passwordResetRequested(user, token, expiresAt));
      });
    },

    /** Sets the password of the token's account, uses the token up and ends every sign-in of the account. */
    async reset(input: ResetPassword): Promise<void> {
      const tokenHash = hashResetToken(input.token);
      const target = await resets.findValid(tokenHash);
      if (!target) throw new AppError('validation', 'The reset token is unknown, used or expired', { fields: [BAD_TOKEN] });
      assertPasswordPolicy(input.password, { email: target.email });
      const passwordHash = await hasher.hash(input.password);
      await db.tx(async (tx) => {
        // Checked again under the row lock: of two resets racing with one token, one wins.
        const userId = await resets.use(tokenHash, tx);
        if (!userId) throw new AppError('validation', 'The reset token is unknown, used or expired', { fields: [BAD_TOKEN] });
        await resets.useAllOf(userId, tx);
        await users.setPasswordHash(userId, passwordHash, tx);
        await sessions.revokeAllForUser(userId, 'password_reset', undefined, tx);
        await revokeAccessTokens(userId, tx);
        const user = await users.findById(userId, tx);
        if (user) await outbox.add(tx, userUpdated(user, ['password']));
      });
    },
  };
}

export type PasswordResets = ReturnType<typeof createPasswordResets>;
