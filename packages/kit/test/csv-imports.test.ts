import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KIT_MIGRATIONS, createCsvImports, createDatabase, createDb, type Db } from '@storefleet/kit';

let db: Db;
const log = { info() {}, warn() {}, error() {}, debug() {} } as never;

beforeAll(async () => {
  db = createDb({ url: await createDatabase(inject('postgresAdminUrl'), 'kit_csv_imports'), max: 2 });
  await db.migrate([KIT_MIGRATIONS]);
});
afterAll(async () => {
  await db?.close();
});

/** A job as a process left it: running, its last applied line and heartbeat as given. */
async function leftRunning(lineDone: number, heartbeatAgo: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO csv_imports (resource, rows_done, created, line_done, heartbeat_at) VALUES ('products', 50, 50, $1, now() - $2::interval) RETURNING id`,
    [lineDone, heartbeatAgo],
  );
  return rows[0]!.id;
}

describe('CSV import jobs whose process ended', () => {
  it('are reported failed at the line after the last one applied once their heartbeat is stale, once', async () => {
    const imports = createCsvImports(db, log);
    const id = await leftRunning(51, '2 minutes');
    const job = await imports.get('products', id);
    expect(job).toMatchObject({ status: 'failed', rows_done: 50, created: 50 });
    expect(job!.finished_at).not.toBeNull();
    expect(job!.errors).toEqual([{ line: 52, column: null, reason: expect.stringMatching(/^the import stopped here: the process applying it ended/) }]);
    expect((await imports.get('products', id))!.errors).toHaveLength(1);
  });

  it('stay running while their heartbeat is fresh (a process is applying them)', async () => {
    const imports = createCsvImports(db, log);
    const id = await leftRunning(51, '5 seconds');
    expect(await imports.get('products', id)).toMatchObject({ status: 'running', errors: [] });
  });
});
