import { hash } from 'node:crypto';
import type { ProductJson } from '../domain/product.js';

/**
 * A response body held by the response cache, without availability: the JSON text split where each
 * product's `available` and `in_stock` go (`parts`, one more than `skus`), so the availability read
 * model is merged in when answering and a sale never invalidates the body. `tag` identifies the text.
 */
export interface CachedBody {
  parts: string[];
  skus: string[];
  tag: string;
  /** Approximate size in memory, for the cache's byte bound. */
  bytes: number;
}

/** A product as cached: every field but its availability. */
export interface ProductText {
  sku: string;
  [field: string]: unknown;
}

function cachedBody(parts: string[], skus: string[]): CachedBody {
  const bytes = parts.reduce((sum, part) => sum + part.length * 2, 0) + skus.reduce((sum, sku) => sum + sku.length * 2, 0);
  // The parts joined by a character JSON text never holds raw, so different splits never hash alike.
  return { parts, skus, tag: hash('sha256', parts.join('\x1e'), 'base64url').slice(0, 22), bytes };
}

/** One product (its JSON object without availability, which goes first when answering). */
export function productBody(product: ProductText): CachedBody {
  return cachedBody(['', JSON.stringify(product).slice(1)], [product.sku]);
}

/** A list whose `items` are products; the other fields (total, cursor, facets) follow them. */
export function listBody({ items, ...rest }: { items: ProductJson[] } & Record<string, unknown>): CachedBody {
  const tail = JSON.stringify(rest).slice(1);
  const parts = ['{"items":['];
  items.forEach((item, i) => parts.push(item.json.slice(1) + (i + 1 < items.length ? ',' : '')));
  parts[parts.length - 1] += `]${tail === '}' ? '' : ','}${tail}`;
  return cachedBody(parts, items.map((item) => item.sku));
}

/** A body without products (the categories). */
export function plainBody(value: unknown): CachedBody {
  return cachedBody([JSON.stringify(value)], []);
}

/** The JSON text of `body` with each product's availability (`levels`, in the order of `body.skus`). */
export function renderBody(body: CachedBody, levels: number[]): string {
  let text = body.parts[0]!;
  for (let i = 0; i < body.skus.length; i++) text += `{"available":${levels[i]},"in_stock":${levels[i]! > 0},${body.parts[i + 1]}`;
  return text;
}

/** 32-bit FNV-1a of a short string, in base 36. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/**
 * The ETag of `body` as answered with `levels`: the body's tag, and for products a digest of their
 * availability, so a sale changes the ETag (no stale 304) while the body stays cached, and a 304 needs
 * only the levels, not the text.
 */
export function etagOf(body: CachedBody, levels: number[]): string {
  return body.skus.length ? `"${body.tag}.${fnv1a(levels.join(','))}"` : `"${body.tag}"`;
}
