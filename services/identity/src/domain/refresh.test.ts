import { describe, expect, it } from 'vitest';
import { decideRefresh, revokesFamily, type RefreshTokenState } from './refresh.js';

const now = new Date('2025-01-01T12:00:00Z');
const fresh: RefreshTokenState = { expires_at: new Date('2025-01-02T00:00:00Z'), rotated_at: null, family_revoked_at: null, user_active: true };

describe('refresh decisions', () => {
  it('rotates a live, unused token of an active user', () => {
    expect(decideRefresh(fresh, now)).toBe('rotate');
  });

  it('treats a token already exchanged as reuse, which ends the family', () => {
    const decision = decideRefresh({ ...fresh, rotated_at: new Date('2025-01-01T11:00:00Z') }, now);
    expect(decision).toBe('reused');
    expect(revokesFamily(decision)).toBe(true);
  });

  it('refuses unknown, revoked and expired tokens without further revocation', () => {
    expect(decideRefresh(undefined, now)).toBe('unknown');
    expect(decideRefresh({ ...fresh, family_revoked_at: now, rotated_at: now }, now)).toBe('revoked');
    expect(decideRefresh({ ...fresh, expires_at: now }, now)).toBe('expired');
    for (const d of ['unknown', 'revoked', 'expired'] as const) expect(revokesFamily(d)).toBe(false);
  });

  it('ends the sessions of a deactivated user', () => {
    expect(decideRefresh({ ...fresh, user_active: false }, now)).toBe('inactive');
    expect(revokesFamily('inactive')).toBe(true);
  });
});
