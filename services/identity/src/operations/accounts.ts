import { AppError, type AuthUser, type Db, type Outbox } from '@storefleet/kit';
import type { AdminUpdateUser, Register, UpdateMe, User, UserListQuery, UserPage } from '@storefleet/contracts';
import { assertCanDelete, planAdminUpdate, planSelfUpdate, prepareRegistration } from '../domain/users.js';
import type { LoginThrottle } from '../domain/login-throttle.js';
import type { PasswordHasher } from '../crypto/passwords.js';
import { userDeleted, userRegistered, userUpdated } from '../events.js';
import type { SessionsStore } from '../store/sessions-store.js';
import type { UsersStore } from '../store/users-store.js';
import type { RevokeAccessTokens } from './revoke-access-tokens.js';
import { assertMayTry } from './sessions.js';

export interface AccountsDeps {
  db: Db;
  users: UsersStore;
  sessions: SessionsStore;
  hasher: PasswordHasher;
  outbox: Outbox;
  throttle: LoginThrottle;
  revokeAccessTokens: RevokeAccessTokens;
}

const GONE = 'This account no longer exists or is deactivated';

/** Sign-up, one's own account, and the admin's view of every account. */
export function createAccounts(deps: AccountsDeps) {
  const { db, users, sessions, hasher, outbox, throttle, revokeAccessTokens } = deps;

  async function found(id: string): Promise<User> {
    const user = await users.findById(id);
    if (!user) throw new AppError('not_found', `User ${id} does not exist`);
    return user;
  }

  return {
    /** Creates a customer account; the role is never taken from the request. */
    async register(input: Register): Promise<User> {
      const account = prepareRegistration(input);
      const passwordHash = await hasher.hash(account.password);
      return db.tx(async (tx) => {
        const user = await users.insert({ ...account, password_hash: passwordHash, role: 'customer' }, tx);
        if (!user) {
          throw new AppError('conflict', 'An account with this email already exists', { fields: [{ field: 'email', message: 'is already registered' }] });
        }
        await outbox.add(tx, userRegistered(user));
        return user;
      });
    },

    /** The signed-in user's account; a token outliving its account is refused. */
    async me(auth: AuthUser): Promise<User> {
      const user = await users.findById(auth.id);
      if (!user?.active) throw new AppError('unauthorized', GONE);
      return user;
    },

    /** Own changes. A new password needs the current one and ends every other sign-in. */
    async updateMe(auth: AuthUser, patch: UpdateMe, ip: string): Promise<User> {
      const account = await users.credentialsById(auth.id);
      if (!account?.active) throw new AppError('unauthorized', GONE);
      const plan = planSelfUpdate(account, patch);
      let newHash: string | undefined;
      if (plan.newPassword !== undefined) {
        await assertMayTry(throttle, account.email, ip);
        if (!(await hasher.verify(account.password_hash, patch.current_password ?? ''))) {
          await throttle.failed(account.email, ip);
          throw new AppError('forbidden', 'The current password is incorrect', { fields: [{ field: 'current_password', message: 'is incorrect' }] });
        }
        newHash = await hasher.hash(plan.newPassword);
      }
      return db.tx(async (tx) => {
        if (newHash) {
          await users.setPasswordHash(account.id, newHash, tx);
          await sessions.revokeAllForUser(account.id, 'password_changed', undefined, tx);
          await revokeAccessTokens(account.id, tx);
        }
        const user = plan.changed.length ? await users.update(account.id, plan.set, tx) : await users.findById(account.id, tx);
        if (!user) throw new AppError('unauthorized', GONE);
        if (plan.changed.length) await outbox.add(tx, userUpdated(user, plan.changed));
        return user;
      });
    },

    /** Admin routes trust the database over a token's role, which may be up to a TTL old. */
    async assertActiveAdmin(auth: AuthUser): Promise<void> {
      const account = await users.credentialsById(auth.id);
      if (!account?.active) throw new AppError('unauthorized', GONE);
      if (account.role !== 'admin') throw new AppError('forbidden', 'This endpoint is for admin accounts');
    },

    async list(query: UserListQuery): Promise<UserPage> {
      const page = query.page ?? 1;
      const limit = query.limit ?? 20;
      const { items, total } = await users.list({ ...query, page, limit });
      return { items, page, limit, total };
    },

    get: found,

    async adminUpdate(actor: AuthUser, id: string, patch: AdminUpdateUser): Promise<User> {
      return db.tx(async (tx) => {
        const target = await users.findById(id, tx, { lock: true });
        if (!target) throw new AppError('not_found', `User ${id} does not exist`);
        const plan = planAdminUpdate(actor.id, target, patch);
        if (!plan.changed.length) return target;
        const user = (await users.update(id, plan.set, tx))!;
        if (plan.revokeSessions) await sessions.revokeAllForUser(id, 'deactivated', undefined, tx);
        if (plan.revokeAccessTokens) await revokeAccessTokens(id, tx);
        await outbox.add(tx, userUpdated(user, plan.changed));
        return user;
      });
    },

    /** Soft delete: deactivates, marks deleted and ends every sign-in. Repeating it changes nothing. */
    async remove(actor: AuthUser, id: string): Promise<void> {
      assertCanDelete(actor.id, id);
      await db.tx(async (tx) => {
        const target = await users.findById(id, tx, { lock: true });
        if (!target) throw new AppError('not_found', `User ${id} does not exist`);
        if (target.deleted_at) return;
        const user = (await users.softDelete(id, tx))!;
        await sessions.revokeAllForUser(id, 'deleted', undefined, tx);
        await revokeAccessTokens(id, tx);
        await outbox.add(tx, userDeleted(user));
      });
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
