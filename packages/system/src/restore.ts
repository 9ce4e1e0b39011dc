import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { extract as extractTar } from 'tar';
import { createDb, KIT_MIGRATIONS } from '@storefleet/kit';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, ident, listTables, type BackupManifest, type DatabaseBackup, type TableBackup } from './backup.js';
import { connectTo, describeUrl } from './service-databases.js';
import { SERVICES } from './services.js';

/** Unpacks the archive and reads its manifest, or says why the file is not a backup of ours. */
async function openArchive(file: string, dir: string): Promise<BackupManifest> {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  await extractTar({ file, cwd: dir, strict: true }).catch((error: Error) => {
    throw new Error(`${file} is not a Storefleet backup: it is not a gzip'd tar archive (${error.message})`);
  });
  const text = await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => undefined);
  if (text === undefined) throw new Error(`${file} is not a Storefleet backup: it holds no manifest.json`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch {
    throw new Error(`${file} is not a Storefleet backup: its manifest.json is not JSON`);
  }
  if (manifest?.format !== BACKUP_FORMAT) throw new Error(`${file} is not a Storefleet backup: its manifest.json does not say format "${BACKUP_FORMAT}"`);
  if (manifest.format_version !== BACKUP_FORMAT_VERSION) {
    throw new Error(`${file} is a Storefleet backup of format ${manifest.format_version}, and this release reads format ${BACKUP_FORMAT_VERSION}`);
  }
  return manifest;
}

/** The migration versions this release has for a service: the kit's and its own files. */
async function knownVersions(migrations: string): Promise<Set<string>> {
  const names = [...(await readdir(KIT_MIGRATIONS)), ...(await readdir(migrations))];
  return new Set(names.filter((n) => /^\d+_.*\.sql$/.test(n)).map((n) => n.slice(0, -'.sql'.length)));
}

/**
 * Why a database cannot take the backup's data, or undefined when it can: it must be at no migration
 * the backup lacks, and (unless forced) hold no row.
 */
