import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseNow } from 'csv-parse/sync';
import type { CsvImportJob, CsvRowError } from '@storefleet/contracts';
import { unguardCell, type CsvResource, type CsvRow } from './csv.js';
import type { Db, KitLogger } from './db.js';
import { AppError } from './errors.js';

/** The header line, checked before anything is applied: every problem is a 400 naming the column. */
function readHeader(body: Buffer, resource: CsvResource<unknown>): string[] {
  if (!isUtf8(body)) throw new AppError('bad_request', 'The CSV is not UTF-8 text', { fields: [{ field: 'body', message: 'must be UTF-8' }] });
  const end = body.indexOf(10);
  const firstLine = body.subarray(0, end < 0 ? body.length : end).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
  if (!firstLine.trim()) throw new AppError('bad_request', 'The CSV is empty: its first line must be the header', { fields: [{ field: 'header', message: 'is missing' }] });
  let header: string[];
  try {
    header = (parseNow(firstLine) as string[][])[0]!.map((name) => name.trim());
  } catch (error) {
    throw new AppError('bad_request', `The CSV header cannot be read: ${(error as Error).message}`, { fields: [{ field: 'header', message: 'is not valid CSV' }] });
  }
  const delimiter = header.length === 1 ? [';', '\t', '|'].find((d) => header[0]!.includes(d)) : undefined;
  if (delimiter) {
    throw new AppError('bad_request', `The CSV header is one column (${JSON.stringify(header[0])}): columns must be separated by commas, not ${JSON.stringify(delimiter)}`, {
      fields: [{ field: 'header', message: 'must be separated by commas' }],
    });
  }
  const fields = [];
  const unknown = header.filter((name) => !resource.columns.includes(name));
  for (const name of unknown) fields.push({ field: name, message: `is not a column of ${resource.name} (known: ${resource.columns.join(', ')})` });
  const twice = header.filter((name, i) => header.indexOf(name) !== i);
  for (const name of new Set(twice)) fields.push({ field: name, message: 'appears twice' });
  if (!header.includes(resource.key)) fields.push({ field: resource.key, message: 'is missing: every row upserts by it' });
  if (fields.length) throw new AppError('bad_request', `The CSV header is wrong: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, { fields });
  return header;
}

/** Why a record failed, per row: a thrown csvRowError names its column; anything else fails the record as a whole. */
function errorsOf(error: unknown, rows: CsvRow[], log: KitLogger): CsvRowError[] {
  const line = rows[0]!.line;
  if (error instanceof AppError && error.status < 500) {
    const at = (error.extensions?.line as number | undefined) ?? line;
    if (error.fields?.length) return error.fields.map((f) => ({ line: at, column: f.field, reason: f.message }));
    return [{ line: at, column: null, reason: error.message }];
  }
  const pgError = error as { code?: string; message?: string; column?: string };
  if (typeof pgError.code === 'string' && /^2[23]/.test(pgError.code)) return [{ line, column: pgError.column ?? null, reason: `cannot be stored: ${pgError.message}` }];
  log.error({ err: error, line }, 'csv import row failed');
  return [{ line, column: null, reason: 'failed unexpectedly (the service logged why)' }];
}

// Rows per transaction: fewer commits than one per row, and fewer than the 64 subtransactions (one per
// savepoint that writes) PostgreSQL caches per session, past which every other session's snapshots slow down.
const BATCH_ROWS = 50;

/** Counts of one batch, added to its job in the batch's own transaction. */
interface Tally {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: CsvRowError[];
}
const emptyTally = (): Tally => ({ rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [] });

type JobRow = Omit<CsvImportJob, 'errors' | 'created_at' | 'finished_at'> & { created_at: Date; finished_at: Date | null };

/** How long a running job may go without a heartbeat before it is reported failed (its process is gone). */
export const CSV_IMPORT_STALE_MS = 60_000;

/**
 * CSV import jobs of one service, kept in the kit's `csv_imports` table: `start` checks the header (a 400
 * before anything is applied), records the job and applies the rows in the background, one savepoint per
 * record, BATCH_ROWS rows per transaction together with the job's progress, so the counts always match
 * what is applied. While jobs run, their process beats their heartbeat (each batch, and every quarter of
 * `staleAfterMs`); a job read with a heartbeat older than that lost its process and is failed then, at the
 * line after the last one applied, so no job stays `running` for ever.
 * @example const imports = createCsvImports(db, log); const job = await imports.start(productsCsv, body, request.user.id)
 */
export function createCsvImports(db: Db, log: KitLogger, { staleAfterMs = CSV_IMPORT_STALE_MS }: { staleAfterMs?: number } = {}) {
  let stopping = false;
  const running = new Map<string, Promise<void>>();
  let heartbeat: NodeJS.Timeout | undefined;
  const beat = () =>
    db.query('UPDATE csv_imports SET heartbeat_at = now() WHERE id = ANY ($1::uuid[])', [[...running.keys()]]).catch((error: unknown) => log.warn({ err: error }, 'csv import heartbeat failed'));

  async function applyBatch(id: string, resource: CsvResource<never>, records: CsvRow[][], by: string, tally: Tally, lineDone: number): Promise<void> {
    await db.tx(async (tx) => {
      for (const rows of records) {
        await tx.query('SAVEPOINT csv_record');
        try {
          tally[await resource.apply(tx, rows, by)]++;
          await tx.query('RELEASE SAVEPOINT csv_record');
        } catch (error) {
          await tx.query('ROLLBACK TO SAVEPOINT csv_record');
          tally.failed += rows.length;
          tally.errors.push(...errorsOf(error, rows, log));
        }
      }
      await tx.query(
        `UPDATE csv_imports SET rows_done = rows_done + $2, created = created + $3, updated = updated + $4, unchanged = unchanged + $5, failed = failed + $6,
           line_done = $7, heartbeat_at = now() WHERE id = $1`,
        [id, tally.rows, tally.created, tally.updated, tally.unchanged, tally.failed, lineDone],
      );
      if (tally.errors.length) {
        await tx.query(
          `INSERT INTO csv_import_errors (import_id, line, "column", reason) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`,
          [id, tally.errors.map((e) => e.line), tally.errors.map((e) => e.column), tally.errors.map((e) => e.reason)],
        );
      }
    });
  }

  async function finish(id: string, status: 'done' | 'failed', error?: CsvRowError): Promise<void> {
    await db.tx(async (tx) => {
      if (error) await tx.query('INSERT INTO csv_import_errors (import_id, line, "column", reason) VALUES ($1, $2, $3, $4)', [id, error.line, error.column, error.reason]);
      await tx.query('UPDATE csv_imports SET status = $2, finished_at = now() WHERE id = $1', [id, status]);
    });
  }

  /** Reads the rows after the header and applies them, record by record. */
  async function run(id: string, resource: CsvResource<never>, body: Buffer, header: string[], by: string): Promise<void> {
    const parser = Readable.from([body]).pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true }));
    // A spot the parser cannot read (a quote never closed takes the rest of the file with it) is a failed row.
    const unreadable: CsvRowError[] = [];
    parser.on('skip', (error: Error & { lines: number }) => unreadable.push({ line: error.lines, column: null, reason: `cannot be read as CSV: ${error.message}` }));
    let tally = emptyTally();
    const countUnreadable = () => {
      tally.rows += unreadable.length;
      tally.failed += unreadable.length;
      tally.errors.push(...unreadable.splice(0));
    };
    // Complete records waiting for their batch, and the record being read (an order's lines arrive one by one).
    let batch: CsvRow[][] = [];
    let group: CsvRow[] = [];
    let lastLine = 0;
    const closeGroup = () => {
      if (group.length) batch.push(group);
      group = [];
    };
    const applyPending = async () => {
      await applyBatch(id, resource, batch, by, tally, lastLine);
      batch = [];
      tally = emptyTally();
    };
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        // info.lines is where the record ends; it starts as many lines earlier as its cells hold line breaks
        // (the parser counts each CR and LF inside quotes as one).
        const line = info.lines - record.reduce((breaks, cell) => breaks + (cell.match(/[\r\n]/g)?.length ?? 0), 0);
        lastLine = info.lines;
        countUnreadable();
        if (line === 1) continue;
        if (stopping) throw new Error('the service stopped before the import finished');
        tally.rows++;
        if (record.length !== header.length) {
          tally.failed++;
          tally.errors.push({ line, column: null, reason: `has ${record.length} cells; the header has ${header.length}` });
        } else {
          const cells = Object.fromEntries(header.map((name, i) => [name, unguardCell(record[i]!)]));
          if (!resource.groupBy || (group.length && group[0]!.cells[resource.groupBy] !== cells[resource.groupBy])) closeGroup();
          group.push({ line, cells });
        }
        if (tally.rows >= BATCH_ROWS && batch.length) await applyPending();
      }
      countUnreadable();
      closeGroup();
      await applyPending();
      await finish(id, 'done');
    } catch (error) {
      log.error({ err: error, import_id: id }, 'csv import stopped');
      const failure = { line: lastLine + 1, column: null, reason: `the import stopped here: ${(error as Error).message}` };
      await finish(id, 'failed', failure).catch((e: unknown) => log.error({ err: e, import_id: id }, 'csv import could not be marked failed'));
    }
  }

  function toJob(row: JobRow, errors: CsvRowError[]): CsvImportJob {
    return { ...row, errors, created_at: row.created_at.toISOString(), finished_at: row.finished_at?.toISOString() ?? null };
  }

  return {
    /** Checks the header (400 before anything is applied), records the job, applies the rows in the background. */
    async start<Row>(resource: CsvResource<Row>, body: Buffer, by: string): Promise<CsvImportJob> {
      const header = readHeader(body, resource as CsvResource<unknown>);
      const { rows } = await db.query<JobRow>(
        `INSERT INTO csv_imports (resource, created_by) VALUES ($1, $2)
         RETURNING id, resource, status, rows_done, created, updated, unchanged, failed, created_at, finished_at`,
        [resource.name, by],
      );
      const job = rows[0]!;
      const work = run(job.id, resource as CsvResource<never>, body, header, by).finally(() => {
        running.delete(job.id);
        if (running.size) return;
        clearInterval(heartbeat);
        heartbeat = undefined;
      });
      running.set(job.id, work);
      heartbeat ??= setInterval(beat, staleAfterMs / 4).unref();
      return toJob(job, []);
    },

    /** A job of `resource` with every failed row so far, in line order. */
    async get(resource: string, id: string): Promise<CsvImportJob | undefined> {
      await db.query(
        `WITH lost AS (
           UPDATE csv_imports SET status = 'failed', finished_at = now()
            WHERE id = $1 AND status = 'running' AND heartbeat_at < now() - make_interval(secs => $2 / 1000.0)
           RETURNING id, line_done)
         INSERT INTO csv_import_errors (import_id, line, "column", reason)
         SELECT id, line_done + 1, NULL, $3 FROM lost`,
        [id, staleAfterMs, 'the import stopped here: the process applying it ended before it finished (the rows before this line are applied; importing the file again upserts every row)'],
      );
      const { rows } = await db.query<JobRow>(
        'SELECT id, resource, status, rows_done, created, updated, unchanged, failed, created_at, finished_at FROM csv_imports WHERE id = $1 AND resource = $2',
        [id, resource],
      );
      if (!rows[0]) return undefined;
      const errors = await db.query<CsvRowError>('SELECT line, "column", reason FROM csv_import_errors WHERE import_id = $1 ORDER BY line', [id]);
      return toJob(rows[0], errors.rows);
    },

    /** Stops running imports after their current batch (they end `failed`, saying so). */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.allSettled([...running.values()]);
    },
  };
}

export type CsvImports = ReturnType<typeof createCsvImports>;
