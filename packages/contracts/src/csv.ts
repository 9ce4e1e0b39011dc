import { Type, type Static } from '@sinclair/typebox';

export const CSV_IMPORT_STATUSES = ['running', 'done', 'failed'] as const;

/** One row an import could not apply: its line in the file (the header is line 1), the column at fault, why. */
export const CsvRowErrorSchema = Type.Object({
  line: Type.Integer({ minimum: 1 }),
  column: Type.Union([Type.Null(), Type.String()], { description: 'null when the row as a whole failed' }),
  reason: Type.String(),
});

/** A CSV import job: `POST /<resource>/import` answers it (202), `GET /<resource>/imports/:id` reports it. */
export const CsvImportJobSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  resource: Type.String(),
  status: Type.Union(CSV_IMPORT_STATUSES.map((s) => Type.Literal(s)), {
    description: 'running; done once every row was tried; failed when the file could not be read to its end (rows before it stay applied)',
  }),
  rows_done: Type.Integer({ description: 'rows read so far (the header not counted)' }),
  created: Type.Integer({ description: 'records created (for orders: orders)' }),
  updated: Type.Integer({ description: 'records changed' }),
  unchanged: Type.Integer({ description: 'records already as the file has them' }),
  failed: Type.Integer({ description: 'rows that changed nothing because of an error' }),
  errors: Type.Array(CsvRowErrorSchema),
  created_at: Type.String({ format: 'date-time' }),
  finished_at: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]),
});
export type CsvImportJob = Static<typeof CsvImportJobSchema>;
export type CsvRowError = Static<typeof CsvRowErrorSchema>;