async function refusal(service: string, url: string, copy: DatabaseBackup, force: boolean): Promise<string | undefined> {
  const client = await connectTo(url);
  try {
    const applied = await client.query<{ version: string }>('SELECT version FROM schema_migrations').catch(() => ({ rows: [] }));
    const newer = applied.rows.map((r) => r.version).filter((v) => !copy.schema_versions.includes(v));
    if (newer.length) return `${describeUrl(url)} (${service}) has migrations the backup lacks (${newer.join(', ')}): restore into an empty database`;
    if (force) return undefined;
    for (const table of await listTables(client)) {
      const { rowCount } = await client.query(`SELECT 1 FROM ${ident(table.schema)}.${ident(table.name)} LIMIT 1`);
      if (rowCount) return `${describeUrl(url)} (${service}) is not empty (table ${table.name} has rows): restore into empty databases, or pass --force to replace their data`;
    }
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The tables in an order where each comes after the tables its foreign keys point to. */
async function loadOrder(client: pg.Client, tables: TableBackup[]): Promise<TableBackup[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(`
    SELECT format('%s.%s', cn.nspname, c.relname) AS child, format('%s.%s', pn.nspname, p.relname) AS parent
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
    JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
    WHERE k.contype = 'f' AND k.conrelid <> k.confrelid`);
  const byName = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const ordered: TableBackup[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    const table = byName.get(name);
    if (!table || ordered.includes(table) || visiting.has(name)) return;
    visiting.add(name);
    for (const { parent } of rows.filter((r) => r.child === name)) visit(parent);
    ordered.push(table);
  };
  for (const name of byName.keys()) visit(name);
  return ordered;
}

/**
 * Loads one database's rows in one transaction: every table emptied (rows that migrations seeded
 * are in the backup too), the tables copied in foreign-key order, the sequences set where they were.
 */
async function loadDatabase(url: string, copy: DatabaseBackup, dir: string): Promise<number> {
  const client = await connectTo(url);
  try {
    await client.query('BEGIN');
    const present = await listTables(client);
    for (const table of copy.tables) {
      const target = present.find((t) => t.schema === table.schema && t.name === table.name);
      const missing = table.columns.filter((c) => !target?.columns.includes(c));
      if (missing.length) throw new Error(`${describeUrl(url)}: table ${table.name} lacks ${target ? `columns ${missing.join(', ')}` : 'entirely'} after its migrations`);
    }
    if (present.length) await client.query(`TRUNCATE ${present.map((t) => `${ident(t.schema)}.${ident(t.name)}`).join(', ')} RESTART IDENTITY`);
    let rows = 0;
    for (const table of await loadOrder(client, copy.tables)) {
      const stream = client.query(copyFrom(`COPY ${ident(table.schema)}.${ident(table.name)} (${table.columns.map(ident).join(', ')}) FROM STDIN`));
      await pipeline(createReadStream(join(dir, table.file)), stream);
      if (stream.rowCount !== table.rows) throw new Error(`${describeUrl(url)}: table ${table.name} took ${stream.rowCount} rows of the backup's ${table.rows}`);
      rows += stream.rowCount;
    }
    for (const sequence of copy.sequences) {
      const name = `${ident(sequence.schema)}.${ident(sequence.name)}`;
      if (sequence.last_value === null) await client.query(`ALTER SEQUENCE ${name} RESTART`);
      else await client.query('SELECT setval($1::regclass, $2::bigint, true)', [name, sequence.last_value]);
    }
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** An unpacked backup archive: its manifest and the folder holding its rows, removed by `close`. */
export interface OpenedBackup {
  file: string;
  manifest: BackupManifest;
  dir: string;
  close(): Promise<void>;
}

/**
 * Unpacks a backup archive into a temporary folder and checks its manifest, before any database is
 * touched: a missing file or one that is not a backup is named at once.
 * @example const backup = await openBackup('backup.tar.gz'); try { await restoreDatabases({ backup, databases }) } finally { await backup.close() }
 */
export async function openBackup(file: string): Promise<OpenedBackup> {
  const dir = await mkdtemp(join(tmpdir(), 'storefleet-restore-'));
  const close = () => rm(dir, { recursive: true, force: true });
  try {
    return { file, manifest: await openArchive(file, dir), dir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Restores an opened backup into every service's database. Everything is checked before anything is
 * written: this release knowing every service and migration the backup records, each database being
 * empty (unless `force`). Then per database: the kit's migrate applies the backup's versions (the
 * service applies newer ones when it starts), and the rows are loaded in one transaction.
 * @example await restoreDatabases({ backup: await openBackup('backup.tar.gz'), databases: { catalog: 'postgres://...' } })
 */
export async function restoreDatabases(options: { backup: OpenedBackup; databases: Record<string, string>; force?: boolean; log?: (line: string) => void }): Promise<void> {
  const { manifest, dir, file } = options.backup;
  const unknown = Object.keys(manifest.databases).filter((name) => !SERVICES.some((s) => s.name === name));
  if (unknown.length) throw new Error(`${file} holds databases of services this release does not have: ${unknown.join(', ')}`);
  const plan = SERVICES.filter((s) => manifest.databases[s.name] && options.databases[s.name]);
  const problems: string[] = [];
  for (const service of plan) {
    const copy = manifest.databases[service.name]!;
    const known = await knownVersions(service.migrations);
    const newer = copy.schema_versions.filter((v) => !known.has(v));
    if (newer.length) problems.push(`the backup of ${service.name} was made by a newer release (migrations ${newer.join(', ')} are unknown here)`);
    else {
      const why = await refusal(service.name, options.databases[service.name]!, copy, options.force ?? false);
      if (why) problems.push(why);
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));

  for (const service of plan) {
    const url = options.databases[service.name]!;
    const copy = manifest.databases[service.name]!;
    const db = createDb({ url, max: 1 });
    try {
      await db.migrate([KIT_MIGRATIONS, service.migrations], { versions: copy.schema_versions });
    } finally {
      await db.close();
    }
    const rows = await loadDatabase(url, copy, dir);
    options.log?.(`${service.name}: ${copy.tables.length} tables, ${rows} rows into ${describeUrl(url)}`);
  }
  for (const service of SERVICES.filter((s) => !manifest.databases[s.name])) {
    options.log?.(`${service.name}: not in the backup, left as it is (it starts empty)`);
  }
}
