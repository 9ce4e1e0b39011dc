import { createHash } from 'node:crypto';
import { AppError, type AuthUser } from '@storefleet/kit';

/** JSON with object keys sorted at every level, so equal bodies give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 of the canonical JSON of what identifies a request (its body and the cart it checks out). */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/**
 * Whose key space an Idempotency-Key lives in: a signed-in user's, or a guest's (their cart, else their email),
 * so two callers choosing the same key never see each other's result.
 */
export function idempotencyScope(user: AuthUser | undefined, guest: { cartId?: string; email?: string }): string {
  if (user) return `user:${user.id}`;
  if (guest.cartId) return `cart:${guest.cartId}`;
  return `guest:${(guest.email ?? '').trim().toLowerCase()}`;
}

export function keyReusedWithAnotherBody(): AppError {
  return new AppError('unprocessable', 'This Idempotency-Key was already used with another request body; use a new key for a new order', {
    fields: [{ field: 'idempotency-key', message: 'was used with another body' }],
    extensions: { code: 'idempotency_key_reused' },
  });
}

export function keyStillRunning(orderId: string | null): AppError {
  return new AppError('conflict', 'A request with this Idempotency-Key is still being processed; retry in a moment', {
    extensions: { code: 'idempotency_key_in_use', ...(orderId ? { order_id: orderId } : {}) },
  });
}
