import type { Db, Queryable } from '@storefleet/kit';
import type { Role, SessionsRevokedEventData, User, UserListQuery } from '@storefleet/contracts';

interface UserRow {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  phone: string | null;
}

/** What login needs: the account and its hash. Never leaves the service. */
export interface Credentials {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  password_hash: string;
}

const COLUMNS = 'id, email, first_name, last_name, role, active, created_at, updated_at, deleted_at, phone';

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    role: row.role,
    active: row.active,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: row.deleted_at ? row.deleted_at.toISOString() : null,
    phone: row.phone,
  };
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE clause of the admin list (and its export) and its parameters. */
function listFilter(query: UserListQuery): { filter: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  if (query.q?.trim()) {
    values.push(likePattern(query.q.trim()));
    const p = `$${values.length}`;
    where.push(`(email ILIKE ${p} OR first_name ILIKE ${p} OR last_name ILIKE ${p} OR first_name || ' ' || last_name ILIKE ${p})`);
  }
  if (query.role) {
    values.push(query.role);
    where.push(`role = $${values.length}`);
  }
  if (query.active !== undefined) {
    values.push(query.active);
    where.push(`active = $${values.length}`);
  }
  return { filter: where.length ? `WHERE ${where.join(' AND ')}` : '', values };
}

export type UserChanges = Partial<Pick<User, 'first_name' | 'last_name' | 'phone' | 'role' | 'active'>>;
const CHANGEABLE = new Set(['first_name', 'last_name', 'phone', 'role', 'active']);

export function createUsersStore(db: Db) {
  return {
    /** Inserts an account; undefined when the email is already taken. */
    async insert(input: { email: string; password_hash: string; first_name: string; last_name: string; role: Role }, q: Queryable = db): Promise<User | undefined> {
      const { rows } = await q.query<UserRow>(
        `INSERT INTO users (email, password_hash, first_name, last_name, role) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
        [input.email, input.password_hash, input.first_name, input.last_name, input.role],
      );
      return rows[0] && toUser(rows[0]);
    },

    async findById(id: string, q: Queryable = db, options: { lock?: boolean } = {}): Promise<User | undefined> {
      const { rows } = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]);
      return rows[0] && toUser(rows[0]);
    },

    async findByEmail(email: string, q: Queryable = db, options: { lock?: boolean } = {}): Promise<User | undefined> {
      const { rows } = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email = $1${options.lock ? ' FOR UPDATE' : ''}`, [email]);
      return rows[0] && toUser(rows[0]);
    },

    async credentialsByEmail(email: string, q: Queryable = db): Promise<Credentials | undefined> {
      const { rows } = await q.query<Credentials>('SELECT id, email, role, active, password_hash FROM users WHERE email = $1', [email]);
      return rows[0];
    },

    async credentialsById(id: string, q: Queryable = db): Promise<Credentials | undefined> {
      const { rows } = await q.query<Credentials>('SELECT id, email, role, active, password_hash FROM users WHERE id = $1', [id]);
      return rows[0];
    },

    async update(id: string, changes: UserChanges, q: Queryable = db): Promise<User | undefined> {
      const entries = Object.entries(changes).filter(([column, v]) => v !== undefined && CHANGEABLE.has(column));
      const sets = entries.map(([column], i) => `${column} = $${i + 2}`);
      // Reactivating a soft-deleted account undeletes it.
      if (changes.active === true) sets.push('deleted_at = NULL');
      const { rows } = await q.query<UserRow>(
        `UPDATE users SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, ...entries.map(([, v]) => v)],
      );
      return rows[0] && toUser(rows[0]);
    },

    async setPasswordHash(id: string, passwordHash: string, q: Queryable = db): Promise<void> {
      await q.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [id, passwordHash]);
    },

    async recordLogin(id: string, q: Queryable = db): Promise<void> {
      await q.query('UPDATE users SET last_login_at = now() WHERE id = $1', [id]);
    },

    /** Soft delete: the account stays for history but is inactive and marked deleted. */
    async softDelete(id: string, q: Queryable = db): Promise<User | undefined> {
      const { rows } = await q.query<UserRow>(
        `UPDATE users SET active = false, deleted_at = coalesce(deleted_at, now()), updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      );
      return rows[0] && toUser(rows[0]);
    },

    async list(query: UserListQuery, q: Queryable = db): Promise<{ items: User[]; total: number }> {
      const { filter, values } = listFilter(query);
      const limit = query.limit ?? 20;
      const offset = ((query.page ?? 1) - 1) * limit;
      const n = values.length;
      const page = await q.query<UserRow>(
        `SELECT ${COLUMNS} FROM users ${filter} ORDER BY created_at DESC, id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...values, limit, offset],
      );
      const count = await q.query<{ total: number }>(`SELECT count(*)::int AS total FROM users ${filter}`, values);
      return { items: page.rows.map(toUser), total: count.rows[0]?.total ?? 0 };
    },

    /** Every account the list's filters match, oldest first, without a window: what a CSV export reads through its cursor. */
    exportQuery(query: UserListQuery): { text: string; values: unknown[] } {
      const { filter, values } = listFilter(query);
      return { text: `SELECT ${COLUMNS} FROM users ${filter} ORDER BY created_at, id`, values };
    },

    /** Refuses the user's access tokens issued before `notBefore` (a later time already kept wins). */
    async setSessionsNotBefore(id: string, notBefore: Date, q: Queryable = db): Promise<void> {
      await q.query('UPDATE users SET sessions_not_before = greatest(sessions_not_before, $2) WHERE id = $1', [id, notBefore]);
    },

    /** The revocations made since `since`: older ones refuse only tokens that have expired anyway. */
    async revocationsSince(since: Date, q: Queryable = db): Promise<SessionsRevokedEventData[]> {
      const { rows } = await q.query<{ id: string; sessions_not_before: Date }>(
        'SELECT id, sessions_not_before FROM users WHERE sessions_not_before >= $1',
        [since],
      );
      return rows.map((row) => ({ user_id: row.id, not_before: row.sessions_not_before.toISOString() }));
    },

    async hasAdmin(q: Queryable = db): Promise<boolean> {
      const { rows } = await q.query("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1");
      return rows.length > 0;
    },
  };
}

export type UsersStore = ReturnType<typeof createUsersStore>;
