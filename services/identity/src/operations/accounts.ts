import { AppError, type AuthUser, type CsvOutcome, type Db, type Outbox, type Queryable } from '@storefleet/kit';
import type { AdminUpdateUser, Register, Role, UpdateMe, User, UserListQuery, UserPage } from '@storefleet/contracts';
import { assertCanDelete, normalizeNames, planAdminUpdate, planSelfUpdate, prepareRegistration } from '../domain/users.js';
import type { LoginThrottle } from '../domain/login-throttle.js';
import { NO_PASSWORD, type PasswordHasher } from '../crypto/passwords.js';
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

  /** An admin's change of an account, inside the caller's transaction; the account as it is after. */
  async function changeAccount(tx: Queryable, actorId: string, target: User, patch: AdminUpdateUser): Promise<User> {
    const plan = planAdminUpdate(actorId, target, patch);
    if (!plan.changed.length) return target;
    const user = (await users.update(target.id, plan.set, tx))!;
    if (plan.revokeSessions) await sessions.revokeAllForUser(target.id, 'deactivated', undefined, tx);
    if (plan.revokeAccessTokens) await revokeAccessTokens(target.id, tx);
    await outbox.add(tx, userUpdated(user, plan.changed));
    return user;
  }

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
        return changeAccount(tx, actor.id, target, patch);
      });
    },

    /**
     * A CSV import row, inside the import's transaction: an account with this email is changed as by
     * PATCH /:id (its sign-ins end when it is deactivated or its role changes); a new one is created with
     * no usable password, so its owner signs in only after resetting it.
     */
    async importAccount(tx: Queryable, actorId: string, row: { email: string; first_name?: string; last_name?: string; role?: Role; active?: boolean }): Promise<CsvOutcome> {
      const { email, ...given } = row;
      const target = await users.findByEmail(email, tx, { lock: true });
      if (!target) {
        const names = normalizeNames(given);
        const missing = (['first_name', 'last_name'] as const).filter((field) => !names[field]);
        if (missing.length) throw new AppError('validation', 'A new account needs a name', { fields: missing.map((field) => ({ field, message: 'is required for a new account' })) });
        const user = await users.insert({ email, password_hash: NO_PASSWORD, first_name: names.first_name!, last_name: names.last_name!, role: given.role ?? 'customer' }, tx);
        await outbox.add(tx, userRegistered(user!));
        if (given.active === false) await changeAccount(tx, actorId, user!, { active: false });
        return 'created';
      }
      const names = normalizeNames(given);
      const patch = Object.fromEntries(Object.entries({ ...given, ...names }).filter(([field, value]) => value !== undefined && value !== target[field as keyof User]));
      const user = await changeAccount(tx, actorId, target, patch);
      return user === target ? 'unchanged' : 'updated';
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
