import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { create as createTar } from 'tar';
import { connectTo, describeUrl } from './service-databases.js';

/** What `manifest.json` says first, so a restore knows the archive is one of ours. */
export const BACKUP_FORMAT = 'storefleet-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** The archive's `manifest.json`: what each database held, where its rows are, at which schema. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  format_version: number;
  created_at: string;
  /** By service name. */
  databases: Record<string, DatabaseBackup>;
}

export interface DatabaseBackup {
  database: string;
  server_version: string;
  /** The rows of the kit's `schema_migrations`: the migrations applied when the copy was taken. */
  schema_versions: string[];
  tables: TableBackup[];
  sequences: { schema: string; name: string; last_value: string | null }[];
}

export interface TableBackup {
  schema: string;
  name: string;
  /** Stored columns in order (generated columns are computed again on restore). */
  columns: string[];
  /** The table's rows in COPY's text format, at this path in the archive. */
  file: string;
  rows: number;
}

/** A table or column name, quoted for SQL. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The tables of a database with their stored columns; the kit's `schema_migrations` is kept apart, as versions. */
export async function listTables(client: pg.Client): Promise<{ schema: string; name: string; columns: string[] }[]> {
  const { rows } = await client.query<{ schema: string; name: string; columns: string[] }>(`
    SELECT n.nspname::text AS schema, c.relname::text AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' AND c.relname <> 'schema_migrations'
    GROUP BY n.nspname, c.relname
    ORDER BY 1, 2`);
  return rows;
}

/** Copies one database in one repeatable-read transaction, so every table shows the same moment. */
async function backupDatabase(service: string, url: string, dir: string): Promise<DatabaseBackup> {
  const client = await connectTo(url);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const versions = await client.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version').catch((error: { code?: string }) => {
      if (error.code === '42P01') throw new Error(`${describeUrl(url)} has no schema_migrations table: it is not a migrated Storefleet ${service} database`);
      throw error;
    });
    const tables: TableBackup[] = [];
    await mkdir(join(dir, service));
    for (const table of await listTables(client)) {
      const file = `${service}/${table.schema}.${table.name}.copy`;
      const copy = client.query(copyTo(`COPY ${ident(table.schema)}.${ident(table.name)} (${table.columns.map(ident).join(', ')}) TO STDOUT`));
      await pipeline(copy, createWriteStream(join(dir, file)));
      tables.push({ ...table, file, rows: copy.rowCount });
    }
    const sequences = await client.query<{ schema: string; name: string; last_value: string | null }>(
      `SELECT schemaname::text AS schema, sequencename::text AS name, last_value::text FROM pg_sequences
       WHERE schemaname <> 'information_schema' AND schemaname NOT LIKE 'pg\\_%' ORDER BY 1, 2`,
    );
    const serverVersion = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    await client.query('COMMIT');
    return {
      database: new URL(url).pathname.slice(1),
      server_version: serverVersion,
      schema_versions: versions.rows.map((r) => r.version),
      tables,
      sequences: sequences.rows,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Writes every service's database into one gzip'd tar archive: `manifest.json`, then one file of COPY
 * rows per table under the service's folder. The files are gathered in a temporary folder first (a tar
 * entry's size is written before its content), and the archive appears at `out` only when complete.
 * @example await backupDatabases({ databases: { catalog: 'postgres://...' }, out: 'backup.tar.gz' })
 */
export async function backupDatabases(options: { databases: Record<string, string>; out: string; log?: (line: string) => void }): Promise<BackupManifest> {
  const out = resolve(options.out);
  const dir = await mkdtemp(join(tmpdir(), 'storefleet-backup-'));
  try {
    const manifest: BackupManifest = { format: BACKUP_FORMAT, format_version: BACKUP_FORMAT_VERSION, created_at: new Date().toISOString(), databases: {} };
    for (const [service, url] of Object.entries(options.databases)) {
      const copy = await backupDatabase(service, url, dir);
      manifest.databases[service] = copy;
      options.log?.(`${service}: ${copy.tables.length} tables, ${copy.tables.reduce((n, t) => n + t.rows, 0)} rows from ${describeUrl(url)}`);
    }
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const partial = `${out}.partial`;
    await createTar({ gzip: true, portable: true, file: partial, cwd: dir }, ['manifest.json', ...Object.keys(manifest.databases)]).catch((error: Error) => {
      throw new Error(`cannot write ${options.out}: ${error.message}`);
    });
    await rename(partial, out);
    return manifest;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
