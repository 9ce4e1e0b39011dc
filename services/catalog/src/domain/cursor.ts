import { AppError } from '@storefleet/kit';
import { PRODUCT_SORTS, type ProductSort } from '@storefleet/contracts';

/** Where the previous page ended: the sort key of its last product, then that product's id. */
export type CursorKey = [value: number | string, id: string];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMERIC_SORTS: readonly ProductSort[] = ['relevance', 'price_asc', 'price_desc'];

function invalid(message: string): AppError {
  return new AppError('validation', `The cursor is not usable: ${message}`, { fields: [{ field: 'cursor', message }] });
}

/** An opaque token for keyset pagination; it names its sort so it cannot be replayed on another. */
export function encodeCursor(sort: ProductSort, key: CursorKey): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key }), 'utf8').toString('base64url');
}

/** Reads a cursor made by `encodeCursor` for `sort`; anything else is a validation error naming `cursor`. */
export function decodeCursor(raw: string, sort: ProductSort): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it is not a cursor returned as next_cursor');
  }
  const { s, k } = (parsed ?? {}) as { s?: unknown; k?: unknown };
  if (typeof s !== 'string' || !(PRODUCT_SORTS as readonly string[]).includes(s) || !Array.isArray(k) || k.length !== 2) {
    throw invalid('it is not a cursor returned as next_cursor');
  }
  if (s !== sort) throw invalid(`it was made for sort=${s}, not sort=${sort}`);
  const [value, id] = k as unknown[];
  const valueType = NUMERIC_SORTS.includes(sort) ? 'number' : 'string';
  if (typeof value !== valueType || (typeof value === 'number' && !Number.isFinite(value)) || typeof id !== 'string' || !UUID.test(id)) {
    throw invalid('it is not a cursor returned as next_cursor');
  }
  return [value as number | string, id];
}
