import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KIT_MIGRATIONS, createDatabase, createDb, type Db } from '@storefleet/kit';

let url: string;
let migrations: string;
let functions: string;
const dbs: Db[] = [];

function open(): Db {
  const db = createDb({ url, max: 2 });
  dbs.push(db);
  return db;
}

/** A function reading the migration's table: a `LANGUAGE sql` body is checked when created, so it must come after. */
async function writeCountFunction(plus: number): Promise<void> {
  await writeFile(
    join(functions, 'count_things.sql'),
    `CREATE OR REPLACE FUNCTION count_things() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) + ${plus} FROM things $$;`,
  );
}

beforeAll(async () => {
  url = await createDatabase(inject('postgresAdminUrl'), 'kit_db');
  migrations = await mkdtemp(join(tmpdir(), 'kit-migrations-'));
  functions = await mkdtemp(join(tmpdir(), 'kit-functions-'));
  await writeFile(join(migrations, '001_things.sql'), 'CREATE TABLE things (id serial PRIMARY KEY);');
  await writeCountFunction(0);
});
afterAll(async () => {
  for (const db of dbs) await db.close();
});

describe('function files', () => {
  it('run after the migrations at every start, so the body in force is the file', async () => {
    const db = open();
    expect(await db.migrate([KIT_MIGRATIONS, migrations], { functions: [functions] })).toContain('001_things');
    expect((await db.query<{ n: number }>('SELECT count_things() AS n')).rows[0]!.n).toBe(0);

    await writeCountFunction(100);
    expect(await db.migrate([KIT_MIGRATIONS, migrations], { functions: [functions] })).toEqual([]);
    expect((await db.query<{ n: number }>('SELECT count_things() AS n')).rows[0]!.n).toBe(100);
    expect(await db.ready()).toBe(true);
  });

  it('are applied by replicas starting at once without one failing', async () => {
    const replicas = Array.from({ length: 6 }, open);
    const results = await Promise.allSettled(replicas.map((db) => db.migrate([KIT_MIGRATIONS, migrations], { functions: [functions] })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  });
});

describe('migrating to given versions', () => {
  it('applies only those (a restore recreates a backup schema), later ones at the next full migrate, and refuses a version without a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kit-versions-'));
    await writeFile(join(dir, '001_a.sql'), 'CREATE TABLE a (id int);');
    await writeFile(join(dir, '002_b.sql'), 'CREATE TABLE b (id int);');
    const db = createDb({ url: await createDatabase(inject('postgresAdminUrl'), 'kit_versions'), max: 2 });
    dbs.push(db);
    await expect(db.migrate([dir], { versions: ['001_a', '003_c'] })).rejects.toThrow(/no migration file for 003_c/);
    expect(await db.migrate([dir], { versions: ['001_a'] })).toEqual(['001_a']);
    expect(await db.migrate([dir])).toEqual(['002_b']);
  });
});
