import { pipeline, Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import QueryStream from 'pg-query-stream';
import type { FastifyReply } from 'fastify';
import { guardCell, type CsvCell, type CsvResource } from './csv.js';
import type { Db } from './db.js';

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return guardCell(JSON.stringify(value));
  if (typeof value === 'string') return guardCell(value);
  return String(value);
}

/**
 * Streams the rows of `query` as a CSV answer (RFC 4180: CRLF, quoted where needed; UTF-8; a header row)
 * through a database cursor, so a table of any size never sits in memory: rows are read 500 at a time,
 * as fast as the client takes them.
 * @example return sendCsvExport(reply, db, productsCsv, { text: 'SELECT * FROM products ORDER BY sku', values: [] })
 */
export async function sendCsvExport<Row>(reply: FastifyReply, db: Db, resource: CsvResource<Row>, query: { text: string; values: unknown[] }): Promise<FastifyReply> {
  const client = await db.pool.connect();
  const rows = client.query(new QueryStream(query.text, query.values, { batchSize: 500 }));
  const toCells = new Transform({
    objectMode: true,
    transform(row: Row, _encoding, done) {
      done(null, resource.cells(row).map(cellText));
    },
  });
  const csv = stringify({ header: true, columns: [...resource.columns], record_delimiter: 'windows' });
  // Whether it ends, fails or the client goes away, the connection goes back (dropped if it failed mid-query).
  pipeline(rows, toCells, csv, (error) => client.release(error ?? undefined));
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${resource.name}.csv"`).send(csv);
}
