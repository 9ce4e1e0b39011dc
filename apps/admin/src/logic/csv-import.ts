import type { CsvImportJob } from '@storefleet/contracts';

/** The resources the API moves in and out as CSV, each at /api/<resource>/export and /import. */
export type CsvResource = 'products' | 'inventory' | 'orders' | 'users';

/**
 * The rows a CSV file holds (its lines, the header and a final line end not counted), for the progress bar's
 * length: a cell with a line break in it makes this a little high, so the bar is capped by the job's own count.
 */
export function rowsIn(text: string): number {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  return Math.max(lines.length - 1, 0);
}

/** How far the job is, 0 to 1: done is 1, whatever the estimate said. */
export function progressOf(job: Pick<CsvImportJob, 'status' | 'rows_done'>, rows: number): number {
  if (job.status !== 'running') return 1;
  return rows > 0 ? Math.min(job.rows_done / rows, 1) : 0;
}

/** The name a download is saved under: the server's (Content-Disposition), else `<resource>-<date>.csv`. */
export function downloadName(disposition: string | null, resource: CsvResource, today = new Date()): string {
  const named = disposition?.match(/filename="?([^";]+)"?/i)?.[1];
  return named ?? `${resource}-${today.toISOString().slice(0, 10)}.csv`;
}
