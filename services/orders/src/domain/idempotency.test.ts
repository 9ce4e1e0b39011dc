import { describe, expect, it } from 'vitest';
import { canonicalJson, idempotencyScope, requestHash } from './idempotency.js';

describe('request hash', () => {
  it('is the same for the same body whatever the key order', () => {
    const a = { items: [{ sku: 'A', quantity: 1 }], payment: { card_number: '4242424242424242' }, email: 'x@example.com' };
    const b = { email: 'x@example.com', payment: { card_number: '4242424242424242' }, items: [{ quantity: 1, sku: 'A' }] };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestHash(a)).toBe(requestHash(b));
  });

  it('differs when anything in the body differs, including array order', () => {
    const base = { items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }] };
    expect(requestHash(base)).not.toBe(requestHash({ items: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 2 }] }));
    expect(requestHash(base)).not.toBe(requestHash({ items: [{ sku: 'B', quantity: 2 }, { sku: 'A', quantity: 1 }] }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: '1' }));
  });

  it('ignores undefined members', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

describe('idempotency scope', () => {
  it('separates users, guest carts and guest emails', () => {
    expect(idempotencyScope({ id: 'u1', role: 'customer' }, { cartId: 'c1' })).toBe('user:u1');
    expect(idempotencyScope(undefined, { cartId: 'c1', email: 'a@b.c' })).toBe('cart:c1');
    expect(idempotencyScope(undefined, { email: ' A@B.c ' })).toBe('guest:a@b.c');
  });
});
