import { randomBytes } from 'node:crypto';
import type { Db, Outbox } from '@storefleet/kit';
import { normalizeEmail, passwordProblems } from '../domain/users.js';
import type { PasswordHasher } from '../crypto/passwords.js';
import { userRegistered } from '../events.js';
import type { UsersStore } from '../store/users-store.js';

export interface BootstrapAdminOptions {
  db: Db;
  users: UsersStore;
  hasher: PasswordHasher;
  outbox: Outbox;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  email: string;
  /** When absent, a random password is generated and logged once. */
  password?: string;
}

/**
 * Creates the first admin account when no admin exists yet. Replicas starting together take
 * turns on an advisory lock, so exactly one creates it.
 */
export async function bootstrapAdmin(options: BootstrapAdminOptions): Promise<{ created: boolean }> {
  const { db, users, hasher, outbox, log } = options;
  if (await users.hasAdmin()) return { created: false };
  const email = normalizeEmail(options.email);
  const generated = options.password === undefined;
  const password = options.password ?? randomBytes(18).toString('base64url');
  const problems = passwordProblems(password, { email });
  if (problems.length) throw new Error(`ADMIN_PASSWORD is not acceptable: it ${problems.join(', ')}`);
  const passwordHash = await hasher.hash(password);

  const created = await db.tx(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('identity:bootstrap-admin'))");
    if (await users.hasAdmin(tx)) return false;
    const user = await users.insert({ email, password_hash: passwordHash, first_name: 'Admin', last_name: 'Storefleet', role: 'admin' }, tx);
    if (!user) {
      throw new Error(`ADMIN_EMAIL ${email} belongs to an existing non-admin account: choose another ADMIN_EMAIL or promote that account`);
    }
    await outbox.add(tx, userRegistered(user));
    return true;
  });
  if (!created) return { created };
  if (generated) {
    // The one place a secret is shown, on purpose: there is no other way to learn it.
    log.warn({ admin_email: email }, `First admin account created: ${email} with generated password ${password} (shown only this once; set ADMIN_PASSWORD to choose it, and change it after signing in)`);
  } else {
    log.info({ admin_email: email }, 'First admin account created from ADMIN_EMAIL and ADMIN_PASSWORD');
  }
  return { created };
}
