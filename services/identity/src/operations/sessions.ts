import { AppError, type Db, type Queryable } from '@storefleet/kit';
import type { Login, Role, TokenPair } from '@storefleet/contracts';
import { decideRefresh, revokesFamily } from '../domain/refresh.js';
import { normalizeEmail } from '../domain/users.js';
import type { LoginThrottle } from '../domain/login-throttle.js';
import type { AccessTokenIssuer } from '../crypto/access-tokens.js';
import type { PasswordHasher } from '../crypto/passwords.js';
import { hashRefreshToken, newRefreshToken } from '../crypto/refresh-tokens.js';
import type { SessionsStore } from '../store/sessions-store.js';
import type { UsersStore } from '../store/users-store.js';
import type { RevokeAccessTokens } from './revoke-access-tokens.js';

export interface SessionsDeps {
  db: Db;
  users: UsersStore;
  sessions: SessionsStore;
  hasher: PasswordHasher;
  tokens: AccessTokenIssuer;
  throttle: LoginThrottle;
  refreshTtlSeconds: number;
  revokeAccessTokens: RevokeAccessTokens;
  log: { warn(obj: object, msg: string): void };
}

// One message for unknown email and wrong password alike, so login does not reveal who has an account.
const BAD_CREDENTIALS = 'The email or password is incorrect';
const BAD_REFRESH = 'The refresh token is invalid, expired or revoked';

/** Sign-in, token refresh with rotation and reuse detection, sign-out. */
export function createSessions(deps: SessionsDeps) {
  const { db, users, sessions, hasher, tokens, throttle } = deps;

  async function mint(user: { id: string; email: string; role: Role }, familyId: string, q: Queryable): Promise<TokenPair> {
    const refresh = newRefreshToken();
    await sessions.addToken({ token_hash: hashRefreshToken(refresh), family_id: familyId, expires_at: new Date(Date.now() + deps.refreshTtlSeconds * 1000) }, q);
    const access = await tokens.issue({ id: user.id, email: user.email, role: user.role });
    return { access_token: access, refresh_token: refresh, token_type: 'bearer', expires_in: tokens.ttlSeconds };
  }

  return {
    async login(input: Login, ip: string): Promise<TokenPair> {
      const email = normalizeEmail(input.email);
      await assertMayTry(throttle, email, ip);
      const account = await users.credentialsByEmail(email);
      const ok = account ? await hasher.verify(account.password_hash, input.password) : (await hasher.verifyNothing(input.password), false);
      if (!account || !ok) {
        await throttle.failed(email, ip);
        throw new AppError('unauthorized', BAD_CREDENTIALS);
      }
      await throttle.succeeded(email);
      // Only someone who knows the password learns that the account is disabled.
      if (!account.active) throw new AppError('forbidden', 'This account is deactivated');
      if (hasher.needsRehash(account.password_hash)) await users.setPasswordHash(account.id, await hasher.hash(input.password));
      return db.tx(async (tx) => {
        await users.recordLogin(account.id, tx);
        const familyId = await sessions.createFamily(account.id, tx);
        return mint(account, familyId, tx);
      });
    },

    async refresh(token: string): Promise<TokenPair> {
      const tokenHash = hashRefreshToken(token);
      const pair = await db.tx(async (tx): Promise<TokenPair | undefined> => {
        const stored = await sessions.findForRefresh(tokenHash, tx);
        const decision = decideRefresh(stored, new Date());
        if (stored && revokesFamily(decision)) {
          await sessions.revokeFamily(stored.family_id, decision, tx);
          if (decision === 'reused') deps.log.warn({ user_id: stored.user_id, family_id: stored.family_id }, 'refresh token reused after rotation; sign-in revoked');
        }
        if (decision !== 'rotate' || !stored) return undefined;
        await sessions.markRotated(tokenHash, tx);
        return mint({ id: stored.user_id, email: stored.email, role: stored.role }, stored.family_id, tx);
      });
      // Thrown after the transaction so a revocation for reuse is committed, not rolled back.
      if (!pair) throw new AppError('unauthorized', BAD_REFRESH);
      return pair;
    },

    /**
     * Ends the sign-in the token belongs to, and refuses the user's access tokens issued so far (a
     * token carries no sign-in of its own, so the user's other devices refresh theirs). An unknown
     * token, or one signed out already, is not an error and revokes nothing more.
     */
    async logout(token: string): Promise<void> {
      await db.tx(async (tx) => {
        const userId = await sessions.revokeFamilyOfToken(hashRefreshToken(token), 'logout', tx);
        if (userId) await deps.revokeAccessTokens(userId, tx);
      });
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/** Refuses with 429 (and Retry-After) when this email or IP has failed too often lately. */
export async function assertMayTry(throttle: LoginThrottle, email: string, ip: string): Promise<void> {
  const wait = await throttle.wait(email, ip);
  if (wait > 0) {
    throw new AppError('rate_limited', `Too many failed sign-in attempts; try again in ${wait} seconds`, { extensions: { retry_after: wait } });
  }
}
