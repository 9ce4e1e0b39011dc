import { Type } from '@sinclair/typebox';
import type { Queryable } from './db.js';
import { AppError } from './errors.js';

/** The setting every service with CSV import reads; spread into its config schema. */
export const CsvImportConfig = {
  CSV_IMPORT_MAX_BYTES: Type.Integer({ minimum: 1, default: 50 * 1024 * 1024, description: 'the largest CSV import body in bytes (50 MB)' }),
};

/** What a cell may hold when exported: null is an empty cell, an object is written as JSON. */
export type CsvCell = string | number | boolean | Date | object | null | undefined;

/** One row of an import: its line in the file (the header is line 1) and its cells by column, as read. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

export type CsvOutcome = 'created' | 'updated' | 'unchanged';

/** A resource that moves in and out as CSV: its columns, its natural key, how a row is written and applied. */
export interface CsvResource<Row = never> {
  /** The plural name in its URL (`products`), also the jobs' `resource`. */
  name: string;
  /** Every column, in export order; an import may give any of them, in any order. */
  columns: readonly string[];
  /** The natural key: an import must have this column; rows upsert by it. */
  key: string;
  /** Consecutive rows with the same value in this column are one record (an order's lines), applied together. */
  groupBy?: string;
  /** One row of the export query as its cells, in `columns` order. */
  cells(row: Row): CsvCell[];
  /**
   * Applies one record (one row, or a group) inside its own savepoint: anything it throws undoes what
   * it wrote. Throw `csvRowError` (or an AppError with fields named after columns) to say what is wrong.
   * `by` is the id of the admin who sent the file.
   */
  apply(tx: Queryable, rows: CsvRow[], by: string): Promise<CsvOutcome>;
}

// Spreadsheets run a cell starting with one of these as a formula. A leading `'` makes it text; cells that
// already start with `'`s before one get one more, so reading back removes exactly what writing added.
const FORMULA = /^'*[=+\-@]/;
const GUARDED = /^'+[=+\-@]/;

/** A text cell as exported: guarded against spreadsheet formula injection. */
export function guardCell(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

/** A cell as imported: the guard an export added, taken off. */
export function unguardCell(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}

/**
 * A failure of one imported row, naming its column (and its line, for a record of several rows).
 * @example throw csvRowError('price', 'must be a number')
 */
export function csvRowError(column: string | null, reason: string, line?: number): AppError {
  return new AppError('validation', reason, { fields: column === null ? undefined : [{ field: column, message: reason }], extensions: { line } });
}

/** Cell readers for `apply`: an empty cell is absent (undefined), a value that is not the type stays as text for the schema to refuse. */
export const csvValue = {
  text: (cell: string | undefined) => cell,
  number: (cell: string | undefined) => (cell === undefined || cell === '' ? undefined : Number.isNaN(Number(cell)) ? cell : Number(cell)),
  boolean: (cell: string | undefined) => (cell === 'true' ? true : cell === 'false' ? false : cell === '' ? undefined : cell),
  /** null for an empty cell: a column that may be cleared (an image URL). */
  nullable: (cell: string | undefined) => (cell === undefined ? undefined : cell === '' ? null : cell),
  json(cell: string | undefined, column: string): unknown {
    if (cell === undefined || cell === '') return undefined;
    try {
      return JSON.parse(cell);
    } catch {
      throw csvRowError(column, 'is not valid JSON');
    }
  },
};
