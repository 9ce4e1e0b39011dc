/** What the server knows about a presented refresh token. */
export interface RefreshTokenState {
  expires_at: Date;
  rotated_at: Date | null;
  family_revoked_at: Date | null;
  user_active: boolean;
}

/**
 * What to do with a presented refresh token. `reused` means a token already exchanged came back:
 * someone holds a copy, so the whole family (every token of that sign-in) must be revoked.
 */
export type RefreshDecision = 'rotate' | 'unknown' | 'revoked' | 'reused' | 'expired' | 'inactive';

export function decideRefresh(state: RefreshTokenState | undefined, now: Date): RefreshDecision {
  if (!state) return 'unknown';
  if (state.family_revoked_at) return 'revoked';
  if (state.rotated_at) return 'reused';
  if (state.expires_at.getTime() <= now.getTime()) return 'expired';
  if (!state.user_active) return 'inactive';
  return 'rotate';
}

/** Decisions after which the family must not be used again. */
export function revokesFamily(decision: RefreshDecision): boolean {
  return decision === 'reused' || decision === 'inactive';
}
