import { describe, expect, it } from 'vitest';
import { downloadName, progressOf, rowsIn } from './csv-import.js';

describe('CSV import progress and export names', () => {
  it('counts the rows under the header, with or without a final line end, CRLF or LF', () => {
    expect(rowsIn('sku,name\r\nA,a\r\nB,b\r\n')).toBe(2);
    expect(rowsIn('sku,name\nA,a\nB,b')).toBe(2);
    expect(rowsIn('sku,name\n')).toBe(0);
  });

  it('shows a running job\'s share of the rows, never more than all, and a finished one as complete', () => {
    expect(progressOf({ status: 'running', rows_done: 5 }, 20)).toBe(0.25);
    expect(progressOf({ status: 'running', rows_done: 30 }, 20)).toBe(1);
    expect(progressOf({ status: 'done', rows_done: 3 }, 20)).toBe(1);
  });

  it('saves a download under the server\'s name, else one made from the resource and the day', () => {
    expect(downloadName('attachment; filename="products-2026-12-07.csv"', 'products')).toBe('products-2026-12-07.csv');
    expect(downloadName(null, 'users', new Date('2026-12-07T10:00:00Z'))).toBe('users-2026-12-07.csv');
  });
});
