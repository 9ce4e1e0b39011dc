import { Type, type Static, type TObject } from '@sinclair/typebox';
import { CsvImportJobSchema, IdParamsSchema } from '@storefleet/contracts';
import type { CsvResource } from './csv.js';
import { sendCsvExport } from './csv-export.js';
import type { CsvImports } from './csv-imports.js';
import type { Db } from './db.js';
import { AppError } from './errors.js';
import { problems } from './problems.js';
import type { App } from './service.js';

/**
 * The three CSV routes of a resource, on a scope that already demands an admin: `GET <path>/export` (the
 * list endpoint's filters, as `exportQuery` turns them into SQL), `POST <path>/import` (a `text/csv` body up
 * to `maxBytes`; 202 with the job) and `GET <path>/imports/:id`.
 * @example csvRoutes(scope, { db, imports, resource: productsCsv, path: '/products', tag: 'products', maxBytes, filters: ProductListQuerySchema, exportQuery })
 */
export function csvRoutes<Q extends TObject, Row>(
  app: App,
  options: {
    db: Db;
    imports: CsvImports;
    resource: CsvResource<Row>;
    path: string;
    tag: string;
    maxBytes: number;
    filters: Q;
    exportQuery(filters: Static<Q>): { text: string; values: unknown[] };
  },
): void {
  const { db, imports, resource, path, tag, maxBytes } = options;
  const security = [{ bearer: [] }];
  const name = resource.name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
  app.addHook('onClose', () => imports.stop());
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));

  app.get(
    `${path}/export`,
    {
      schema: {
        tags: [tag],
        operationId: `export${name}`,
        summary: `Export ${resource.name} as CSV (admin), streamed; the list's filters apply. Columns: ${resource.columns.join(', ')}`,
        security,
        querystring: options.filters,
        response: { 200: { description: 'RFC 4180 CSV, UTF-8, with a header row', content: { 'text/csv': { schema: Type.String() } } }, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => sendCsvExport(reply, db, resource, options.exportQuery(request.query as Static<Q>)),
  );

  app.post(
    `${path}/import`,
    {
      bodyLimit: maxBytes,
      schema: {
        tags: [tag],
        operationId: `import${name}`,
        summary: `Import ${resource.name} from a text/csv body (admin): rows upsert by ${resource.key}; answers the job`,
        security,
        response: { 202: CsvImportJobSchema, ...problems(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type', 'Send the CSV as the body with content-type text/csv');
      return reply.code(202).send(await imports.start(resource, request.body, request.user!.id));
    },
  );

  app.get(
    `${path}/imports/:id`,
    {
      schema: {
        tags: [tag],
        operationId: `get${name}Import`,
        summary: `Progress of a ${resource.name} CSV import (admin) and, per failed row, its line, column and reason`,
        security,
        params: IdParamsSchema,
        response: { 200: CsvImportJobSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const job = await imports.get(resource.name, request.params.id);
      if (!job) throw new AppError('not_found', `There is no ${resource.name} import ${request.params.id}`);
      return job;
    },
  );
}
