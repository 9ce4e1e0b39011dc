import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { basename, join } from 'node:path';
import pg from 'pg';

/** Anything that runs a query: the pool or a client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Inside `db.tx`: runs `fn` once the transaction has committed (never on rollback). */
  afterCommit?(fn: () => void): void;
}

/** The logging a kit component needs; pino's and Fastify's loggers both fit. */
export interface KitLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface Db extends Queryable {
  pool: pg.Pool;
  /** Runs `fn` in one transaction; rolls back if it throws. */
  tx<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  /**
   * Applies numbered .sql files not applied yet, in order, once; then every .sql file of
   * `options.functions` (safe with many replicas starting). Answers the migrations applied.
   */
  migrate(dirs: string[], options?: MigrateOptions): Promise<string[]>;
  /** True when the database answers and every migration given to `migrate` is applied. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface MigrateOptions {
  /**
   * Folders of function files: one `CREATE OR REPLACE FUNCTION` per file, run in name order after the
   * migrations at every start, so the body in force is the file's and a change is an edit of that
   * file, not a new migration repeating the function. A change of a function's arguments or result
   * type still needs a migration that drops the old one (CREATE OR REPLACE cannot change those).
   * The last replica to start wins: in a rolling update, an old replica that restarts puts its bodies
   * back until it is replaced, so a body must keep working on the previous release's tables.
   */
  functions?: string[];
  /**
   * Applies only these versions (file names without `.sql`), each of which must exist: a restore
   * recreates the schema a backup was taken at, and the service applies the newer ones at its start.
   */
  versions?: string[];
  log?: KitLogger;
}

/** The kit's own tables (outbox, inbox), applied before every service's migrations. */
export const KIT_MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

// Numeric columns arrive as strings by default; prices and counts here fit in a double.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Names given to statement texts: the same text always gets the same name, in every connection. */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2_000;

/**
 * A parameterized query as a named (prepared) statement: each connection parses and plans its text
 * once, then only binds and executes it, which saves the server that work on every call. Texts without
 * parameters (BEGIN, COMMIT, migrations with several statements) stay simple queries; past a bound
 * (texts built from many filter combinations), further texts run unnamed.
 */
function statement(text: string, values?: unknown[]): string | pg.QueryConfig {
  if (!values?.length) return text;
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `sf${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name ? { name, text, values } : text;
}

function run<R extends pg.QueryResultRow>(target: pg.Pool | pg.PoolClient, text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
  const query = statement(text, values);
  return typeof query === 'string' ? target.query<R>(query, values) : target.query<R>(query);
}

/**
 * Opens a pool on one service's database.
 * @example const db = createDb({ url: config.DATABASE_URL }); await db.migrate([KIT_MIGRATIONS, './migrations'], { functions: ['./sql'] })
 */
export function createDb(options: { url: string; max?: number; log?: KitLogger }): Db {
  const pool = new pg.Pool({ connectionString: options.url, max: options.max ?? 10, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => options.log?.warn({ err }, 'idle database connection failed'));
  let expected: string[] | undefined;

  async function tx<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const committed: (() => void)[] = [];
    const scoped: Queryable = { query: (text, values) => run(client, text, values), afterCommit: (cb) => committed.push(cb) };
    try {
      await client.query('BEGIN');
      const result = await fn(scoped);
      await client.query('COMMIT');
      for (const cb of committed) cb();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function listSqlFiles(dirs: string[], pattern: RegExp): Promise<{ name: string; path: string }[]> {
    const files: { name: string; path: string }[] = [];
    for (const dir of dirs) {
      for (const name of (await readdir(dir)).filter((n) => pattern.test(n))) {
        files.push({ name: basename(name, '.sql'), path: join(dir, name) });
      }
    }
    return files.sort((a, b) => a.name.localeCompare(b.name));
  }

  return {
    pool,
    tx,
    query: (text, values) => run(pool, text, values),
    async migrate(dirs, { functions = [], versions, log } = {}) {
      let files = await listSqlFiles(dirs, /^\d+_.*\.sql$/);
      if (versions) {
        const unknown = versions.filter((v) => !files.some((f) => f.name === v));
        if (unknown.length) throw new Error(`no migration file for ${unknown.join(', ')} in ${dirs.join(', ')}`);
        files = files.filter((f) => versions.includes(f.name));
      }
      const functionFiles = await listSqlFiles(functions, /\.sql$/);
      expected = files.map((f) => f.name);
      return tx(async (client) => {
        // One migrator at a time across replicas; the lock ends with the transaction. The function files
        // run under it too: two sessions replacing one function at once fail ("tuple concurrently updated").
        await client.query('SELECT pg_advisory_xact_lock(727274)');
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
        const done = new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
        const applied: string[] = [];
        for (const file of files.filter((f) => !done.has(f.name))) {
          await client.query(await readFile(file.path, 'utf8'));
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file.name]);
          applied.push(file.name);
          log?.info({ migration: file.name }, 'migration applied');
        }
        for (const file of functionFiles) await client.query(await readFile(file.path, 'utf8'));
        if (functionFiles.length) log?.info({ functions: functionFiles.map((f) => f.name) }, 'functions applied');
        return applied;
      });
    },
    async ready() {
      try {
        const { rows } = await pool.query<{ version: string }>('SELECT version FROM schema_migrations');
        const done = new Set(rows.map((r) => r.version));
        return (expected ?? []).every((v) => done.has(v));
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}
